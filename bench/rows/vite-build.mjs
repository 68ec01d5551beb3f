// Row 7: Vite build. An app importing every entry script of the corpus (500), built with the plugin,
// against the same app importing the same files with `?raw` (plain text, no plugin). Both are SSR
// builds (a service that runs scripts on Redis), not written to disk, interleaved in one process.
// `?raw` does not expand includes, so a second baseline imports each script's rendered text (what
// compile() returns as `lua`, written beforehand) with `?raw`: the bytes the plugin must emit anyway.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { generateCorpus } from '../corpus.mjs'
import { atMost, costRatio, DIST_DIR, fmt, fromDist, interleave, median, settle, size } from '../lib.mjs'

export const id = 'vite-build'
export const title = 'Vite build'

/**
 * Writes `main.js` (plugin) and `main-raw.js` (`?raw`) into the corpus, and with `rendered` (entry
 * path -> rendered Lua) `rendered/<entry>` files and `main-rendered.js` importing them with `?raw`;
 * returns the app names.
 */
export function writeApp(corpus, rendered = new Map()) {
  const imports = (query, dir = '') => corpus.entries.map((entry, i) => `import s${i} from './${dir}${entry}${query}'`)
  const list = `export default [${corpus.entries.map((_, i) => `s${i}`).join(', ')}]`
  writeFileSync(path.join(corpus.root, 'main.js'), [...imports(''), list, ''].join('\n'))
  writeFileSync(path.join(corpus.root, 'main-raw.js'), [...imports('?raw'), list, ''].join('\n'))
  for (const [entry, lua] of rendered) {
    const file = path.join(corpus.root, 'rendered', entry)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, lua)
  }
  writeFileSync(path.join(corpus.root, 'main-rendered.js'), [...imports('?raw', 'rendered/'), list, ''].join('\n'))
  return { plugin: 'main.js', raw: 'main-raw.js', rendered: 'main-rendered.js' }
}

export async function run() {
  const entries = size(500, 100)
  const rounds = size(7, 2)
  const { build, version } = await import('vite')
  const redisLua = (await fromDist('vite.js')).default
  const corpus = generateCorpus(entries)
  const { compile, generateModule } = await fromDist('core/index.js')
  const { fsHost } = await fromDist('host/fs-host.js')
  const { FileCache } = await fromDist('plugin/file-cache.js')
  const { createLuaCompiler } = await fromDist('core/lua-compiler.js')
  const files = corpus.entries.map(entry => path.join(corpus.root, entry))
  const compiled = files.map(file => compile(file, { ...fsHost, root: corpus.root }))
  const app = writeApp(corpus, new Map(corpus.entries.map((entry, i) => [entry, compiled[i].lua])))
  /** @returns {import('vite').InlineConfig} */
  const config = (input, plugins) => ({
    root: corpus.root,
    configFile: false,
    envFile: false,
    logLevel: 'silent',
    plugins,
    // The package is not installed under its own name here: point the generated imports at the build.
    resolve: { alias: { 'unplugin-redis-lua/runtime': path.join(DIST_DIR, 'runtime/index.js') } },
    build: { ssr: input, write: false, minify: false, reportCompressedSize: false },
  })
  const sizes = {}
  const variant = (name, input, plugins) => async () => {
    const output = await build(config(input, plugins()))
    const chunks = (Array.isArray(output) ? output : [output]).flatMap(o => ('output' in o ? o.output : []))
    sizes[name] = chunks.reduce((sum, chunk) => sum + ('code' in chunk ? chunk.code.length : 0), 0)
  }
  // The modules the plugin generates, made beforehand: bundling them alone is the build's share.
  const generated = new Map(files.map((file, i) => [file, generateModule(compiled[i])]))
  const prebuilt = { name: 'bench-prebuilt-modules', load: id => generated.get(id) ?? null }
  const times = await interleave(
    {
      plugin: variant('plugin', app.plugin, () => [redisLua()]),
      raw: variant('raw', app.raw, () => []),
      rendered: variant('rendered', app.rendered, () => []),
      modules: variant('modules', app.plugin, () => [prebuilt]),
      // What the plugin's load hooks do besides handing modules to Vite: compile each script from disk,
      // through one file cache and compile session for the build as the plugin does.
      compile: () => {
        const cache = new FileCache(fsHost)
        for (const file of files) compile(file, { ...cache.host, root: corpus.root, session: cache.session })
      },
      // The least any build that has Lua judge each script can do: Lua 5.1.5's compiler alone on the
      // rendered texts, one instance for the build.
      lua: () => {
        const lua51 = createLuaCompiler()
        for (const { lua } of compiled) lua51.check(lua, { chunkname: '@user_script', nestedLongBrackets: true })
      },
    },
    { rounds, warmup: 1, between: settle },
  )
  const ratio = costRatio(times.plugin, times.raw)
  const compileShare = median(times.compile.map((ms, i) => ms / times.plugin[i]))
  const moduleBytes = [...generated.values()].reduce((sum, code) => sum + code.length, 0)
  return {
    lines: [
      {
        measure: `vite build of an app importing ${fmt.int(entries)} scripts, plugin vs ?raw`,
        baseline: fmt.ms(median(times.raw)),
        subject: fmt.ms(median(times.plugin)),
        ...atMost(ratio, 1.5),
      },
      {
        measure: `the same, vs ?raw imports of each script's rendered text (includes expanded, ${fmt.mb(sizes.rendered)} output)`,
        baseline: fmt.ms(median(times.rendered)),
        subject: fmt.ms(median(times.plugin)),
        ...atMost(costRatio(times.plugin, times.rendered), 1.3),
      },
      {
        measure: `compile() alone from disk (one file cache, as the plugin), vs the ?raw build (${(compileShare * 100).toFixed(0)}% of the plugin build)`,
        baseline: fmt.ms(median(times.raw)),
        subject: fmt.ms(median(times.compile)),
        ratio: costRatio(times.compile, times.raw),
        goal: '(reported)',
        met: null,
      },
      {
        measure: `Lua 5.1.5's compiler alone on the rendered texts (one instance), vs the ?raw build of those texts: the part of 7b no plugin that judges with Lua can avoid`,
        baseline: fmt.ms(median(times.rendered)),
        subject: fmt.ms(median(times.lua)),
        ratio: costRatio(times.lua, times.rendered),
        goal: '(reported)',
        met: null,
      },
      {
        measure: `building the generated modules alone (${fmt.mb(moduleBytes)}, made beforehand), vs the ?raw build`,
        baseline: fmt.ms(median(times.raw)),
        subject: fmt.ms(median(times.modules)),
        ratio: costRatio(times.modules, times.raw),
        goal: '(reported)',
        met: null,
      },
    ],
    notes: [
      `vite build: Vite ${version}, SSR build, write: false, minify: false, default plugin options (sidecars written once, then left alone); output ${fmt.mb(sizes.plugin)} with the plugin (rendered scripts with includes, line maps) vs ${fmt.mb(sizes.raw)} raw; median of ${rounds} interleaved rounds after a warm-up round`,
    ],
  }
}
