import { hasErrors } from '../node/compile-error.js'
import { compilerOptions, parse } from './args.js'
import { collect } from './collect.js'
import { HELP } from './help.js'
import type { Io } from './io.js'
import { FORMATS, formatAll, summary } from './report.js'
import type { Format } from './report.js'
import { UsageError } from './usage-error.js'

/** `redis-lua check [paths...]`: compiles every script, prints every diagnostic; 1 when any is an error. */
export function check(argv: string[], io: Io): number {
  const { values, positionals } = parse('check', argv, { format: { type: 'string', default: 'text' } })
  if (values.help) return help(io)
  const format = checkFormat(values.format)
  const tree = collect('check', positionals.length ? positionals : ['.'], compilerOptions(values, 'check'))
  for (const block of formatAll(tree.diagnostics, format, io.cwd, io.color)) io.out(block)
  io.err(`redis-lua check: ${summary(tree.scripts.length, tree.diagnostics)}`)
  return hasErrors(tree.diagnostics) ? 1 : 0
}

function checkFormat(format: string): Format {
  if (!(FORMATS as string[]).includes(format))
    throw new UsageError(`--format must be ${FORMATS.join(' or ')}, got '${format}'`, 'check')
  return format as Format
}

function help(io: Io): number {
  io.out(HELP.check)
  return 0
}
