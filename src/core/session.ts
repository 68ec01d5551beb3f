import { SourceFileCache } from './source-file.js'

/**
 * What the compiles of one build share: caches whose results depend only on their input, so a build
 * that compiles many entries does each shared piece of work once. Create one per build and drop it with
 * the build; `compile()` without one uses a fresh session (nothing is kept between calls).
 */
export interface CompileSession {
  /** Parsed include files, by text. */
  readonly sources: SourceFileCache
}

/** A new, empty session. */
export function createCompileSession(): CompileSession {
  return { sources: new SourceFileCache() }
}
