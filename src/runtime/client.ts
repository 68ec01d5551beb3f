/**
 * What the runtime needs to know about an ioredis object, found by duck typing so the runtime has
 * no runtime dependency on ioredis (checked against ioredis 6.0.0 `built/`).
 */
type Method = (...args: unknown[]) => unknown

interface Loose {
  [member: string]: unknown
  isPipeline?: unknown
  isCluster?: unknown
  options?: { keyPrefix?: unknown; host?: unknown; port?: unknown }
  stream?: object | null
  redis?: object
  _transactions?: unknown
}

const loose = (client: object): Loose => client as Loose

/** Anything that can send commands the way ioredis objects do. */
export function isClient(client: unknown): client is object {
  return typeof client === 'object' && client !== null && typeof (client as Loose).evalsha === 'function'
}

/** A `pipeline()` or `multi()`: both are ioredis `Pipeline`s, which set `isPipeline`. */
export function isPipeline(client: object): boolean {
  return loose(client).isPipeline === true
}

/** A `Cluster`, or a pipeline over one (ioredis sets `isCluster` on both; `Redis` sets it false). */
export function isCluster(client: object): boolean {
  return loose(client).isCluster === true
}

/** A pipeline inside `MULTI`: ioredis counts open transactions in `_transactions`. */
export function inTransaction(pipeline: object): boolean {
  const open = loose(pipeline)._transactions
  return typeof open === 'number' && open > 0
}

/** The client's `keyPrefix` option (a pipeline shares its client's options). */
export function keyPrefix(client: object): unknown {
  return loose(client).options?.keyPrefix
}

/** The `Redis` or `Cluster` a pipeline was made from. */
export function pipelineClient(pipeline: object): object {
  return loose(pipeline).redis ?? pipeline
}

/**
 * Calls a command through the client's own method (`evalsha`, `eval_ro`, ...) so ioredis applies
 * `keyPrefix` to the key positions only and a Cluster sees the command's read-only flag; `call` when
 * the client lacks the method. On a pipeline this queues the command.
 */
export function invoke(client: object, command: string, argv: unknown[]): unknown {
  const target = loose(client)
  const method = target[command]
  if (typeof method === 'function') return (method as Method).apply(client, argv)
  return (target.call as Method).call(client, command, ...argv)
}

/** The master serving a cluster slot, from the slot table and the public `nodes()`. */
export function masterOf(cluster: object, slot: number): object | undefined {
  const table = loose(cluster).slots as (string[] | undefined)[] | undefined
  const address = table?.[slot]?.[0]
  if (address === undefined) return undefined
  const nodes = (loose(cluster).nodes as (role: string) => object[]).call(cluster, 'master')
  return nodes.find(node => `${loose(node).options?.host}:${loose(node).options?.port}` === address)
}

/**
 * The socket a command to this client (for a cluster: to this slot) is written on, or `null` when
 * unknown. Script-cache knowledge is kept per socket, so a reconnect (new socket) starts afresh.
 */
export function socketOf(client: object, slot: number | null): object | null {
  if (!isCluster(client)) return loose(client).stream ?? null
  const node = slot === null ? undefined : masterOf(client, slot)
  return node ? socketOf(node, null) : null
}

/** The masters of a cluster, and its replicas too when asked; waits for the slot table first. */
export async function clusterNodes(cluster: object, withReplicas: boolean): Promise<object[]> {
  const target = loose(cluster)
  if (target.status !== 'ready') await invoke(cluster, 'ping', [])
  const nodes = target.nodes as (role: string) => object[]
  const masters = nodes.call(cluster, 'master')
  return withReplicas ? [...masters, ...nodes.call(cluster, 'slave')] : masters
}
