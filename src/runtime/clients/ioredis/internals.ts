/**
 * Every member of an ioredis (or iovalkey) object the runtime reads that is private (`_name` or a
 * TypeScript `private`) or public but undocumented, in one place. `test/clients/ioredis-internals.test.ts`
 * checks each of them on every supported ioredis, so a release that drops one fails there first.
 * Read through the accessors below, never directly.
 */
export const IOREDIS_INTERNALS = {
  /** On a connected `Redis`. */
  redis: [
    'stream', // the socket: identity of "known loaded", and cork()/uncork()
    'stream.cork',
    'stream.uncork',
    'commandQueue.length', // commands written and awaiting replies: cork only then
    'status', // 'ready', 'end'...
    'manuallyClosing', // quit() or disconnect() was called: closed, even before status says so
    'options.keyPrefix',
  ],
  /** On a connected `Cluster`. */
  cluster: [
    'slots', // slot -> ['host:port' of the master, ...replicas]
    'connectionPool.getInstanceByKey', // the master's connection, to cork it
    'status',
    'options.keyPrefix',
  ],
  /** On a `pipeline()` / `multi()` with commands queued. */
  pipeline: [
    'isPipeline',
    'redis', // the Redis or Cluster it was made from
    'length', // how many commands are queued: the next one's position
    'promise', // resolves to exec()'s [error, reply][] entries
    '_transactions', // open MULTIs: > 0 inside one
    '_queue', // the queued commands: their names locate MULTI...EXEC spans
  ],
} as const

type Method = (...args: unknown[]) => unknown

/** The loose shape of every ioredis object the runtime touches. */
export interface Loose {
  [member: string]: unknown
  isPipeline?: unknown
  isCluster?: unknown
  status?: unknown
  manuallyClosing?: unknown
  options?: { keyPrefix?: unknown; host?: unknown; port?: unknown }
  stream?: { cork?: unknown; uncork?: unknown } | null
  commandQueue?: { length?: unknown }
  redis?: object
  length?: number
  promise?: Promise<unknown>
  _transactions?: unknown
  _queue?: { name?: string }[]
  slots?: (string[] | undefined)[]
  connectionPool?: { getInstanceByKey?: (key: string) => Loose | undefined }
  nodes?: (role: string) => object[]
  call?: Method
}

export const loose = (client: object): Loose => client as Loose

/** The master's `host:port` for a slot, from the cluster's slot table. */
export function masterKey(cluster: object, slot: number): string | undefined {
  return loose(cluster).slots?.[slot]?.[0]
}

/** The connection (a `Redis`) of a cluster node, by its `host:port`. */
export function connectionByKey(cluster: object, key: string): Loose | undefined {
  return loose(cluster).connectionPool?.getInstanceByKey?.(key)
}
