import type { UnpluginBuildContext, UnpluginContext, UnpluginMessage } from 'unplugin'
import { codeFrame, formatDiagnostic } from '../core/index.js'
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
  const frames = diagnostics.map(d => frameOf(d, host))
  const texts = diagnostics.map((d, i) => {
    const text = formatDiagnostic(d, target.root)
    return target.framesApart || !frames[i] ? text : `${text}\n${frames[i]}`
  })
  if (diagnostics.length > 1) texts.push(`${diagnostics.length} ${first.severity}s`)
  const loc = { file: first.file, line: first.line, column: first.column }
  const message: Message = { message: texts.join('\n\n'), id: first.file, loc }
  if (target.framesApart && frames[0]) message.frame = frames[0]
  return message
}

/** The code frame from the build's own view of the file (the text it compiled), not a fresh read. */
function frameOf(d: Diagnostic, host: CompileHost): string | undefined {
  let source: string | undefined
  try {
    source = host.readFile(d.file)
  } catch {
    // Not UTF-8 (itself a diagnostic): no frame, rather than no error.
  }
  return source === undefined ? undefined : codeFrame(source, d.line, d.column)
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
