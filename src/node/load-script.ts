import path from 'node:path'
import { toDefinition, formatDiagnostic, isInside } from '../core/index.js'
import type { CompileResult, Diagnostic } from '../core/index.js'
import { defineScript } from '../runtime/define-script.js'
import type { LuaScript } from '../runtime/lua-script.js'
import type { ScriptParams } from '../runtime/types.js'
import { optionsError } from '../shared/errors.js'
import { hasErrors, ScriptCompileError } from './compile-error.js'
import { compileFile } from './compile-file.js'
import type { CompilerOptions } from './compile-file.js'

/** Options of {@link loadScript}, {@link loadScripts} and {@link loadAllScripts}. */
export interface LoadOptions extends CompilerOptions {
  /**
   * Where `%include` paths must stay, and what `script.name` is the path from.
   * @default the scripts directory (`path`)
   */
  root?: string
  /**
   * Called with every warning (an unused `%arg`, raw `KEYS[1]` next to `%key`...); warnings never throw.
   * @default prints `file:line:col: warning: message` with `console.warn`
   */
  onWarning?: (diagnostic: Diagnostic) => void
}

/** Options of {@link loadScript} and {@link loadScripts}. */
export interface LoadScriptOptions extends LoadOptions {
  /** The scripts directory: script names are paths from it, resolved from the working directory. */
  path: string
}

/** A script object typed loosely: without a bundler there is no sidecar to give precise types. */
export type LoadedScript = LuaScript<ScriptParams, unknown>

/**
 * Compiles `<path>/<name>.lua` (with its includes) into a script object, like redis-lua's `load_script` in Python.
 * `name` has no `.lua` and may name a sub-folder (`users/create`); type parameters give the
 * parameters and result their types (`loadScript<{ counter: string }, number>(...)`). Throws one
 * {@link ScriptCompileError} listing every error.
 */
export function loadScript<Params extends object = ScriptParams, Result = unknown>(
  name: string,
  options: LoadScriptOptions,
): LuaScript<Params, Result> {
  return toScript(compileScript(name, options), options) as LuaScript<Params, Result>
}

/**
 * Loads several scripts of one directory, keyed by the names given, like redis-lua's `load_scripts`.
 * Every script is compiled before anything throws, so the error lists the errors of all of them.
 */
export function loadScripts<const N extends string>(
  names: readonly N[],
  options: LoadScriptOptions,
): Record<N, LoadedScript> {
  const results = names.map(name => compileScript(name, options))
  throwOnErrors(results)
  return Object.fromEntries(names.map((name, i) => [name, toScript(results[i], options)])) as Record<N, LoadedScript>
}

/** A compiled script as a script object, after reporting its warnings; throws if it has errors. */
export function toScript(result: CompileResult, options: Pick<LoadOptions, 'onWarning'>): LoadedScript {
  throwOnErrors([result])
  const warn = options.onWarning ?? printWarning
  for (const diagnostic of result.diagnostics) warn(diagnostic)
  return defineScript(toDefinition(result))
}

/** One {@link ScriptCompileError} for every failed script of a load. */
export function throwOnErrors(results: readonly CompileResult[]): void {
  const failed = results.filter(result => hasErrors(result.diagnostics))
  if (failed.length)
    throw new ScriptCompileError(
      failed.map(r => r.name),
      failed.flatMap(r => r.diagnostics),
    )
}

function compileScript(name: string, options: LoadScriptOptions): CompileResult {
  return compileFile(scriptFile(name, options.path), {
    ...options,
    root: options.root ?? options.path,
    throwOnError: false,
  })
}

function scriptFile(name: string, dir: string): string {
  const base = path.resolve(dir)
  const file = path.resolve(base, `${name.replace(/\\/g, '/').replace(/\.lua$/, '')}.lua`)
  if (!isInside(base, file)) throw optionsError(`script name '${name}' points outside ${dir}`)
  return file
}

function printWarning(diagnostic: Diagnostic): void {
  console.warn(formatDiagnostic(diagnostic, process.cwd()))
}
