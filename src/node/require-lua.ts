import Module, { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { compile, formatDiagnostic, generateCommonJsModule, RUNTIME_MODULE } from '../core/index.js'
import { hasErrors, ScriptCompileError } from './compile-error.js'
import { compileOptions } from './compile-file.js'
import type { CompilerOptions } from './compile-file.js'

interface CommonJsModule {
  _compile(code: string, filename: string): void
}

type Extensions = Record<string, (module: CommonJsModule, filename: string) => void>

/**
 * Makes `require('./foo.lua')` work: Node 20's module hooks never see `require()`, so CommonJS gets a
 * handler of its own with the same compile. The module's `exports.default` is the script (what
 * `import script from './foo.lua'` reads once compiled to CommonJS).
 */
export function registerLuaRequire(options: CompilerOptions & { root: string }): void {
  const extensions = (Module as unknown as { _extensions: Extensions })._extensions
  extensions['.lua'] = (module, filename) => {
    const result = compile(filename, compileOptions(options))
    if (hasErrors(result.diagnostics)) throw new ScriptCompileError([result.name], result.diagnostics)
    for (const warning of result.diagnostics) process.stderr.write(`${formatDiagnostic(warning, process.cwd())}\n`)
    module._compile(generateCommonJsModule(result, runtimeFor(filename)), filename)
  }
}

/** The runtime the script's own folder sees, else the one next to this file (a script dir outside the app). */
function runtimeFor(filename: string): string {
  try {
    return createRequire(filename).resolve(RUNTIME_MODULE)
  } catch {
    return fileURLToPath(new URL('../runtime/index.js', import.meta.url))
  }
}
