import type { Call } from './call.js'
import { isCluster } from './client.js'

interface Socket {
  cork(): void
  uncork(): void
}

interface Connection {
  status?: unknown
  stream?: Partial<Socket> | null
  /** ioredis' queue of commands written and awaiting their replies. */
  commandQueue?: { length?: unknown }
}

interface ClusterRouting {
  /** ioredis' slot table: the node keys (`host:port`) serving each slot, the master first. */
  slots?: (string[] | undefined)[]
  connectionPool?: { getInstanceByKey?: (key: string) => Connection | undefined }
}

const corked = new WeakSet<object>()

/**
 * Lets the calls made in one tick on one connection leave in a single `writev` instead of one
 * syscall each, which is most of what a call costs the client (ioredis writes every command on its
 * own). A call on an idle connection is written at once, so a lone call waits for nothing and pays
 * nothing; while replies are awaited, the socket is corked until the code running now, and the
 * microtasks already queued, are done (`queueMicrotask`, which also keeps the runtime free of Node
 * globals). The order of commands and replies is untouched, unlike ioredis' `enableAutoPipelining`,
 * which reroutes commands through pipelines. On a `Cluster` the connection is the master of the
 * call's slot; a redirected command just leaves that socket to be uncorked with the rest.
 */
export function coalesceWrites(client: object, call: Call): void {
  const connection = connectionFor(client, call)
  if (!connection) return
  const { status, stream, commandQueue } = connection
  if (status !== 'ready' || !isSocket(stream) || corked.has(stream)) return
  if (!(Number(commandQueue?.length) > 0)) return
  stream.cork()
  corked.add(stream)
  queueMicrotask(() => uncork(stream))
}

// A read-only call on a cluster may go to any replica (`scaleReads`), and a keyless one to any node.
function connectionFor(client: object, call: Call): Connection | undefined {
  if (!isCluster(client)) return client as Connection
  if (call.slot === null || call.engine.readOnly) return undefined
  const { slots, connectionPool } = client as ClusterRouting
  const key = slots?.[call.slot]?.[0]
  return key === undefined ? undefined : connectionPool?.getInstanceByKey?.(key)
}

function uncork(stream: Socket): void {
  corked.delete(stream)
  stream.uncork()
}

function isSocket(stream: Connection['stream']): stream is Socket {
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function'
}
