import { compile, createCompileSession } from '../core/index.js'
import type { CompileResult, Diagnostic } from '../core/index.js'
import { hasErrors } from './compile-error.js'
import { compileOptions } from './compile-file.js'
import type { CompilerOptions } from './compile-file.js'

/** What {@link compileTree} found in a set of files. */
export interface CompiledTree {
  /** The files that are scripts, in the order given. */
  scripts: CompileResult[]
  /**
   * Files another file of the set includes and that do not compile on their own (they read a key or a
   * local their includer declares): checked where they are included, not as scripts.
   */
  libraries: string[]
  /** The diagnostics of every script, each finding once (a shared include is reported once). */
  diagnostics: Diagnostic[]
}

/**
 * Compiles every file of a set as an entry. A file that another file of the set includes is a
 * library when it does not compile on its own: its standalone errors are false alarms (the names it
 * uses come from its includer), and its real ones show up through the includer with the include chain.
 */
export function compileTree(files: readonly string[], options: CompilerOptions = {}): CompiledTree {
  // One session for the set: its files share includes.
  const compileWith = { ...compileOptions(options), session: createCompileSession() }
  const results = files.map(file => compile(file, compileWith))
  const included = new Set(results.flatMap(result => result.dependencies.slice(1)))
  const isLibrary = (file: string, result: CompileResult) => included.has(file) && hasErrors(result.diagnostics)
  const scripts = results.filter((result, i) => !isLibrary(files[i], result))
  const libraries = files.filter((file, i) => isLibrary(file, results[i]))
  return { scripts, libraries, diagnostics: unique(scripts.flatMap(result => result.diagnostics)) }
}

function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>()
  return diagnostics.filter(d => {
    const key = [d.severity, d.file, d.line, d.column, d.message].join('\0')
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
