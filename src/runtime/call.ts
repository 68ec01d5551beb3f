import { isCluster, socketOf } from './client.js'
import type { Argv } from './encode-params.js'
import type { ErrorSource } from './map-error.js'

/** A script as the transport sees it: built once per script by `LuaScript`. */
export interface Engine extends ErrorSource {
  sha1: string
  readOnly: boolean
  decode: (reply: unknown) => unknown
}

/** One checked, encoded call, ready to send. */
export interface Call {
  engine: Engine
  /** EVALSHA's arguments: `[sha1, numkeys, ...KEYS, ...ARGV]`. */
  argv: Argv
  /** The keys' common cluster slot; `null` off a cluster or without keys. */
  slot: number | null
}

/** `EVALSHA`, or `EVALSHA_RO` for a read-only script. */
export function shaCommand(call: Call): string {
  return call.engine.readOnly ? 'evalsha_ro' : 'evalsha'
}

/** `EVAL`, or `EVAL_RO` for a read-only script: never plain EVAL for one (rueidis#601). */
export function bodyCommand(call: Call): string {
  return call.engine.readOnly ? 'eval_ro' : 'eval'
}

/** EVAL's arguments: the call's own argv with the body in place of the SHA-1 (rare: a copy). */
export function bodyArgv(call: Call): Argv {
  const argv = [...call.argv] as Argv
  argv[0] = call.engine.lua
  return argv
}

/**
 * The socket whose script cache this call relies on, or `null` when it cannot be known: a read-only
 * call on a cluster may be served by any replica (`scaleReads`).
 */
export function socketFor(client: object, call: Call): object | null {
  return call.engine.readOnly && isCluster(client) ? null : socketOf(client, call.slot)
}
