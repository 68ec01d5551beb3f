import type { UnpluginBuildContext, UnpluginContext, UnpluginMessage } from 'unplugin'
import { diagnosticFrame, formatDiagnostics } from '../core/index.js'
import type { CompileHost, Diagnostic } from '../core/index.js'
import { farmContext } from './farm-context.js'

/** The `this` of a load hook, in any bundler. */
export type HookContext = UnpluginBuildContext & UnpluginContext

/** How the current bundler shows problems. */
export interface ReportTarget {
  /** Paths in messages are shown relative to this. */
  root: string
  framework: string
  /** The bundler shows `frame` beside the message (Vite's dev server and overlay), so keep it out of the text. */
  framesApart: boolean
}

type Message = UnpluginMessage & { frame?: string }

/**
 * Reports warnings, then every error of one file as a single build error whose text starts with the first
 * error's `path:line:col`. Returns true when the build must fail: the caller returns at once, because
 * esbuild, webpack, Rspack and Farm only collect the error and keep running the hook.
 */
export function report(ctx: HookContext, diagnostics: Diagnostic[], target: ReportTarget, host: CompileHost): boolean {
  for (const d of diagnostics) {
    if (d.severity === 'warning') warn(ctx, toMessage([d], target, host), target)
  }
  const errors = diagnostics.filter(d => d.severity === 'error')
  if (!errors.length) return false
  fail(ctx, toMessage(errors, target, host), target)
  return true
}

/** One message for a file's diagnostics: each one formatted with its code frame, and the total count. */
function toMessage(diagnostics: Diagnostic[], target: ReportTarget, host: CompileHost): Message {
  const [first] = diagnostics
  const loc = { file: first.file, line: first.line, column: first.column }
  if (!target.framesApart)
    return { message: formatDiagnostics(diagnostics, target.root, host.readFile), id: first.file, loc }
  const message: Message = { message: formatDiagnostics(diagnostics, target.root, undefined), id: first.file, loc }
  const frame = diagnosticFrame(first, host.readFile)
  if (frame) message.frame = frame
  return message
}

function fail(ctx: HookContext, message: Message, target: ReportTarget): void {
  const farm = farmContext(ctx, target.framework)
  if (farm) farm.error(message.message)
  else ctx.error(message)
}

/** A warning, through Farm's own context on Farm. */
export function warn(ctx: HookContext, message: UnpluginMessage, target: ReportTarget): void {
  const farm = farmContext(ctx, target.framework)
  if (farm) farm.warn(message.message)
  else ctx.warn(message)
}
