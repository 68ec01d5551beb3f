import { bodyArgv, type Call, type Engine } from './call.js'
import type { BatchAdapter, Outcomes } from './clients/adapter.js'
import { finish, resend, runDirect } from './direct.js'
import type { Argv } from './encode-params.js'
import { ScriptAbortedError, ScriptNotLoadedError } from './errors.js'
import { forgetLoaded, isLoaded, markLoaded } from './loaded.js'
import { isMissing, isRedirection, mapError } from './map-error.js'

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
  known: Set<string>
  /** Settles with the outcomes once the user's `exec()` has run (or with why it failed as a whole). */
  ran: Promise<Outcomes>
  /** The next call to settle: `ran`'s reactions run in the order the calls were queued. */
  cursor: number
  /** The script last marked loaded in this run of successes (once per run is enough). */
  marked: string | undefined
  settle: (outcomes: Outcomes) => unknown
  fail: (error: unknown) => unknown
}

const batches = new WeakMap<object, Batch>()

/**
 * Queues a call on a batch (`pipeline()`, `multi()`) and returns a promise of its decoded result (or
 * mapped error) that settles once the user's `exec()` has the replies; `exec()` itself is untouched.
 * Each call's promise is a reaction to the batch's one `ran` promise, with the batch's two handlers:
 * a pipeline of thousands of calls keeps them all alive until `exec()`, so every object kept per call
 * shows (bench row 3), and a reaction is the least a promise of its own can cost.
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
  const promise = batch.ran.then(batch.settle, batch.fail)
  batch.engines.push(engine)
  batch.argvs.push(argv)
  batch.slots.push(slot)
  batch.handles.push(handle)
  batch.promises.push(promise)
  return promise
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
    known: new Set(),
    ran: new Promise((settled, failed) => adapter.whenRun(pipeline, settled, failed)),
    cursor: 0,
    marked: undefined,
    settle: outcomes => settleNext(pipeline, created, outcomes),
    fail: error => fail(created, created.cursor++, error),
  }
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

/** Settles the next call in queue order from the outcomes: its decoded result, a retry, or its error. */
function settleNext(pipeline: object, batch: Batch, outcomes: Outcomes): unknown {
  const i = batch.cursor++
  const engine = batch.engines[i]
  const handle = batch.handles[i]
  try {
    if (outcomes.succeeded(handle)) {
      if (batch.marked !== engine.target)
        markLoaded(
          connectionOf(batch, batch.adapter.parent(pipeline), callAt(batch, i)),
          (batch.marked = engine.target),
        )
      return engine.decode(outcomes.value(handle))
    }
    batch.marked = undefined
    const client = batch.adapter.parent(pipeline)
    const value = settle(client, batch, callAt(batch, i), outcomes, handle)
    // A retry's promise may reject later: the same guard as fail()'s.
    if (value instanceof Promise) batch.promises[i].catch(ignore)
    return value
  } catch (error) {
    return fail(batch, i, error)
  }
}

function connectionOf(batch: Batch, client: object | null, call: Call): object | null {
  return client === null ? null : (batch.adapter.parentAdapter.connection?.(client, call) ?? null)
}

function callAt(batch: Batch, i: number): Call {
  return { engine: batch.engines[i], argv: batch.argvs[i], slot: batch.slots[i] }
}

// The caller may ignore this promise (it has exec()'s results): a rejection must not go unhandled.
function fail(batch: Batch, i: number, error: unknown): Promise<never> {
  batch.promises[i].catch(ignore)
  return Promise.reject(error)
}

function ignore(): void {}

function settle(client: object | null, batch: Batch, call: Call, outcomes: Outcomes, handle: number): unknown {
  if (outcomes.aborted(handle)) throw new ScriptAbortedError(call.engine.name)
  const { parentAdapter, serverError } = batch.adapter
  const error = outcomes.error(handle)
  const text = serverError(error)
  const lost = isMissing(call.engine, text)
  if (lost) forgetLoaded(connectionOf(batch, client, call))
  // A plain pipeline is not atomic, so a call that did not run is simply sent again, alone. Inside
  // MULTI that would run it outside the transaction (and its WATCH), so the call fails instead.
  if (client !== null && !outcomes.atomic(handle)) {
    if (lost) return finish(parentAdapter, call, resend(client, parentAdapter, call))
    // ioredis retries a cluster pipeline only when all of it got the same redirection: in a slot
    // being migrated, some calls run and others get ASK or TRYAGAIN. Alone, the call follows it.
    if (isRedirection(text)) return runDirect(client, parentAdapter, call)
  }
  throw mapError(call.engine, error, text)
}
