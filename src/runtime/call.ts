import type { Argv, Head } from './encode-params.js'
import type { ErrorSource } from './map-error.js'

/**
 * How a script is sent: by its hash, and by its body when the server lacks it. Data, so another way
 * of running the same definition (say FCALL) can reuse every adapter.
 */
export interface Commands {
  /** `EVALSHA`, or `EVALSHA_RO` for a read-only script. */
  byHash: string
  /** `EVAL`, or `EVAL_RO` for a read-only script: never plain EVAL for one (rueidis#601). */
  byBody: string
}

export const SCRIPT_COMMANDS: Commands = { byHash: 'EVALSHA', byBody: 'EVAL' }
export const READ_ONLY_SCRIPT_COMMANDS: Commands = { byHash: 'EVALSHA_RO', byBody: 'EVAL_RO' }
/** A function is called by name; there is no one-command fallback (`byBody` is never sent). */
export const FUNCTION_COMMANDS: Commands = { byHash: 'FCALL', byBody: 'FCALL' }
export const READ_ONLY_FUNCTION_COMMANDS: Commands = { byHash: 'FCALL_RO', byBody: 'FCALL_RO' }

/** A function's library: loaded with FUNCTION LOAD when the server says `Function not found`. */
export interface LibrarySource {
  text: string
  name: string
}

/** A script as the transport sees it: built once per script by `LuaScript`. */
export interface Engine extends ErrorSource {
  sha1: string
  readOnly: boolean
  commands: Commands
  /**
   * What the call names (argv's script slot) and what a connection is remembered to know: the SHA-1 of a script,
   * the function name of a function.
   */
  target: string
  /** A function's library, `null` for a script. */
  library: LibrarySource | null
  decode: (reply: unknown) => unknown
}

/** One checked, encoded call, ready to send. */
export interface Call {
  engine: Engine
  /** EVALSHA's arguments: `[sha1, numkeys, ...KEYS, ...ARGV]`, after its client adapter's `head` slots. */
  argv: Argv
  /** The keys' common cluster slot; `null` off a cluster or without keys. */
  slot: number | null
}

/** EVAL's arguments: the call's own argv with the body in place of the SHA-1 (rare: a copy). */
export function bodyArgv(engine: Engine, argv: Argv, head: Head): Argv {
  const body = [...argv]
  body[head] = engine.lua
  return body
}
