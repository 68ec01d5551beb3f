const OPEN_LONG_RE = /^\[(=*)\[/

/**
 * Tracks, line by line, whether Lua text is inside a long string or long comment (`[[ ... ]]`,
 * `--[==[ ... ]==]`), so that a `%` line inside one stays text rather than being read as a directive.
 */
export class LongBracketTracker {
  /** The closing bracket we are waiting for, or null outside any long bracket. */
  private close: string | null = null

  /** True when the next line starts inside a long string or comment. */
  get inside(): boolean {
    return this.close !== null
  }

  /** Advances over one line of Lua text. */
  feed(line: string): void {
    let i = 0
    while (i < line.length) {
      if (this.close !== null) {
        const end = line.indexOf(this.close, i)
        if (end < 0) return
        i = end + this.close.length
        this.close = null
        continue
      }
      i = this.skipToken(line, i)
    }
  }

  /** Skips one token outside long brackets and returns the next index. */
  private skipToken(line: string, i: number): number {
    const ch = line[i]
    if (ch === '-' && line[i + 1] === '-') {
      const long = OPEN_LONG_RE.exec(line.slice(i + 2))
      if (!long) return line.length
      this.close = `]${long[1]}]`
      return i + 2 + long[0].length
    }
    if (ch === '[') {
      const long = OPEN_LONG_RE.exec(line.slice(i))
      if (!long) return i + 1
      this.close = `]${long[1]}]`
      return i + long[0].length
    }
    if (ch === '"' || ch === '\'') return skipShortString(line, i)
    return i + 1
  }
}

/** Skips a quoted string; an unterminated one ends at the end of the line, as Lua reports it there. */
function skipShortString(line: string, start: number): number {
  const quote = line[start]
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] === '\\') i++
    else if (line[i] === quote) return i + 1
  }
  return line.length
}
