import { readFileSync, realpathSync } from 'node:fs'
import type { CompileHost } from '../core/types.js'

/** The compiler's file access on the real file system: a missing file or a directory reads as absent. */
export const fsHost: CompileHost = {
  readFile(file) {
    try {
      return readFileSync(file, 'utf8')
    }
    catch (error) {
      if (isMissing(error)) return undefined
      throw error
    }
  },
  realpath(file) {
    try {
      return realpathSync(file)
    }
    catch {
      return file
    }
  },
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR'
}
