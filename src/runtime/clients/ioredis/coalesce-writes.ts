import type { Call } from '../../call.js'
import { connectionByKey, loose, masterKey, type Loose } from './internals.js'

interface Socket {
  cork(): void
  uncork(): void
}

/** The sockets corked now, and how many commands each holds since it was last flushed. */
const corked = new WeakMap<object, { held: number }>()

/**
 * How many commands a corked socket holds before they leave, while the tick goes on: the server works
 * on them while later calls are still being built, instead of idling until the tick is over (on a
 * two-core machine that idling cost more than the syscalls saved).
 */
export const FLUSH_EVERY = 32

/**
 * Lets the calls made in one tick on one connection leave in one `writev` per {@link FLUSH_EVERY}
 * instead of one syscall each, which is much of what a call costs the client and the server (ioredis
 * writes every command on its own). A call on an idle connection is written at once, so a lone call
 * waits for nothing and pays nothing; while replies are awaited, the socket is corked until the code
 * running now, and the microtasks already queued, are done (`queueMicrotask`, which also keeps the
 * runtime free of Node globals), or until it holds {@link FLUSH_EVERY} commands. The order of commands and replies is untouched, unlike ioredis' `enableAutoPipelining`,
 * which reroutes commands through pipelines. On a `Cluster` the connection is the master of the
 * call's slot; a redirected command just leaves that socket to be uncorked with the rest.
 */
export function coalesceWrites(client: object, call: Call): void {
  const connection = connectionFor(client, call)
  if (!connection) return
  const { status, stream, commandQueue } = connection
  if (status !== 'ready' || !isSocket(stream)) return
  const open = corked.get(stream)
  if (open !== undefined) {
    if (open.held === FLUSH_EVERY) {
      stream.uncork()
      stream.cork()
      open.held = 0
    }
    open.held++
    return
  }
  if (!(Number(commandQueue?.length) > 0)) return
  stream.cork()
  corked.set(stream, { held: 1 })
  queueMicrotask(() => uncork(stream))
}

// A read-only call on a cluster may go to any replica (`scaleReads`), and a keyless one to any node.
function connectionFor(client: object, call: Call): Loose | undefined {
  if (loose(client).isCluster !== true) return loose(client)
  if (call.slot === null || call.engine.readOnly) return undefined
  const key = masterKey(client, call.slot)
  return key === undefined ? undefined : connectionByKey(client, key)
}

function uncork(stream: Socket): void {
  corked.delete(stream)
  stream.uncork()
}

function isSocket(stream: Loose['stream']): stream is Socket {
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function'
}
