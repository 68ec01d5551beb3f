import { parseDirective } from './directive.js'
import type { Directive } from './directive.js'
import { LongBracketTracker } from './long-brackets.js'
import { keepShape } from './keep-shape.js'

/** One line of a source file: Lua text, a directive, a shebang, or a line that failed to parse. */
export type SourceLine =
  | { kind: 'text'; text: string }
  | { kind: 'directive'; directive: Directive; text: string }
  | { kind: 'shebang'; text: string }
  | { kind: 'invalid'; text: string }

/** A problem found in one file on its own, before it is placed in an include tree. */
export interface FileProblem {
  code: string
  message: string
  line: number
  column: number
}

/** A file split into lines, its directives parsed once however often it is included. */
export interface SourceFile {
  lines: SourceLine[]
  problems: FileProblem[]
  /** True when the file says `%pragma once`. */
  once: boolean
  /** True when the file declares keys, args or types: such a file may render only once per script. */
  declares: boolean
  /** For a Lua text line that starts a run of them, the index after the run (they render as they are). */
  runEnd: number[]
  /** For the same lines, the run's text: its lines joined by line feeds. */
  runText: string[]
}

/**
 * Lua 5.1's line breaks: `\n`, `\r`, and `\r\n` or `\n\r` as one. Splitting where Lua counts lines keeps
 * our line numbers equal to the ones Redis reports (a lone `\r` is a new line to Lua), and CRLF
 * checkouts give the same script and SHA-1.
 */
export const LINE_BREAK_RE = /\r\n|\n\r|\r|\n/

/** Splits into lines at Lua's line breaks; a final line break does not start another line. */
export function splitLines(text: string): string[] {
  if (text === '') return []
  // Splitting on a string is much faster than on a regex, and without `\r` it splits the same.
  const lines = text.includes('\r') ? text.split(LINE_BREAK_RE) : text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/** Parses every line of a file. */
export function parseSourceFile(text: string): SourceFile {
  const file: SourceFile = { lines: [], problems: [], once: false, declares: false, runEnd: [], runText: [] }
  const brackets = new LongBracketTracker()
  let returnLine = 0
  splitLines(text).forEach((text, index) => {
    const line = index + 1
    const parsed = brackets.inside ? null : parseDirective(text)
    if (parsed === null) {
      brackets.feed(text)
      file.lines.push(text.startsWith('#!') ? { kind: 'shebang', text } : { kind: 'text', text })
      return
    }
    if (parsed.kind === 'error') {
      file.problems.push({ code: parsed.code, message: parsed.message, line, column: parsed.column })
      file.lines.push({ kind: 'invalid', text })
      return
    }
    file.lines.push({ kind: 'directive', directive: parsed, text: text.trim() })
    if (parsed.kind === 'pragma') file.once = true
    if (parsed.kind === 'key' || parsed.kind === 'arg' || parsed.kind === 'type') file.declares = true
    if (parsed.kind === 'return') {
      if (returnLine)
        file.problems.push({
          code: 'duplicate-return',
          message: `a second \`%return\` in one file (the first is on line ${returnLine})`,
          line,
          column: parsed.column,
        })
      else returnLine = line
    }
  })
  const { lines, runEnd, runText } = file
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].kind !== 'text') continue
    let end = i + 1
    while (end < lines.length && lines[end].kind === 'text') end++
    runEnd[i] = end
    runText[i] = lines
      .slice(i, end)
      .map(line => line.text)
      .join('\n')
    i = end - 1
  }
  return file
}

/** Enough for the includes of a large project (about 20 MB with their parsed lines), least recently used first out. */
const SHARED_CHARS = 4_000_000

/** Parsed files by text, kept between the compiles of one build: its entries share includes. */
export class SourceFileCache {
  private readonly files = new Map<string, SourceFile>()
  private chars = 0
  private readonly ids = new WeakMap<readonly SourceLine[], number>()
  private lastId = 0

  /** A number for the parsed text of a file, the same for every file parsed from that text here. */
  idOf(file: SourceFile): number {
    let id = this.ids.get(file.lines)
    if (id === undefined) this.ids.set(file.lines, (id = ++this.lastId))
    return id
  }

  /**
   * parseSourceFile() for an included file, through a cache keyed by the text (the result depends on
   * nothing else). The lines are shared and never changed; `problems` is a fresh array the caller may add to.
   */
  parse(text: string): SourceFile {
    let file = this.files.get(text)
    if (file) this.files.delete(text)
    else {
      file = parseSourceFile(text)
      this.chars += text.length
    }
    this.files.set(text, file)
    while (this.chars > SHARED_CHARS && this.files.size > 1) {
      const oldest = this.files.keys().next().value!
      this.files.delete(oldest)
      this.chars -= oldest.length
    }
    return { ...file, problems: [...file.problems] }
  }
}

keepShape(new SourceFileCache())
