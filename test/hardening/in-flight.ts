import type { Cluster, Redis } from 'ioredis'
import { LuaScriptError, ScriptReturnError, type ScriptClient } from '../../src/runtime/index.js'
import { within } from '../../src/testing/util.js'
import { scriptOf } from '../runtime/helpers.js'

/**
 * Counts and records who got each number: `log[n]` is the id of the call whose run made the counter
 * `n`, so a result handed to the wrong caller (or decoded from another reply) cannot go unseen.
 */
export const stamp = scriptOf<{ counter: string; log: string; id: string }, number>(
  'stamp',
  "%key counter\n%key log\n%arg id string\n%return integer\nlocal n = redis.call('INCR', counter)\nredis.call('HSET', log, n, id)\nreturn n\n",
)

/** The keys a stream's calls share: one counter and its log (on a cluster, with one hash tag). */
export interface Keys {
  counter: string
  log: string
}

/** `name:n` and `name:log`. */
export const keysNamed = (name: string): Keys => ({ counter: `${name}:n`, log: `${name}:log` })

/** Sends a batch of calls (one direct call, or one pipeline's worth) and returns their promises. */
export type Send = (ids: string[]) => Promise<number>[]

/** Each id a direct call, or a call queued on the pipeline given. */
export const callsOn =
  (client: ScriptClient, keys: Keys): Send =>
  ids =>
    ids.map(id => stamp.run(client, { ...keys, id }))

/** The ids as one pipeline of calls. */
export const pipelineOn =
  (client: Redis | Cluster, keys: Keys): Send =>
  ids => {
    const pipeline = client.pipeline()
    const calls = callsOn(pipeline, keys)(ids)
    // Each call's promise reports its own outcome; exec()'s array is not what is under test.
    pipeline.exec().catch(() => {})
    return calls
  }

/** `callsOn` or `pipelineOn`, by name. */
export const sendOn = (how: 'direct' | 'pipeline'): ((client: Redis | Cluster, keys: Keys) => Send) =>
  how === 'pipeline' ? pipelineOn : callsOn

/** How one call ended; `hung` when it had not settled within the bound. */
export interface Outcome {
  id: string
  value?: number
  error?: unknown
  hung?: boolean
}

/** How long any call may take to settle, through the fault and the recovery: generous, not a timing test. */
export const SETTLE_BOUND_MS = 30_000

export interface StreamOptions {
  total: number
  /** Batches in flight at once. */
  window: number
  batch?: number
  send: Send
  /** Called with the number of settled calls after each batch. */
  progress?: (settled: number) => void
  /**
   * Keeps sending past `total` while it says so, so a stream outlasts the fault it is under; never
   * past four times `total`, since a client that fails fast burns through calls while the server is down.
   */
  more?: () => boolean
}

/** Keeps `window` batches in flight until `total` calls have been sent; every call's outcome, bounded. */
export async function stream({
  total,
  window,
  batch = 1,
  send,
  progress,
  more = () => false,
}: StreamOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = []
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < total || (more() && next < 4 * total)) {
      const ids = Array.from({ length: next < total ? Math.min(batch, total - next) : batch }, () => `c${next++}`)
      outcomes.push(...(await Promise.all(send(ids).map((call, i) => bounded(ids[i], call)))))
      progress?.(outcomes.length)
      // Calls that fail at once settle in microtasks: let the event loop (reconnects, the fault) run.
      await new Promise(resolve => setImmediate(resolve))
    }
  }
  await Promise.all(Array.from({ length: window }, worker))
  return outcomes
}

async function bounded(id: string, call: Promise<number>): Promise<Outcome> {
  const settled = call.then(
    value => ({ id, value }),
    (error: unknown) => ({ id, error }),
  )
  return (await within(settled, SETTLE_BOUND_MS)) ?? { id, hung: true }
}

/** What the calls of one stream came to, checked against the counter and the log Redis kept. */
export interface Audit {
  /** The counter after the run: how many times the script ran. */
  counter: number
  resolved: number
  rejected: number
  hung: number
  /** Resolved values outside [1, counter], repeated, or not logged as made by that call. */
  wrong: string[]
  /** Rejections that are not connection errors (e.g. a reply decoded as garbage). */
  unclear: string[]
  /** Rejection messages and how often each was seen. */
  errors: Record<string, number>
  /** Runs of the script no caller got the result of (resent after a lost reply, or rejected late). */
  unreported: number
}

// What ioredis says when a call could not complete because the connection or the cluster failed.
const CONNECTION_ERROR =
  /^(?:Connection is closed\.|Reached the max retries per request limit|Stream isn't writeable and enableOfflineQueue options is false|Command timed out|Command aborted due to connection close|Pipeline aborted|Too many Cluster redirections|Cluster isn't ready|Failed to refresh slots cache|(?:read |connect )?E(?:CONNREFUSED|CONNRESET|PIPE))/

export function audit(outcomes: Outcome[], counter: number, log: Record<string, string>): Audit {
  const seen = new Set<number>()
  const result: Audit = {
    counter,
    resolved: 0,
    rejected: 0,
    hung: 0,
    wrong: [],
    unclear: [],
    errors: {},
    unreported: 0,
  }
  for (const { id, value, error, hung } of outcomes) {
    if (hung) result.hung++
    else if (value === undefined) reject(result, id, error)
    else {
      result.resolved++
      const fits = Number.isInteger(value) && value >= 1 && value <= counter && !seen.has(value) && log[value] === id
      if (!fits) result.wrong.push(`${id} got ${value} (log says ${log[value]})`)
      seen.add(value)
    }
  }
  result.unreported = counter - result.resolved
  return result
}

function reject(result: Audit, id: string, error: unknown): void {
  result.rejected++
  const message = error instanceof Error ? error.message : String(error)
  const key = message.replace(/\d+/g, 'N')
  result.errors[key] = (result.errors[key] ?? 0) + 1
  const decoded = error instanceof ScriptReturnError || error instanceof LuaScriptError
  if (decoded || !CONNECTION_ERROR.test(message)) result.unclear.push(`${id}: ${String(error)}`)
}

/** How often a server has replied with each error code (`INFO errorstats`), e.g. `{ NOSCRIPT: 3 }`. */
/** `audit` of the stream that wrote `keys`, with its counter and log read through `client`. */
export async function auditKeys(client: Redis | Cluster, outcomes: Outcome[], { counter, log }: Keys): Promise<Audit> {
  return audit(outcomes, Number(await client.get(counter)), await client.hgetall(log))
}

export async function errorCounts(client: Redis): Promise<Record<string, number>> {
  const info = await client.info('errorstats')
  return Object.fromEntries(
    [...info.matchAll(/^errorstat_(\w+):count=(\d+)/gm)].map(([, code, n]) => [code, Number(n)]),
  )
}

/** With HARDENING_REPORT=1, prints what each stream came to: the numbers behind docs/guarantees.md. */
export function report(fault: string, names: string[], audits: Audit[]): void {
  if (!process.env.HARDENING_REPORT) return
  const rows = audits.map(
    ({ resolved, rejected, hung, wrong, errors, unreported }, i) =>
      `  ${names[i]}: ${resolved} resolved, ${rejected} rejected, ${hung} hung, ${wrong.length} wrong, ${unreported} runs unreported ${JSON.stringify(errors)}`,
  )
  console.log([fault, ...rows].join('\n'))
}
