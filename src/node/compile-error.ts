import { formatDiagnostic } from '../core/format.js'
import type { Diagnostic } from '../core/types.js'

/**
 * A script did not compile. One error for the whole script: `message` lists every error diagnostic as
 * `file:line:col: error: message` (with its `included from` lines), and `diagnostics` keeps them all,
 * warnings included.
 */
export class ScriptCompileError extends Error {
  override name = 'ScriptCompileError'
  /** The script's name (its path from the root, without `.lua`). */
  readonly script: string
  /** Every diagnostic of the compile, errors first as the compiler reported them. */
  readonly diagnostics: Diagnostic[]

  /** `cwd` is where paths in the message are shown relative to. */
  constructor(script: string, diagnostics: Diagnostic[], cwd = process.cwd()) {
    const errors = diagnostics.filter(d => d.severity === 'error')
    const count = errors.length === 1 ? '1 error' : `${errors.length} errors`
    super([`${script}.lua: ${count}`, ...errors.map(d => formatDiagnostic(d, cwd))].join('\n'))
    this.script = script
    this.diagnostics = diagnostics
  }
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some(d => d.severity === 'error')
}
