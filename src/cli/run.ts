import { readFileSync } from 'node:fs'
import { build } from './build.js'
import { check } from './check.js'
import { HELP } from './help.js'
import type { Command } from './help.js'
import type { Io } from './io.js'
import { types } from './types.js'
import { UsageError } from './usage-error.js'

const COMMANDS: Record<Command, (argv: string[], io: Io) => number> = { check, types, build }

/** Runs `redis-lua` with its arguments and returns the exit code: 0 ok, 1 script errors, 2 usage errors. */
export function run(argv: string[], io: Io): number {
  try {
    return dispatch(argv, io)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    const helpOf = error.command ? `redis-lua ${error.command} --help` : 'redis-lua --help'
    io.err(`redis-lua${error.command ? ` ${error.command}` : ''}: ${error.message}`)
    io.err(usageLine(error.command))
    io.err(`Run '${helpOf}' for usage.`)
    return 2
  }
}

function dispatch(argv: string[], io: Io): number {
  const [first, ...rest] = argv
  if (first === '-h' || first === '--help') return print(io, HELP.main)
  if (first === '-v' || first === '--version') return print(io, version())
  if (first === undefined) throw new UsageError('missing command (check, types or build)')
  if (!Object.hasOwn(COMMANDS, first))
    throw new UsageError(`unknown command '${first}' (expected check, types or build)`)
  return COMMANDS[first as Command](rest, io)
}

/** The first line of the command's help: `Usage: redis-lua check [paths...] [options]`. */
function usageLine(command: string | undefined): string {
  const help = command && Object.hasOwn(HELP, command) ? HELP[command as Command] : HELP.main
  return help.split('\n')[0]
}

function print(io: Io, text: string): number {
  io.out(text)
  return 0
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}
