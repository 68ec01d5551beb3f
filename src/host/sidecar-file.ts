import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { generateSidecar } from '../core/index.js'
import type { CompileResult } from '../core/index.js'

/** How a sidecar's name ends: `foo.lua` -> `foo.d.lua.ts`. */
export const SIDECAR_EXT = '.d.lua.ts'

/** A sidecar type file: where it goes and what it says. */
export interface Sidecar {
  /** `foo.d.lua.ts` next to `foo.lua`. */
  file: string
  text: string
}

/**
 * The sidecar of a compiled `.lua` file. The plugin and `redis-lua types` both build it here, so the
 * two never disagree about a file's content (which `types --check` compares byte for byte).
 */
export function sidecarFor(luaFile: string, result: CompileResult): Sidecar {
  return { file: sidecarPath(luaFile), text: generateSidecar(result, path.basename(luaFile)) }
}

/** `foo.lua` -> `foo.d.lua.ts` (TypeScript finds it under `allowArbitraryExtensions`). */
export function sidecarPath(luaFile: string): string {
  return luaFile.replace(/\.lua$/, SIDECAR_EXT)
}

/** `foo.d.lua.ts` -> `foo.lua`: the script a sidecar types. */
export function luaFileOf(sidecar: string): string {
  return `${sidecar.slice(0, -SIDECAR_EXT.length)}.lua`
}

/** The current text of a file, or `undefined` when there is none. */
export function readSidecar(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

/**
 * Writes a sidecar only when its content changes, so watchers and `tsc --watch` are not woken for
 * nothing. No mkdir: it lives next to its `.lua` file. Returns whether it wrote.
 */
export function writeSidecar(file: string, text: string): boolean {
  if (readSidecar(file) === text) return false
  writeFileSync(file, text)
  return true
}
