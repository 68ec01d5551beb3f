import type { DirectAdapter, NodeReply } from '../adapter.js'
import { coalesceWrites } from './coalesce-writes.js'
import { invoke } from './commands.js'
import { loose, masterKey } from './internals.js'

const isCluster = (client: object): boolean => loose(client).isCluster === true

/** Why an ioredis object cannot take commands: too old, or closed. */
export function problem(client: object): string | undefined {
  const target = loose(client)
  if (typeof target.isCluster !== 'boolean' || typeof target.call !== 'function')
    return 'an ioredis older than 5 (its Redis has no isCluster or call()); this package needs ioredis 5.4 or later'
  // `manuallyClosing`: quit() or disconnect() was called, and the socket is not closed yet.
  if (target.status === 'end' || target.manuallyClosing === true)
    return 'a closed ioredis client (quit() or disconnect() was called)'
  return undefined
}

/** ioredis (and iovalkey) `Redis` and `Cluster`. */
export const ioredisDirect: DirectAdapter = {
  kind: 'direct',
  label: 'ioredis',
  head: 0,
  cluster: isCluster,
  keyPrefix: client => {
    const prefix = loose(client).options?.keyPrefix
    return typeof prefix === 'string' && prefix !== '' ? prefix : undefined
  },
  send(client, command, argv, call) {
    coalesceWrites(client, call)
    return invoke(client, command, argv) as Promise<unknown>
  },
  // A read-only call on a cluster may be served by any replica (`scaleReads`): unknown.
  connection: (client, call) => (call.engine.readOnly && isCluster(client) ? null : socketOf(client, call.slot)),
  async everyNode(client, command, args, withReplicas) {
    const nodes = isCluster(client) ? await clusterNodes(client, withReplicas) : [client]
    return Promise.all(
      nodes.map(async (node): Promise<NodeReply> => ({
        reply: await invoke(node, command, args),
        connection: socketOf(node, null),
      })),
    )
  },
  serverError: replyText,
  problem,
}

/** ioredis' server errors are `ReplyError`s whose message is the server's text. */
export function replyText(error: unknown): string | null {
  return error instanceof Error && error.name === 'ReplyError' ? error.message : null
}

/** The master serving a cluster slot, from the slot table and the public `nodes()`. */
function masterOf(cluster: object, slot: number): object | undefined {
  const address = masterKey(cluster, slot)
  if (address === undefined) return undefined
  const nodes = loose(cluster).nodes!.call(cluster, 'master')
  return nodes.find(node => `${loose(node).options?.host}:${loose(node).options?.port}` === address)
}

/**
 * The socket a command to this client (for a cluster: to this slot) is written on, or `null` when
 * unknown. Script-cache knowledge is kept per socket, so a reconnect (new socket) starts afresh.
 */
function socketOf(client: object, slot: number | null): object | null {
  if (!isCluster(client)) return loose(client).stream ?? null
  const node = slot === null ? undefined : masterOf(client, slot)
  return node ? socketOf(node, null) : null
}

/** The masters of a cluster, and its replicas too when asked; waits for the slot table first. */
async function clusterNodes(cluster: object, withReplicas: boolean): Promise<object[]> {
  if (loose(cluster).status !== 'ready') await invoke(cluster, 'PING', [])
  const nodes = loose(cluster).nodes!
  const masters = nodes.call(cluster, 'master')
  return withReplicas ? [...masters, ...nodes.call(cluster, 'slave')] : masters
}
