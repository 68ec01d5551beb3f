import path from 'node:path/posix'
import type { RegionUses } from './lint-pass.js'
import { createLuaCompiler } from './lua-compiler.js'
import type { LuaCompiler } from './lua-compiler.js'
import { SourceFileCache } from './source-file.js'

/**
 * What the compiles of one build share: caches whose results depend only on their input, so a build
 * that compiles many entries does each shared piece of work once, and Lua's compiler (a WebAssembly
 * instance with its own memory, started on first use). Create one per build and drop it with
 * the build; `compile()` without one uses a fresh session (nothing is kept between calls).
 */
export interface CompileSession {
  /** Parsed include files, by text. */
  readonly sources: SourceFileCache
  /** Lua 5.1.5's compiler, which judges every script. */
  readonly lua: LuaCompiler
  /** What the lint pass found in each distinct include text, by region key (see `IncludeRegion`). */
  readonly regionUses: Map<string, RegionUses>
  /** `path.relative(root, file)`, remembered: every entry of a build names the same includes. */
  relativePath(root: string, file: string): string
  /** The entry file of every function name given out, so two scripts never share one (names are global on a server). */
  readonly functionNames: Map<string, string>
}

/** A new, empty session. */
export function createCompileSession(): CompileSession {
  const relative = new Map<string, string>()
  return {
    sources: new SourceFileCache(),
    lua: createLuaCompiler(),
    regionUses: new Map(),
    relativePath(root, file) {
      const key = `${root}\n${file}`
      let found = relative.get(key)
      if (found === undefined) relative.set(key, (found = path.relative(root, file)))
      return found
    },
    functionNames: new Map(),
  }
}
