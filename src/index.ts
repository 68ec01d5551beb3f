import path from 'node:path'
import { createUnplugin } from 'unplugin'
import type { UnpluginFactory, UnpluginInstance } from 'unplugin'
import { resolveOptions } from './plugin/options.js'
import { fsHost } from './host/fs-host.js'
import { Dependents } from './plugin/dependents.js'
import { FileCache } from './plugin/file-cache.js'
import { hotUpdate } from './plugin/hot-update.js'
import { loadLuaModule } from './plugin/load-lua-module.js'
import type { Options } from './plugin/options.js'

export { compile } from './core/index.js'
export type { CompileResult, Diagnostic } from './core/index.js'
export type { FilterPattern, LintRules, Options, RuleLevel } from './plugin/options.js'

const PACKAGE_NAME = 'unplugin-redis-lua'

// `foo.lua?raw`, `?url` and friends are the bundler's own business (Vite's `json` plugin skips them too).
const QUERY_RE = /\?/

/** The plugin factory behind every bundler entry: compiles `.lua` imports into typed script modules. */
export const unpluginFactory: UnpluginFactory<Options | undefined, false> = (rawOptions, meta) => {
  const options = resolveOptions(rawOptions)
  const dependents = new Dependents()
  const files = new FileCache(fsHost)
  let bundlerRoot: string | undefined
  let serving = false
  const root = () => path.resolve(bundlerRoot ?? process.cwd(), options.root ?? '.').replace(/\\/g, '/')
  const setRoot = (dir: string | undefined) => {
    bundlerRoot = dir
  }
  return {
    name: 'unplugin-redis-lua',
    buildStart: () => files.clear(),
    buildEnd: () => files.clear(),
    watchChange: (id, change) => files.changed(id, change.event),
    load: {
      filter: { id: { include: toFilter(options.include), exclude: toFilter(options.exclude) } },
      handler(id) {
        if (QUERY_RE.test(id)) return null
        const target = { root: root(), framework: meta.framework, framesApart: serving }
        return loadLuaModule(this, id, { options, host: files.host, session: files.session, target, dependents })
      },
    },
    esbuild: {
      onLoadFilter: options.include instanceof RegExp ? options.include : /.*/,
      config: build => setRoot(build.absWorkingDir),
    },
    vite: {
      configResolved(config) {
        setRoot(config.root)
        serving = config.command === 'serve'
      },
      hotUpdate: hotUpdate(dependents),
      // A server build bundles the runtime its scripts import, so a deploy needs only its Redis client.
      configEnvironment(name, config, env) {
        const consumer = config.consumer ?? (name === 'client' ? 'client' : 'server')
        if (env.command === 'build' && consumer === 'server') return { resolve: { noExternal: [PACKAGE_NAME] } }
      },
    },
    rolldown: { options: input => setRoot(input.cwd) },
    webpack: compiler => setRoot(compiler.context),
    rspack: compiler => setRoot(compiler.context),
    farm: { configResolved: config => setRoot(config.root) },
  }
}

function toFilter<T>(pattern: T | readonly T[] | undefined): T | T[] | undefined {
  return Array.isArray(pattern) ? [...pattern] : (pattern as T | undefined)
}

/** The unplugin instance: `.vite()`, `.rollup()`, `.webpack()`, ... each return `redisLua(options?)` for that bundler. */
const unplugin: UnpluginInstance<Options | undefined, false> = createUnplugin(unpluginFactory)

export default unplugin
