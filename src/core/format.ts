import path from 'node:path/posix'
import { LINE_BREAK_RE } from './source-file.js'
import type { Diagnostic } from './types.js'

/**
 * `path:line:col: error: message`, then one `included from path:line:col` line per include site,
 * innermost first. Columns are printed 1-based, as editors and compilers print them.
 */
export function formatDiagnostic(diagnostic: Diagnostic, cwd?: string): string {
  const where = (file: string, line: number, column: number) => `${display(file, cwd)}:${line}:${column + 1}`
  const head = `${where(diagnostic.file, diagnostic.line, diagnostic.column)}: ${diagnostic.severity}: ${diagnostic.message}`
  const sites = [...diagnostic.chain]
    .reverse()
    .map(site => `    included from ${where(site.file, site.line, site.column)}`)
  return [head, ...sites].join('\n')
}

/** A 3-line code frame around a position, with a caret under the column. */
export function codeFrame(source: string, line: number, column: number): string {
  // The same line breaks as the compiler, so the frame shows the line a diagnostic names.
  const lines = source.split(LINE_BREAK_RE)
  const first = Math.max(1, line - 1)
  const last = Math.min(lines.length, line + 1)
  const width = String(last).length
  const out: string[] = []
  for (let n = first; n <= last; n++) {
    const text = lines[n - 1] ?? ''
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`)
    if (n === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(column)}^`)
  }
  return out.join('\n')
}

function display(file: string, cwd?: string): string {
  if (!cwd) return file
  const rel = path.relative(cwd.replace(/\\/g, '/'), file)
  return rel.startsWith('../') ? file : rel
}
