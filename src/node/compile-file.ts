import path from 'node:path'
import { compile } from '../core/index.js'
import { resolveOptions } from '../plugin/options.js'
import type { CompileOptions, CompileResult } from '../core/index.js'
import type { Options } from '../plugin/options.js'
import { hasErrors, ScriptCompileError } from './compile-error.js'
import { fsHost } from '../host/fs-host.js'

/** The options that shape a compile; `include`, `exclude` and `dts` only mean something to a bundler. */
export type CompilerOptions = Pick<Options, 'root' | 'includeDirs' | 'target' | 'globals' | 'lint'>

/** Options of {@link compileFile}. */
export interface CompileFileOptions extends CompilerOptions {
  /**
   * Throw a {@link ScriptCompileError} when the compile has errors. With `false` the result comes back
   * with its `diagnostics` whatever they say (what `redis-lua check` does).
   * @default true
   */
  throwOnError?: boolean
}

/**
 * Compiles a `.lua` file from disk: the same compile a bundler runs, with includes read from disk.
 * `file` and `root` are resolved from the working directory; warnings stay in `diagnostics`.
 */
export function compileFile(file: string, options: CompileFileOptions = {}): CompileResult {
  const result = compile(path.resolve(file), compileOptions(options))
  if (options.throwOnError !== false && hasErrors(result.diagnostics))
    throw new ScriptCompileError([result.name], result.diagnostics)
  return result
}

/** Options validated, defaults applied, and the disk as the file host. */
export function compileOptions(options: CompilerOptions): CompileOptions {
  const resolved = resolveOptions(options)
  return {
    ...fsHost,
    root: path.resolve(resolved.root ?? '.'),
    includeDirs: resolved.includeDirs,
    target: resolved.target,
    globals: resolved.globals,
    lint: resolved.lint,
  }
}
