import path from 'node:path'
import { compileTree } from '../node/compile-tree.js'
import { findLuaFiles } from '../host/find-lua-files.js'
import { throwOnErrors, toScript } from './load-script.js'
import type { LoadedScript, LoadOptions } from './load-script.js'

/**
 * Loads every `.lua` script under a directory, recursively, keyed by its path from there without
 * `.lua` (`users/create`), like redis-lua's `load_all_scripts` (but only `.lua` files).
 * Other files (`foo.d.lua.ts`, docs), `node_modules` and dot-folders are skipped. A file that other
 * files include and that does not compile on its own (it reads a name its includer declares) is a
 * library, not a script: it is left out, and checked where it is included.
 */
export function loadAllScripts(dir: string, options: LoadOptions = {}): Record<string, LoadedScript> {
  const tree = compileTree(findLuaFiles([dir]), { ...options, root: options.root ?? dir })
  throwOnErrors(tree.scripts)
  const base = path.resolve(dir)
  return Object.fromEntries(
    tree.scripts.map(result => {
      const name = path
        .relative(base, result.dependencies[0])
        .replace(/\\/g, '/')
        .replace(/\.lua$/, '')
      return [name, toScript(result, options)]
    }),
  )
}
