import { isInside } from '../core/resolve.js'
import type { CompilerOptions } from '../node/compile-file.js'
import { compileTree } from '../node/compile-tree.js'
import type { CompiledTree } from '../node/compile-tree.js'
import { findLuaFiles } from '../node/find-lua-files.js'
import { UsageError } from './usage-error.js'

/**
 * Finds the `.lua` files under `paths` (leaving out those under `skip`) and compiles them; a missing
 * path or no script at all is a usage error.
 */
export function collect(command: string, paths: string[], options: CompilerOptions, skip?: string): CompiledTree {
  const files = find(command, paths).filter(file => !skip || !isInside(skip, file))
  if (!files.length) throw new UsageError(`no .lua files in ${paths.join(', ')}`, command)
  return compileTree(files, options)
}

function find(command: string, paths: string[]): string[] {
  try {
    return findLuaFiles(paths)
  }
  catch (error) {
    const { code, path } = error as NodeJS.ErrnoException
    if (code === 'ENOENT') throw new UsageError(`no such file or directory: ${path}`, command)
    throw error
  }
}
