/** Where a command prints, and what paths are shown relative to. */
export interface Io {
  cwd: string
  /** Prints a line on stdout. */
  out: (line: string) => void
  /** Prints a line on stderr. */
  err: (line: string) => void
}

/** The process's own stdout, stderr and working directory. */
export function processIo(): Io {
  return {
    cwd: process.cwd(),
    out: line => process.stdout.write(`${line}\n`),
    err: line => process.stderr.write(`${line}\n`),
  }
}
