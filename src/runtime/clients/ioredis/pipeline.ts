import type { BatchAdapter, Outcomes } from '../adapter.js'
import { invoke } from './commands.js'
import { ioredisDirect, problem, replyText } from './direct.js'
import { loose } from './internals.js'

/** A reply as ioredis pipelines report it: `[error, value]`. */
type Entry = [Error | null, unknown]
type Span = [multiAt: number, execAt: number]

/** ioredis (and iovalkey) `pipeline()` and `multi()`: both are `Pipeline`s. */
export const ioredisPipeline: BatchAdapter = {
  kind: 'batch',
  label: 'ioredis pipeline',
  parent: pipeline => loose(pipeline).redis ?? pipeline,
  parentAdapter: ioredisDirect,
  atomic(pipeline) {
    const open = loose(pipeline)._transactions
    return typeof open === 'number' && open > 0
  },
  queue(pipeline, command, argv) {
    const position = loose(pipeline).length!
    invoke(pipeline, command, argv)
    return position
  },
  whenRun(pipeline, settled, failed) {
    loose(pipeline).promise!.then(
      entries => settled(new PipelineOutcomes(entries as Entry[], transactionsOf(pipeline))),
      failed,
    )
  },
  serverError: replyText,
  problem: pipeline => problem(loose(pipeline).redis ?? pipeline),
}

const MISSING = new Error('the pipeline returned no reply for this call')

/**
 * The reply of the command queued at a position. In a plain pipeline it is `entries[position]`;
 * inside MULTI that entry is `QUEUED` and the reply is an element of the EXEC reply.
 */
class PipelineOutcomes implements Outcomes {
  constructor(
    private readonly entries: Entry[],
    private readonly spans: Span[],
  ) {}

  succeeded(position: number): boolean {
    const own = this.entries[position]
    if (own === undefined || own[0] !== null) return false
    return this.spans.length === 0 || (!this.aborted(position) && this.error(position) === null)
  }

  error(position: number): unknown {
    const own = this.entries[position]
    if (own === undefined) return MISSING
    if (own[0] !== null) return own[0]
    const span = this.spanOf(position)
    if (span === undefined) return null
    const [execError, replies] = this.entries[span[1]] ?? [MISSING, undefined]
    if (execError !== null) return execError
    const reply: unknown = Array.isArray(replies) ? replies[position - span[0] - 1] : undefined
    return reply instanceof Error ? reply : null
  }

  value(position: number): unknown {
    const span = this.spanOf(position)
    if (span === undefined) return this.entries[position]?.[1]
    const replies = this.entries[span[1]]?.[1]
    return Array.isArray(replies) ? replies[position - span[0] - 1] : undefined
  }

  aborted(position: number): boolean {
    const span = this.spanOf(position)
    if (span === undefined) return false
    const exec = this.entries[span[1]]
    return exec !== undefined && exec[0] === null && !Array.isArray(exec[1])
  }

  atomic(position: number): boolean {
    return this.spanOf(position) !== undefined
  }

  // Read for every call settled (by value(), and inside MULTI by succeeded()): an indexed loop, which
  // costs nothing on a plain pipeline.
  private spanOf(position: number): Span | undefined {
    const { spans } = this
    for (let i = 0; i < spans.length; i++) if (spans[i][0] < position && position < spans[i][1]) return spans[i]
    return undefined
  }
}

/** MULTI...EXEC spans of a pipeline, read once per run from ioredis' command queue (`_queue`). */
function transactionsOf(pipeline: object): Span[] {
  const found: Span[] = []
  const open: number[] = []
  const queue = loose(pipeline)._queue ?? []
  for (let i = 0; i < queue.length; i++) {
    if (queue[i].name === 'multi') open.push(i)
    const multiAt = queue[i].name === 'exec' ? open.pop() : undefined
    if (multiAt !== undefined) found.push([multiAt, i])
  }
  return found
}
