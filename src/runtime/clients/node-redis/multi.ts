import type { Argv } from '../../encode-params.js'
import type { BatchAdapter, Outcomes } from '../adapter.js'
import { nodeRedisClient, wireArgs } from './direct.js'
import { errorReplyText, nodeRedis } from './internals.js'

/** Stands in for one of our replies inside the replies node-redis builds, so its position shows. */
class Marker {
  constructor(
    readonly call: number,
    readonly reply: unknown,
  ) {}
}

/** Our calls queued on one multi, and what became of them once it ran. */
interface Queued {
  /** Each call's SHA-1-bearing text, to tell its error apart from other commands'. */
  sha1s: string[]
  errors: unknown[]
  values: unknown[]
  /** Where each successful call's reply was in the replies. */
  positions: (number | undefined)[]
  aborted: boolean
  atomic: boolean
}

const queued = new WeakMap<object, Queued>()

/**
 * node-redis `multi()`: `exec()` runs it as MULTI...EXEC, `execAsPipeline()` as a plain pipeline; which
 * one is only known then, so every call is queued as if inside MULTI (by body, never retried). A
 * multi has no per-command promise and does not say which client made it: calls are queued with
 * `addCommand(args, transformReply)`, whose transform sees each successful reply, and the multi's own
 * `exec` methods are wrapped on that one object to read the failures; their results are unchanged.
 */
export const nodeRedisMulti: BatchAdapter = {
  kind: 'batch',
  label: 'node-redis multi',
  parent: () => null,
  parentAdapter: nodeRedisClient,
  atomic: () => true,
  queue(multi, command, argv: Argv) {
    const state = queued.get(multi)!
    const index = state.sha1s.length
    // argv is laid out after the command's slot (the adapter's head): the SHA-1 or body is next.
    state.sha1s.push(String(argv[1]).length === 40 ? String(argv[1]) : '')
    nodeRedis(multi).addCommand!(wireArgs(multi, command, argv), reply => new Marker(index, reply))
    return index
  },
  whenRun(multi, settled, failed) {
    const state: Queued = { sha1s: [], errors: [], values: [], positions: [], aborted: false, atomic: true }
    queued.set(multi, state)
    wrapExec(multi, state, settled, failed)
  },
  serverError: errorReplyText,
  problem: () => undefined,
}

function wrapExec(
  multi: object,
  state: Queued,
  settled: (outcomes: Outcomes) => void,
  failed: (error: unknown) => void,
): void {
  const target = nodeRedis(multi)
  const exec = target.exec!
  const execAsPipeline = target.execAsPipeline!
  const run = async (atomic: boolean, original: () => Promise<unknown>): Promise<unknown> => {
    state.atomic = atomic
    try {
      const replies = unmark(state, (await original()) as unknown[])
      settled(outcomesOf(state))
      return replies
    } catch (error) {
      observeFailure(state, atomic, error, settled, failed)
      throw error
    }
  }
  const wrappedExec = function (this: unknown, asPipeline?: unknown): Promise<unknown> {
    if (asPipeline === true) return target.execAsPipeline!.call(multi) as Promise<unknown>
    return run(true, () => exec.call(multi) as Promise<unknown>)
  }
  Object.assign(multi, {
    exec: wrappedExec,
    EXEC: wrappedExec,
    execAsPipeline: () => run(false, () => execAsPipeline.call(multi) as Promise<unknown>),
  })
}

function observeFailure(
  state: Queued,
  atomic: boolean,
  error: unknown,
  settled: (outcomes: Outcomes) => void,
  failed: (error: unknown) => void,
): void {
  const replies = (error as { replies?: unknown }).replies
  const errorIndexes = (error as { errorIndexes?: unknown }).errorIndexes
  if (Array.isArray(replies) && Array.isArray(errorIndexes)) {
    // A MultiErrorReply: every reply is there, errors in place.
    ;(error as { replies: unknown[] }).replies = unmark(state, replies)
    assignErrors(state, replies, errorIndexes as number[])
    return settled(outcomesOf(state))
  }
  if (error instanceof Error && error.constructor.name === 'WatchError') {
    state.aborted = true
    return settled(outcomesOf(state))
  }
  if (!atomic && errorReplyText(error) !== null)
    return failed(
      new Error(
        `node-redis' execAsPipeline() rejected with the first failed command's error and dropped every other reply, so this call's outcome is unknown: ${errorReplyText(error)}`,
        { cause: error },
      ),
    )
  failed(error)
}

/** Our replies back in place of their markers (what the user's exec() returns); records each. */
function unmark(state: Queued, replies: unknown[]): unknown[] {
  for (let i = 0; i < replies.length; i++) {
    const reply = replies[i]
    if (!(reply instanceof Marker)) continue
    state.values[reply.call] = reply.reply
    state.errors[reply.call] = null
    state.positions[reply.call] = i
    replies[i] = reply.reply
  }
  return replies
}

/**
 * Which error reply is each failed call's: its transform never ran, so it has no marker; its reply
 * lies between the positions of our neighbouring calls that succeeded. Among several errors there,
 * one whose text names the script's SHA-1 wins, then the first (errors of the user's own commands
 * in the same stretch are the only way to be unsure).
 */
function assignErrors(state: Queued, replies: unknown[], errorIndexes: number[]): void {
  const { positions } = state
  const taken = new Set<number>()
  for (let call = 0; call < state.sha1s.length; call++) {
    if (state.errors[call] === null) continue
    const low = positions.slice(0, call).findLast(p => p !== undefined) ?? -1
    const high = positions.slice(call + 1).find(p => p !== undefined) ?? replies.length
    const open = errorIndexes.filter(i => i > low && i < high && !taken.has(i))
    const sha1 = state.sha1s[call]
    const own = open.find(i => sha1 !== '' && String((replies[i] as Error).message).includes(sha1)) ?? open[0]
    if (own !== undefined) taken.add(own)
    state.errors[call] = own === undefined ? new Error('the multi returned no reply for this call') : replies[own]
  }
}

function outcomesOf(state: Queued): Outcomes {
  return {
    error: call => {
      if (state.aborted) return null
      // `null`: it succeeded; never set: the multi ran without it.
      const error = state.errors[call]
      return error === undefined ? new Error('the multi returned no reply for this call') : error
    },
    succeeded: call => !state.aborted && state.errors[call] === null,
    value: call => state.values[call],
    aborted: () => state.aborted,
    atomic: () => state.atomic,
  }
}
