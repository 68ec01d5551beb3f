/** A reply as ioredis pipelines report it: `[error, value]`. */
export type Entry = [Error | null, unknown]

/** Where one queued call's reply is, once the pipeline has run. */
export interface Slot {
  /** The call's own reply (inside MULTI: its element of the EXEC reply, or EXEC's error). */
  entry: Entry
  transaction: boolean
  /** EXEC returned nil: a WATCHed key changed and nothing in the transaction ran. */
  aborted: boolean
}

type Span = [multiAt: number, execAt: number]

const spans = new WeakMap<Entry[], Span[]>()

/**
 * Finds the reply of the command queued at `position`. In a plain pipeline it is `entries[position]`;
 * inside MULTI that entry is `QUEUED` and the reply is an element of the EXEC reply.
 */
export function slotAt(pipeline: object, entries: Entry[], position: number, transaction: boolean): Slot {
  const own = entries[position] ?? missing()
  if (!transaction || own[0] !== null) return { entry: own, transaction, aborted: false }
  const [multiAt, execAt] = transactionsOf(pipeline, entries).find(([m, e]) => m < position && position < e) ?? [
    0,
    entries.length - 1,
  ]
  const [execError, replies] = entries[execAt] ?? missing()
  if (execError !== null) return { entry: [execError, undefined], transaction, aborted: false }
  if (!Array.isArray(replies)) return { entry: [null, undefined], transaction, aborted: true }
  const reply: unknown = replies[position - multiAt - 1]
  return { entry: reply instanceof Error ? [reply, undefined] : [null, reply], transaction, aborted: false }
}

/** MULTI...EXEC spans of a pipeline, read once per run from ioredis' command queue (`_queue`). */
function transactionsOf(pipeline: object, entries: Entry[]): Span[] {
  let found = spans.get(entries)
  if (found) return found
  found = []
  const open: number[] = []
  const queue = (pipeline as { _queue?: { name?: string }[] })._queue ?? []
  for (let i = 0; i < queue.length; i++) {
    if (queue[i].name === 'multi') open.push(i)
    const multiAt = queue[i].name === 'exec' ? open.pop() : undefined
    if (multiAt !== undefined) found.push([multiAt, i])
  }
  spans.set(entries, found)
  return found
}

function missing(): Entry {
  return [new Error('the pipeline returned no reply for this call'), undefined]
}
