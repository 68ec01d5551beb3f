import { LINE_BREAK_RE } from './source-file.js'
import type { FileProblem } from './source-file.js'

/**
 * A file whose bytes are not UTF-8. A lenient decoder would turn them into U+FFFD and Redis would run
 * (and hash) a script the user never wrote, so a host throws this and the compiler reports the place.
 */
export class InvalidUtf8Error extends Error {
  readonly code = 'invalid-utf8'

  constructor(
    readonly file: string,
    /** Where the first bad byte is: 1-based line, 0-based column, as every diagnostic. */
    readonly problem: FileProblem,
    /** The text with bad bytes replaced, so the rest of the file can still be checked. */
    readonly text: string,
  ) {
    super(`${file}:${problem.line}:${problem.column + 1}: ${problem.message}`)
    this.name = 'InvalidUtf8Error'
  }
}

/** Duck-typed, so a host bundled with its own copy of this module is still understood. */
export function isInvalidUtf8(error: unknown): error is InvalidUtf8Error {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === 'invalid-utf8' &&
    'problem' in error &&
    'text' in error
  )
}

// `ignoreBOM` keeps a byte-order mark as text: what Redis receives is exactly what the file holds.
const strict = () => new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The UTF-8 text of a file's bytes; throws {@link InvalidUtf8Error} at the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return strict().decode(bytes)
  } catch {
    throw invalidUtf8(bytes, file)
  }
}

function invalidUtf8(bytes: Uint8Array, file: string): InvalidUtf8Error {
  const valid = validPrefix(bytes)
  const offset = new TextEncoder().encode(valid).length
  const lines = valid.split(LINE_BREAK_RE)
  const byte =
    offset < bytes.length ? `byte 0x${bytes[offset].toString(16).padStart(2, '0')}` : 'a truncated sequence at the end'
  const message = `invalid UTF-8 (${byte} at offset ${offset}): save the file as UTF-8, or Redis would run different text`
  const problem: FileProblem = { code: 'invalid-utf8', message, line: lines.length, column: lines.at(-1)!.length }
  return new InvalidUtf8Error(file, problem, new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes))
}

/** The complete characters before the first bad sequence: the longest prefix a streaming decode accepts. */
function validPrefix(bytes: Uint8Array): string {
  let ok = 0
  let bad = bytes.length + 1
  while (bad - ok > 1) {
    const mid = (ok + bad) >>> 1
    if (streams(bytes.subarray(0, mid))) ok = mid
    else bad = mid
  }
  return strict().decode(bytes.subarray(0, ok), { stream: true })
}

function streams(bytes: Uint8Array): boolean {
  try {
    strict().decode(bytes, { stream: true })
    return true
  } catch {
    return false
  }
}
