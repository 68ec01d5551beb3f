import path from 'node:path/posix'
import { toDefinition, compile } from '../core/index.js'
import { resolveOptions } from '../plugin/options.js'
import { ScriptCompileError, hasErrors } from '../node/compile-error.js'
import { fsHost } from '../host/fs-host.js'
import { memoryHost } from '../host/memory-host.js'
import type { CompilerOptions } from '../node/compile-file.js'
import { defineScript } from '../runtime/define-script.js'
import type { ScriptClient, ScriptParams } from '../runtime/types.js'

/** Options of {@link runLua}. */
export interface RunLuaOptions extends Omit<CompilerOptions, 'root'> {
  /**
   * Files the code can `%include`, by path from the root: `{ 'lib/util.lua': '...' }`. They are
   * looked up before the disk, so a test can also stand in for a real include.
   * @default {}
   */
  files?: Record<string, string>
  /**
   * The script's name: where its errors and traceback say it is (`<name>.lua`).
   * @default '<user-code>'
   */
  name?: string
  /**
   * A directory whose files the code may `%include` too (paths from it, like a script there).
   * Without it, only `files` exist and the disk is never read.
   * @default undefined
   */
  root?: string
}

// Without a root, the in-memory files live under this fake one; messages show paths from it.
const MEMORY_ROOT = '/'

/**
 * Compiles inline Lua, directives and `%include`s included, and runs it once with named parameters:
 * like redis-lua's `run_code`, with includes from memory. Compile errors throw a `ScriptCompileError`
 * before anything is sent; Redis errors reject with a `LuaScriptError` whose traceback names `files`.
 */
export async function runLua<Result = unknown>(
  client: ScriptClient,
  code: string,
  params: ScriptParams = {},
  options: RunLuaOptions = {},
): Promise<Result> {
  const resolved = resolveOptions(options)
  const root =
    options.root === undefined ? MEMORY_ROOT : toPosix(path.resolve(toPosix(process.cwd()), toPosix(options.root)))
  const entry = path.join(root, `${options.name ?? '<user-code>'}.lua`)
  const files = { ...options.files, [path.relative(root, entry)]: code }
  const host = memoryHost(files, root, options.root === undefined ? undefined : fsHost)
  const result = compile(entry, {
    ...host,
    root,
    includeDirs: resolved.includeDirs,
    target: resolved.target,
    globals: resolved.globals,
    lint: resolved.lint,
  })
  if (hasErrors(result.diagnostics))
    throw new ScriptCompileError([result.name], result.diagnostics, options.root === undefined ? root : process.cwd())
  return defineScript<ScriptParams, Result>(toDefinition(result)).run(client, params)
}

function toPosix(file: string): string {
  return file.replace(/\\/g, '/')
}
