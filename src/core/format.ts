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

type ReadFile = (file: string) => string | undefined

/**
 * The code frame of a diagnostic, from the text the compile read (`readFile` is its host's), or
 * undefined when that text cannot be read (not UTF-8, itself a diagnostic: no frame rather than no error).
 */
export function diagnosticFrame(diagnostic: Diagnostic, readFile: ReadFile): string | undefined {
  let source: string | undefined
  try {
    source = readFile(diagnostic.file)
  } catch {
    return undefined
  }
  return source === undefined ? undefined : codeFrame(source, diagnostic.line, diagnostic.column)
}

/**
 * Diagnostics as one text for a tool that shows only text (webpack, Turbopack, Jest, Bun): each one
 * formatted with its code frame under it, a blank line between, and the count when there are several.
 * The text starts with the first diagnostic's `path:line:col`.
 */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  cwd: string,
  readFile: ReadFile | undefined,
): string {
  const texts = diagnostics.map(d => {
    const frame = readFile && diagnosticFrame(d, readFile)
    const text = formatDiagnostic(d, cwd)
    return frame ? `${text}\n${frame}` : text
  })
  if (diagnostics.length > 1) texts.push(`${diagnostics.length} ${diagnostics[0].severity}s`)
  return texts.join('\n\n')
}
