import { isInside } from '../core/index.js'
import type { CompilerOptions } from '../node/compile-file.js'
import { compileTree } from '../node/compile-tree.js'
import type { CompiledTree } from '../node/compile-tree.js'
import { findLuaTree } from '../host/find-lua-files.js'
import type { LuaTree } from '../host/find-lua-files.js'
import { UsageError } from './usage-error.js'

/** What {@link collect} found and compiled. */
export interface Collected extends CompiledTree {
  /** Every `foo.d.lua.ts` file found on the way, whether or not its `foo.lua` is there. */
  sidecars: string[]
}

/** Which files {@link collect} keeps. */
export interface CollectOptions {
  /** Leave out the files under this folder. */
  skip?: string
  /** Sidecars alone are something to work on (a tree whose last script was deleted). */
  sidecarsCount?: boolean
}

/**
 * Finds the `.lua` files and sidecars under `paths` and compiles the scripts; a missing path, or
 * nothing to work on, is a usage error.
 */
export function collect(
  command: string,
  paths: string[],
  options: CompilerOptions,
  keep: CollectOptions = {},
): Collected {
  const kept = (file: string) => !keep.skip || !isInside(keep.skip, file)
  const found = find(command, paths)
  const files = found.lua.filter(kept)
  const sidecars = found.sidecars.filter(kept)
  if (!files.length && !(keep.sidecarsCount && sidecars.length))
    throw new UsageError(`no .lua files in ${paths.join(', ')}`, command)
  return { ...compileTree(files, options), sidecars }
}

function find(command: string, paths: string[]): LuaTree {
  try {
    return findLuaTree(paths)
  } catch (error) {
    const { code, path } = error as NodeJS.ErrnoException
    if (code === 'ENOENT') throw new UsageError(`no such file or directory: ${path}`, command)
    throw error
  }
}
