import type { InitializeHook, LoadHook, ResolveHook } from 'node:module'
import { fileURLToPath } from 'node:url'
import { generateModule, RUNTIME_MODULE, compile, formatDiagnostic } from '../core/index.js'
import { hasErrors, ScriptCompileError } from './compile-error.js'
import { compileOptions } from './compile-file.js'
import type { HooksData } from './register-lua.js'

// Node's module customization hooks, run on Node's hooks thread (see register-lua.ts).

let data: HooksData = { root: process.cwd() }

export const initialize: InitializeHook<HooksData> = given => {
  data = given
}

/**
 * Generated modules import the runtime by package name. From scripts outside any folder that can
 * see this package (a script directory elsewhere on disk), fall back to the runtime next to this file.
 */
export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  if (specifier !== RUNTIME_MODULE) return nextResolve(specifier, context)
  try {
    return await nextResolve(specifier, context)
  } catch {
    return { url: new URL('../runtime/index.js', import.meta.url).href, shortCircuit: true }
  }
}

/** A `file:` URL of a `.lua` file becomes the module the bundler plugin would have generated. */
export const load: LoadHook = async (url, context, nextLoad) => {
  if (!isLuaFile(url)) return nextLoad(url, context)
  const result = compile(fileURLToPath(url), compileOptions(data))
  if (hasErrors(result.diagnostics)) throw new ScriptCompileError([result.name], result.diagnostics)
  for (const warning of result.diagnostics) process.stderr.write(`${formatDiagnostic(warning, process.cwd())}\n`)
  return { format: 'module', source: generateModule(result), shortCircuit: true }
}

function isLuaFile(url: string): boolean {
  if (!url.startsWith('file:')) return false
  return new URL(url).pathname.endsWith('.lua')
}
