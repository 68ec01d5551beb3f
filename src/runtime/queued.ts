import { bodyArgv, bodyCommand, shaArgv, shaCommand, socketFor, type Call } from './call.js'
import { inTransaction, invoke, pipelineClient } from './client.js'
import { finish, sendBody } from './direct.js'
import { ScriptAbortedError } from './errors.js'
import { forgetLoaded, isLoaded, markLoaded } from './loaded.js'
import { isNoScript, mapError } from './map-error.js'
import { locate, type Entry, type Slot } from './pipeline-slot.js'

// Scripts already queued as EVAL in each plain pipeline: later calls there can use EVALSHA.
const queuedBodies = new WeakMap<object, Set<string>>()

/**
 * Queues a call on a `pipeline()` or `multi()` and returns a promise of its decoded result (or mapped
 * error) that settles once the user's `exec()` has the replies; `exec()` itself is untouched.
 */
export function runQueued(pipeline: object, call: Call): Promise<unknown> {
  const transaction = inTransaction(pipeline)
  const bySha = knownLoaded(pipeline, call, transaction)
  const position = (pipeline as { length: number }).length
  invoke(pipeline, bySha ? shaCommand(call) : bodyCommand(call), bySha ? shaArgv(call) : bodyArgv(call))
  if (!bySha && !transaction) rememberBody(pipeline, call.engine.sha1)
  const slot = locate(pipeline, position, transaction)
  const results = (pipeline as { promise: Promise<Entry[]> }).promise
  const settled = results.then(entries => settle(pipeline, call, slot(entries)))
  // The caller may ignore this promise (it has exec()'s results); a rejection must not go unhandled.
  settled.catch(() => {})
  return settled
}

/**
 * EVALSHA when the server is known to have the script. Inside MULTI a NOSCRIPT cannot be retried, so
 * only a script Redis accepted on this socket before counts; a plain pipeline may also rely on an
 * EVAL queued ahead of it in the same pipeline.
 */
function knownLoaded(pipeline: object, call: Call, transaction: boolean): boolean {
  if (isLoaded(socketFor(pipelineClient(pipeline), call), call.engine.sha1)) return true
  return !transaction && (queuedBodies.get(pipeline)?.has(call.engine.sha1) ?? false)
}

function rememberBody(pipeline: object, sha1: string): void {
  const shas = queuedBodies.get(pipeline)
  if (shas) shas.add(sha1)
  else queuedBodies.set(pipeline, new Set([sha1]))
}

// Not `async`: called from a `then`, so a throw already rejects, and one promise per call is saved.
function settle(pipeline: object, call: Call, slot: Slot): unknown {
  const client = pipelineClient(pipeline)
  if (slot.aborted) throw new ScriptAbortedError(call.engine.name)
  const [error, reply] = slot.entry
  if (error === null) {
    markLoaded(socketFor(client, call), call.engine.sha1)
    return call.engine.decode(reply)
  }
  const lost = isNoScript(error)
  if (lost) forgetLoaded(socketFor(client, call))
  // A plain pipeline is not atomic, so a lost script is simply sent again, alone. Inside MULTI that
  // would run it outside the transaction (and its WATCH), so the call fails instead.
  if (lost && !slot.transaction) return finish(call, sendBody(client, call))
  throw mapError(call.engine, error)
}
