import { register } from 'node:module'
import path from 'node:path'
import type { CompilerOptions } from './compile-file.js'
import { registerLuaRequire } from './require-lua.js'

/** What the hooks thread gets: the compile options with the root settled. */
export interface HooksData extends CompilerOptions {
  root: string
}

/**
 * Makes `import script from './foo.lua'` (and `require('./foo.lua')`, whose `.default` is the script)
 * work in plain Node, with the same compile and the same module as the bundler plugin. `unplugin-redis-lua/register` calls it; call it yourself (before
 * importing any `.lua` file) to pass options.
 *
 * The root (include boundary, and what `script.name` is the path from) is `options.root`, else the
 * `REDIS_LUA_ROOT` environment variable, else the working directory.
 */
export function registerLuaImports(options: CompilerOptions = {}): void {
  const root = path.resolve(options.root ?? process.env.REDIS_LUA_ROOT ?? '.')
  const data = { ...options, root }
  // From `dist/node/` and from the CommonJS build in `dist/cjs/` alike.
  register<HooksData>(new URL('../node/register-hooks.js', import.meta.url), { data })
  registerLuaRequire(data)
}
