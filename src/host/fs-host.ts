import { readFileSync, realpathSync } from 'node:fs'
import type { CompileHost } from '../core/index.js'
import { decodeUtf8 } from '../core/index.js'

/**
 * The compiler's file access on the real file system: a missing file or a directory reads as absent.
 * Bytes are decoded strictly: a file that is not UTF-8 throws `InvalidUtf8Error`, which the compiler
 * reports at the first bad byte instead of sending Redis a script with U+FFFD in it.
 */
export const fsHost: CompileHost = {
  readFile(file) {
    try {
      return decodeUtf8(readFileSync(file), file)
    } catch (error) {
      if (isMissing(error)) return undefined
      throw error
    }
  },
  realpath(file) {
    try {
      return realpathSync(file)
    } catch {
      return file
    }
  },
}

/**
 * Errors that mean "no file there". A symlink loop, an over-long name or a NUL byte in the path
 * (all reachable from an `%include` line) name no readable file: a diagnostic, not a crash.
 */
const MISSING = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'ERR_INVALID_ARG_VALUE'])

function isMissing(error: unknown): boolean {
  return MISSING.has((error as NodeJS.ErrnoException).code ?? '')
}
