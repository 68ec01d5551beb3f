import { formatDiagnostic } from '../core/index.js'
import type { Diagnostic } from '../core/index.js'
import { RedisLuaError } from '../shared/errors.js'

/**
 * Scripts did not compile. One error for the whole load: `message` lists every error diagnostic as
 * `file:line:col: error: message` (with its `included from` lines), and `diagnostics` keeps them all,
 * warnings included.
 */
export class ScriptCompileError extends RedisLuaError {
  override name = 'ScriptCompileError'
  /** The names of the scripts that failed (paths from the root, without `.lua`). */
  readonly scripts: readonly string[]
  /** Every diagnostic of the failed compiles, in the compiler's order. */
  readonly diagnostics: readonly Diagnostic[]

  /** `cwd` is what paths in the message are shown relative to. */
  constructor(scripts: readonly string[], diagnostics: readonly Diagnostic[], cwd = process.cwd()) {
    const errors = diagnostics.filter(d => d.severity === 'error')
    super(
      'ERR_SCRIPT_COMPILE',
      [heading(scripts, errors.length), ...errors.map(d => formatDiagnostic(d, cwd))].join('\n'),
    )
    this.scripts = scripts
    this.diagnostics = diagnostics
  }
}

function heading(scripts: readonly string[], errors: number): string {
  const count = errors === 1 ? '1 error' : `${errors} errors`
  return `${count} compiling ${scripts.map(name => `${name}.lua`).join(', ')}:`
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some(d => d.severity === 'error')
}
