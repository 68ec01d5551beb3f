import { bodyArgv, type Call, type Engine } from './call.js'
import type { BatchAdapter, Outcomes } from './clients/adapter.js'
import { finish, resend } from './direct.js'
import type { Argv } from './encode-params.js'
import { ScriptAbortedError, ScriptNotLoadedError } from './errors.js'
import { forgetLoaded, isLoaded, markLoaded } from './loaded.js'
import { isMissing, mapError } from './map-error.js'

/**
 * The calls queued on one batch, column by column (no object per call): a pipeline of thousands of
 * calls keeps all of this alive until `exec()`, so fewer objects per call means less work for the
 * garbage collector.
 * `known`: the scripts a later call there can run with EVALSHA outside MULTI: queued as EVAL ahead of
 * it, or known loaded on the connection when an earlier call was queued.
 */
interface Batch {
  adapter: BatchAdapter
  engines: Engine[]
  argvs: Argv[]
  slots: (number | null)[]
  handles: number[]
  promises: Promise<unknown>[]
  /** Each call's `resolve`; a failure resolves with a rejected promise, so no `reject` is kept. */
  resolvers: ((value: unknown) => void)[]
  known: Set<string>
}

const batches = new WeakMap<object, Batch>()

/**
 * Queues a call on a batch (`pipeline()`, `multi()`) and returns a promise of its decoded result (or
 * mapped error) that settles once the user's `exec()` has the replies; `exec()` itself is untouched.
 * All the calls of one batch are settled by one handler: a pipeline of thousands of calls keeps them
 * all alive until `exec()`, so every object kept per call shows (bench row 3).
 */
export function runQueued(
  pipeline: object,
  adapter: BatchAdapter,
  engine: Engine,
  argv: Argv,
  slot: number | null,
): Promise<unknown> {
  const batch = batchOf(pipeline, adapter)
  const atomic = adapter.atomic(pipeline)
  const bySha = knownLoaded(pipeline, batch, engine, argv, slot, atomic)
  // A function has no one-command fallback: inside MULTI, "Function not found" could not be mended.
  if (engine.library !== null && atomic && !bySha)
    throw new ScriptNotLoadedError(engine.name, adapter.parent(pipeline) !== null)
  const { byHash, byBody } = engine.commands
  const handle = adapter.queue(
    pipeline,
    bySha ? byHash : byBody,
    bySha ? argv : bodyArgv(engine, argv, adapter.parentAdapter.head),
  )
  pending = batch
  const promise = new Promise(enqueue)
  // Not kept past the call: a batch that has run must not stay alive until the next one queues.
  pending = undefined
  batch.engines.push(engine)
  batch.argvs.push(argv)
  batch.slots.push(slot)
  batch.handles.push(handle)
  batch.promises.push(promise)
  return promise
}

// The executor of every queued call's promise: one function, no closure (and context) per call, since
// a pipeline keeps thousands of calls alive and every allocation means more collector work. A promise's
// executor runs at once, so `pending` is the batch of the call being queued.
let pending: Batch | undefined
const enqueue = (resolve: (value: unknown) => void): void => {
  pending!.resolvers.push(resolve)
}

function batchOf(pipeline: object, adapter: BatchAdapter): Batch {
  let batch = batches.get(pipeline)
  if (batch) return batch
  const created: Batch = {
    adapter,
    engines: [],
    argvs: [],
    slots: [],
    handles: [],
    promises: [],
    resolvers: [],
    known: new Set(),
  }
  adapter.whenRun(
    pipeline,
    outcomes => settleAll(pipeline, created, outcomes),
    (error: unknown) => {
      for (let i = 0; i < created.engines.length; i++) fail(created, i, error)
    },
  )
  batches.set(pipeline, (batch = created))
  return batch
}

/**
 * EVALSHA when the server is known to have the script. Inside MULTI a NOSCRIPT cannot be retried, so
 * only a script the server accepted on this connection before counts; a plain pipeline may also rely
 * on an EVAL queued ahead of it in the same pipeline.
 */
function knownLoaded(
  pipeline: object,
  batch: Batch,
  engine: Engine,
  argv: Argv,
  slot: number | null,
  atomic: boolean,
): boolean {
  const { target } = engine
  // A plain pipeline calls a function by name anyway: "Function not found" is mended after exec().
  if (!atomic && (engine.library !== null || batch.known.has(target))) return true
  const call = { engine, argv, slot }
  const loaded = isLoaded(connectionOf(batch, batch.adapter.parent(pipeline), call), target)
  // Either way a later call outside MULTI can go by hash: the server has it, or this call's EVAL is ahead.
  if (!atomic) batch.known.add(target)
  return loaded
}

function settleAll(pipeline: object, batch: Batch, outcomes: Outcomes): void {
  const { adapter } = batch
  const client = adapter.parent(pipeline)
  // Marking a script loaded once per run of successes is enough: only a failure can change what is known.
  let marked: string | undefined
  for (let i = 0; i < batch.engines.length; i++) {
    const engine = batch.engines[i]
    const handle = batch.handles[i]
    try {
      if (!outcomes.aborted(handle) && outcomes.error(handle) === null) {
        if (marked !== engine.target)
          markLoaded(connectionOf(batch, client, callAt(batch, i)), (marked = engine.target))
        batch.resolvers[i](engine.decode(outcomes.value(handle)))
        continue
      }
      marked = undefined
      const value = settle(client, batch, callAt(batch, i), outcomes, handle)
      // A retry's promise may reject later: the same guard as fail()'s.
      if (value instanceof Promise) batch.promises[i].catch(ignore)
      batch.resolvers[i](value)
    } catch (error) {
      fail(batch, i, error)
    }
  }
}

function connectionOf(batch: Batch, client: object | null, call: Call): object | null {
  return client === null ? null : (batch.adapter.parentAdapter.connection?.(client, call) ?? null)
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

function settle(client: object | null, batch: Batch, call: Call, outcomes: Outcomes, handle: number): unknown {
  if (outcomes.aborted(handle)) throw new ScriptAbortedError(call.engine.name)
  const { parentAdapter, serverError } = batch.adapter
  const error = outcomes.error(handle)
  const text = serverError(error)
  const lost = isMissing(call.engine, text)
  if (lost) forgetLoaded(connectionOf(batch, client, call))
  // A plain pipeline is not atomic, so a lost script is simply sent again, alone. Inside MULTI that
  // would run it outside the transaction (and its WATCH), so the call fails instead.
  if (lost && client !== null && !outcomes.atomic(handle))
    return finish(parentAdapter, call, resend(client, parentAdapter, call))
  throw mapError(call.engine, error, text)
}
