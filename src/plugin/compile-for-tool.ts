import path from 'node:path'
import { compile, formatDiagnostics } from '../core/index.js'
import type { CompileResult } from '../core/index.js'
import { fsHost } from '../host/fs-host.js'
import { resolveOptions } from './options.js'
import type { Options } from './options.js'
import { emitSidecar } from './sidecar.js'

/** One `.lua` file compiled for a tool that takes text back (a loader, a transformer, a Bun plugin). */
export interface ToolCompile {
  result: CompileResult
  /** Every error as one text starting `path:line:col`, with include chains and code frames; undefined when none. */
  error: string | undefined
  /** Each warning as its own text, formatted the same way. */
  warnings: string[]
}

/**
 * Compiles `file` from disk the way the bundler plugin does, and writes its sidecar when `dts` is on
 * and it compiled. `root` is the tool's own root (webpack's `rootContext`, Jest's `rootDir`), used
 * unless the options give one. Paths in the texts are shown relative to the root.
 */
export function compileForTool(file: string, rawOptions: Options | undefined, toolRoot: string): ToolCompile {
  const options = resolveOptions(rawOptions)
  const root = path.resolve(toolRoot, options.root ?? '.').replace(/\\/g, '/')
  const result = compile(path.resolve(file).replace(/\\/g, '/'), {
    ...fsHost,
    root,
    includeDirs: options.includeDirs,
    globals: options.globals,
    lint: options.lint,
  })
  const errors = result.diagnostics.filter(d => d.severity === 'error')
  const warnings = result.diagnostics
    .filter(d => d.severity === 'warning')
    .map(d => formatDiagnostics([d], root, fsHost.readFile))
  if (!errors.length && options.dts) {
    try {
      emitSidecar(result.dependencies[0], result, root)
    } catch (error) {
      warnings.push(
        `cannot write the types of ${result.name}.lua: ${(error as Error).message} (\`dts: false\` skips them)`,
      )
    }
  }
  const error = errors.length ? formatDiagnostics(errors, root, fsHost.readFile) : undefined
  return { result, error, warnings }
}

/**
 * An Error that is only its text: no stack of the compiler's own frames (webpack reads `hideStack`,
 * Jest and Turbopack print a stack's lines after the message).
 */
export function reportError(text: string): Error {
  const error = new Error(text)
  error.stack = ''
  return Object.defineProperty(error, 'hideStack', { value: true })
}
