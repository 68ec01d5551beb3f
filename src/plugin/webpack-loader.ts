import { generateModule } from '../core/index.js'
import { compileForTool, reportError } from './compile-for-tool.js'
import type { Options } from './options.js'

/** What the loader uses of a loader context: the part webpack, Rspack and Turbopack all provide. */
export interface LuaLoaderContext {
  resourcePath: string
  rootContext: string
  getOptions(): Options | undefined
  addDependency(file: string): void
  /** webpack and Rspack; Turbopack watches what `addDependency` names. */
  addMissingDependency?(file: string): void
  emitWarning(warning: Error): void
  callback(error: Error | null, content?: string): void
}

/**
 * A webpack-style loader for `.lua` files: webpack or Rspack `module.rules`, Next.js `turbopack.rules`.
 * The same compile, module and sidecar as the plugin. Errors are text starting `path:line:col`, with
 * the include chain and a code frame, because these tools keep only an error's text.
 */
export function luaLoader(this: LuaLoaderContext): void {
  const file = this.resourcePath
  const { result, error, warnings } = compileForTool(file, this.getOptions() ?? undefined, this.rootContext)
  for (const dep of result.dependencies) if (dep !== file) this.addDependency(dep)
  // Creating a missing include must rebuild the script.
  for (const missing of result.missing) (this.addMissingDependency ?? this.addDependency).call(this, missing)
  for (const warning of warnings) this.emitWarning(reportError(warning))
  if (error) this.callback(reportError(error))
  else this.callback(null, generateModule(result))
}
