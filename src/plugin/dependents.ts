/**
 * Which entry scripts read each file, or looked for it in vain. Vite only learns an include belongs to an
 * entry when the entry loads, so after a failed load this map is what lets an edit to the include, or its
 * creation, reach the entry again.
 */
export class Dependents {
  private readonly entriesOf = new Map<string, Set<string>>()
  private readonly filesOf = new Map<string, string[]>()

  /** Replaces what `entry` read last time with `files`. */
  record(entry: string, files: string[]): void {
    for (const file of this.filesOf.get(entry) ?? []) this.entriesOf.get(file)?.delete(entry)
    this.filesOf.set(entry, files)
    for (const file of files) {
      const entries = this.entriesOf.get(file) ?? new Set()
      this.entriesOf.set(file, entries.add(entry))
    }
  }

  /** The entries that read `file`, other than `file` itself. */
  entries(file: string): string[] {
    return [...(this.entriesOf.get(file) ?? [])].filter(entry => entry !== file)
  }
}
