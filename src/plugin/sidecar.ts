import path from 'node:path'
import type { CompileResult } from '../core/index.js'
import { sidecarFor, writeSidecar } from '../host/sidecar-file.js'

/**
 * Writes `foo.d.lua.ts` next to a compiled `foo.lua` when its text changed (the same text as
 * `redis-lua types`). Files outside `root` or inside `node_modules` belong to someone else, and a file
 * not named `.lua` has no sidecar name: those are left alone. Returns true when it wrote.
 */
export function emitSidecar(file: string, result: CompileResult, root: string): boolean {
  const rel = path.relative(root, file)
  const parts = rel.split(/[\\/]/)
  if (!file.endsWith('.lua') || path.isAbsolute(rel) || parts[0] === '..' || parts.includes('node_modules'))
    return false
  const sidecar = sidecarFor(file, result)
  return writeSidecar(sidecar.file, sidecar.text)
}
