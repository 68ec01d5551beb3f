import { formatDiagnostic } from '../core/index.js'
import type { Diagnostic } from '../core/index.js'
import { githubAnnotation } from './github.js'

/** How diagnostics are printed: `file:line:col: error: message` lines, or GitHub annotations. */
export type Format = 'text' | 'github'

export const FORMATS: readonly Format[] = ['text', 'github']

/** One printable block per diagnostic, paths relative to `cwd`. */
export function formatAll(diagnostics: readonly Diagnostic[], format: Format, cwd: string): string[] {
  return diagnostics.map(d => (format === 'github' ? githubAnnotation(d, cwd) : formatDiagnostic(d, cwd)))
}

/** `3 scripts, 2 errors, 1 warning` */
export function summary(scripts: number, diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter(d => d.severity === 'error').length
  return [plural(scripts, 'script'), plural(errors, 'error'), plural(diagnostics.length - errors, 'warning')].join(', ')
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
