import { bodyArgv, bodyCommand, shaCommand, socketFor, type Call, type Engine } from './call.js'
import { inTransaction, invoke, pipelineClient } from './client.js'
import { finish, sendBody } from './direct.js'
import type { Argv } from './encode-params.js'
import { ScriptAbortedError } from './errors.js'
import { forgetLoaded, isLoaded, markLoaded } from './loaded.js'
import { isNoScript, mapError } from './map-error.js'
import { slotAt, type Entry, type Slot } from './pipeline-slot.js'

/**
 * The calls queued on one pipeline, column by column (no object per call): a pipeline of thousands of
 * calls keeps all of this alive until `exec()`, so fewer objects per call means less work for the
 * garbage collector.
 * `bodies`: the scripts queued there as EVAL, which later calls can run with EVALSHA.
 */
interface Batch {
  engines: Engine[]
  argvs: Argv[]
  slots: (number | null)[]
  positions: number[]
  transactions: boolean[]
  promises: Promise<unknown>[]
  /** Each call's `resolve`; a failure resolves with a rejected promise, so no `reject` is kept. */
  resolvers: ((value: unknown) => void)[]
  bodies: Set<string>
}

const batches = new WeakMap<object, Batch>()

/**
 * Queues a call on a `pipeline()` or `multi()` and returns a promise of its decoded result (or mapped
 * error) that settles once the user's `exec()` has the replies; `exec()` itself is untouched. All the
 * calls of one pipeline are settled by one handler: a pipeline of thousands of calls keeps them all
 * alive until `exec()`, so every object kept per call shows (bench row 3).
 */
export function runQueued(pipeline: object, call: Call): Promise<unknown> {
  const batch = batchOf(pipeline)
  const transaction = inTransaction(pipeline)
  const bySha = knownLoaded(pipeline, batch, call, transaction)
  const position = (pipeline as { length: number }).length
  invoke(pipeline, bySha ? shaCommand(call) : bodyCommand(call), bySha ? call.argv : bodyArgv(call))
  if (!bySha && !transaction) batch.bodies.add(call.engine.sha1)
  const promise = new Promise(resolve => {
    batch.resolvers.push(resolve)
  })
  batch.engines.push(call.engine)
  batch.argvs.push(call.argv)
  batch.slots.push(call.slot)
  batch.positions.push(position)
  batch.transactions.push(transaction)
  batch.promises.push(promise)
  return promise
}

function batchOf(pipeline: object): Batch {
  let batch = batches.get(pipeline)
  if (batch) return batch
  const created: Batch = {
    engines: [],
    argvs: [],
    slots: [],
    positions: [],
    transactions: [],
    promises: [],
    resolvers: [],
    bodies: new Set(),
  }
  ;(pipeline as { promise: Promise<Entry[]> }).promise.then(
    entries => settleAll(pipeline, created, entries),
    (error: unknown) => {
      for (let i = 0; i < created.engines.length; i++) fail(created, i, error)
    },
  )
  batches.set(pipeline, (batch = created))
  return batch
}

/**
 * EVALSHA when the server is known to have the script. Inside MULTI a NOSCRIPT cannot be retried, so
 * only a script Redis accepted on this socket before counts; a plain pipeline may also rely on an
 * EVAL queued ahead of it in the same pipeline.
 */
function knownLoaded(pipeline: object, batch: Batch, call: Call, transaction: boolean): boolean {
  if (isLoaded(socketFor(pipelineClient(pipeline), call), call.engine.sha1)) return true
  return !transaction && batch.bodies.has(call.engine.sha1)
}

function settleAll(pipeline: object, batch: Batch, entries: Entry[]): void {
  const client = pipelineClient(pipeline)
  // Marking a script loaded once per run of successes is enough: only a failure can change what is known.
  let marked: string | undefined
  for (let i = 0; i < batch.engines.length; i++) {
    const engine = batch.engines[i]
    const transaction = batch.transactions[i]
    try {
      const entry = transaction ? undefined : entries[batch.positions[i]]
      if (entry?.[0] === null) {
        if (marked !== engine.sha1) markLoaded(socketFor(client, callAt(batch, i)), (marked = engine.sha1))
        batch.resolvers[i](engine.decode(entry[1]))
        continue
      }
      marked = undefined
      const value = settle(
        client,
        callAt(batch, i),
        transaction,
        slotAt(pipeline, entries, batch.positions[i], transaction),
      )
      // A retry's promise may reject later: the same guard as fail()'s.
      if (value instanceof Promise) batch.promises[i].catch(ignore)
      batch.resolvers[i](value)
    } catch (error) {
      fail(batch, i, error)
    }
  }
}

function callAt(batch: Batch, i: number): Call {
  return { engine: batch.engines[i], argv: batch.argvs[i], slot: batch.slots[i] }
}

// The caller may ignore this promise (it has exec()'s results): a rejection must not go unhandled.
function fail(batch: Batch, i: number, error: unknown): void {
  batch.promises[i].catch(ignore)
  batch.resolvers[i](Promise.reject(error))
}

function ignore(): void {}

function settle(client: object, call: Call, transaction: boolean, slot: Slot): unknown {
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
  if (lost && !transaction) return finish(call, sendBody(client, call))
  throw mapError(call.engine, error)
}
