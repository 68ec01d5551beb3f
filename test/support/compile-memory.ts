import { compile } from '../../src/core/index.js'
import type { CompileOptions, CompileResult } from '../../src/core/index.js'
import { memoryHost } from '../../src/host/memory-host.js'

export const ROOT = '/project'

/** Compiles `entry` from an in-memory tree rooted at `/project` (paths in `files` are relative to it). */
export function compileFiles(
  files: Record<string, string>,
  entry = 'main.lua',
  options: Partial<CompileOptions> = {},
): CompileResult {
  return compile(`${ROOT}/${entry}`, { root: ROOT, ...memoryHost(files, ROOT), ...options })
}

/** `file:line:col code` for each diagnostic, with the root stripped, for compact assertions. */
export function where(result: CompileResult): string[] {
  return result.diagnostics.map(d => `${d.file.replace(`${ROOT}/`, '')}:${d.line}:${d.column} ${d.code}`)
}
