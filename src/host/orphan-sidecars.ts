import { existsSync, rmSync } from 'node:fs'
import { GENERATED_SIDECAR_HEADER } from '../core/index.js'
import { luaFileOf, readSidecar } from './sidecar-file.js'

/**
 * The sidecars whose `.lua` file is gone (deleted or renamed) and that were generated: a file of that
 * name without the generated header was written by hand and is never an orphan. A script that exists
 * but does not compile keeps its sidecar.
 */
export function orphanSidecars(sidecars: readonly string[]): string[] {
  return sidecars.filter(file => !existsSync(luaFileOf(file)) && isGenerated(file))
}

/** Deletes an orphan sidecar (a link is removed, not what it points to). */
export function removeSidecar(file: string): void {
  rmSync(file, { force: true })
}

function isGenerated(file: string): boolean {
  const text = readSidecar(file)
  return text !== undefined && GENERATED_SIDECAR_HEADER.test(text.split('\n', 1)[0])
}
