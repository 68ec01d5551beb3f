import { keepShape } from './keep-shape.js'

/**
 * Builds the `segments` of a {@link LineMap}: each rendered line extends the last segment when it
 * comes from the same include chain and the next source line, else starts a new one. A file's lines
 * between two includes become one segment, so the map grows with the include sites, not the lines.
 */
export class LineMapBuilder {
  readonly segments: number[][] = []
  private last: number[] | undefined
  private lastPrefix: readonly number[] = []
  private lastFile = -1
  private lastLine = -1

  /**
   * Appends `count` rendered lines: written by `line` of `file` and the lines after it, inside the
   * include chain `prefix` (flat pairs).
   */
  push(prefix: readonly number[], file: number, line: number, count = 1): void {
    if (this.last && file === this.lastFile && line === this.lastLine + 1 && samePairs(prefix, this.lastPrefix)) {
      this.last[0] += count
    } else {
      this.last = [count, ...prefix, file, line]
      this.segments.push(this.last)
      this.lastPrefix = prefix
      this.lastFile = file
    }
    this.lastLine = line + count - 1
  }
}

function samePairs(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

keepShape(new LineMapBuilder())
