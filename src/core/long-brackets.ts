import { keepShape } from './keep-shape.js'

const OPEN_LONG_RE = /\[(=*)\[/y
/** Where a string or a comment can start: a quote, `[`, or `--`; everything between is skipped at once. */
const OPENER_RE = /["'[]|--/g

/**
 * Tracks, line by line, whether Lua text is inside a long string or long comment (`[[ ... ]]`,
 * `--[==[ ... ]==]`) or a quoted string continued by a backslash at the end of a line, so that a `%`
 * line inside one stays text rather than being read as a directive.
 */
export class LongBracketTracker {
  /** The closing bracket we are waiting for, or null outside any long bracket. */
  private close: string | null = null
  /** The quote of a short string that goes on past the end of the line (`"a\` then a line break). */
  private quote: string | null = null

  /** True when the next line starts inside a long string, a long comment or a continued string. */
  get inside(): boolean {
    return this.close !== null || this.quote !== null
  }

  /** Advances over one line of Lua text. */
  feed(line: string): void {
    let i = this.quote === null ? 0 : this.skipString(line, 0, this.quote)
    while (i < line.length) {
      if (this.close !== null) {
        const end = line.indexOf(this.close, i)
        if (end < 0) return
        i = end + this.close.length
        this.close = null
        continue
      }
      OPENER_RE.lastIndex = i
      const opener = OPENER_RE.exec(line)
      if (!opener) return
      i = this.skipToken(line, opener.index)
    }
  }

  /** Skips one token outside long brackets and returns the next index. */
  private skipToken(line: string, i: number): number {
    const ch = line[i]
    if (ch === '-' && line[i + 1] === '-') {
      OPEN_LONG_RE.lastIndex = i + 2
      const long = OPEN_LONG_RE.exec(line)
      if (!long) return line.length
      this.close = `]${long[1]}]`
      return i + 2 + long[0].length
    }
    if (ch === '[') {
      OPEN_LONG_RE.lastIndex = i
      const long = OPEN_LONG_RE.exec(line)
      if (!long) return i + 1
      this.close = `]${long[1]}]`
      return i + long[0].length
    }
    if (ch === '"' || ch === "'") return this.skipString(line, i + 1, ch)
    return i + 1
  }

  /**
   * Skips a quoted string's body from `from` to after its closing quote. An unterminated one ends at
   * the end of the line, as Lua reports it there, unless a backslash escapes the line break (Lua 5.1
   * allows that): then the string, and the tracking, go on on the next line.
   */
  private skipString(line: string, from: number, quote: string): number {
    this.quote = null
    for (let i = from; i < line.length; i++) {
      if (line[i] === quote) return i + 1
      if (line[i] !== '\\') continue
      if (i === line.length - 1) this.quote = quote
      i++
    }
    return line.length
  }
}

keepShape(new LongBracketTracker())
