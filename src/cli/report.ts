import path from 'node:path'
import { formatDiagnostics } from '../core/index.js'
import type { Diagnostic } from '../core/index.js'
import { fsHost } from '../host/fs-host.js'
import { colorDiagnostic } from './color.js'
import { githubAnnotation } from './github.js'

/** How diagnostics are printed: `file:line:col: error: message` lines, or GitHub annotations. */
export type Format = 'text' | 'github'

export const FORMATS: readonly Format[] = ['text', 'github']

/**
 * One printable block per diagnostic, sorted by file, line and column, paths relative to `cwd`. Text
 * blocks carry the code frame under the message (and a blank line after it), coloured when `color`.
 */
export function formatAll(diagnostics: readonly Diagnostic[], format: Format, cwd: string, color = false): string[] {
  const sorted = [...diagnostics].sort(byPlace)
  if (format === 'github') return sorted.map(d => githubAnnotation(d, cwd))
  return sorted.map(d => {
    const block = `${formatDiagnostics([d], cwd, fsHost.readFile)}\n`
    return color ? colorDiagnostic(block) : block
  })
}

function byPlace(a: Diagnostic, b: Diagnostic): number {
  const file = path.normalize(a.file).localeCompare(path.normalize(b.file), 'en')
  return file || a.line - b.line || a.column - b.column
}

/** `3 scripts, 2 errors, 1 warning` */
export function summary(scripts: number, diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter(d => d.severity === 'error').length
  return [plural(scripts, 'script'), plural(errors, 'error'), plural(diagnostics.length - errors, 'warning')].join(', ')
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
