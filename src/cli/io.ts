import { wantsColor } from './color.js'

/** Where a command prints, and what paths are shown relative to. */
export interface Io {
  cwd: string
  /** Prints a line on stdout. */
  out: (line: string) => void
  /** Prints a line on stderr. */
  err: (line: string) => void
  /** Colour what goes to stdout (a terminal, or `FORCE_COLOR`; never with `NO_COLOR`). */
  color: boolean
}

/** The process's own stdout, stderr and working directory. */
export function processIo(): Io {
  return {
    cwd: process.cwd(),
    out: line => process.stdout.write(`${line}\n`),
    err: line => process.stderr.write(`${line}\n`),
    color: wantsColor(process.stdout),
  }
}
