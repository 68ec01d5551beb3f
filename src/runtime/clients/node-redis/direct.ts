import type { Call } from '../../call.js'
import type { Argv } from '../../encode-params.js'
import { prefixKey } from '../../prefix-key.js'
import type { DirectAdapter, NodeReply } from '../adapter.js'
import { errorReplyText, nodeRedis, type NodeRedisLoose } from './internals.js'

/**
 * What script-cache knowledge is kept under for a node-redis client: a token replaced on every
 * (re)connect, since a new connection may reach a restarted (or failed-over) server.
 */
const tokens = new WeakMap<object, object>()

function connectionToken(client: object | undefined): object | null {
  if (client === undefined) return null
  const self = nodeRedis(client)._self ?? client
  let token = tokens.get(self)
  if (token === undefined) {
    tokens.set(self, (token = {}))
    nodeRedis(self).on?.('connect', () => tokens.set(self, {}))
  }
  return token
}

const prefixOf = (client: object): string | undefined => {
  const prefix = nodeRedis(client)._keyPrefix
  return typeof prefix === 'string' && prefix !== '' ? prefix : undefined
}

/**
 * The wire command: node-redis sends strings and Buffers only, and adds `keyPrefix` only to keys its
 * own command methods push, so the raw command gets it here, as those methods would add it.
 */
export function wireArgs(client: object, command: string, argv: Argv): (string | Uint8Array)[] {
  const prefix = prefixOf(client)
  const numkeys = argv[1]
  // Exactly as long as needed (growing a short literal would copy it): this runs on every call.
  // oxlint-disable-next-line unicorn/no-new-array
  const args = new Array(argv.length + 1) as (string | Uint8Array)[]
  args[0] = command
  args[1] = argv[0]!
  args[2] = String(numkeys)
  for (let i = 2; i < argv.length; i++) {
    const value = argv[i] as string | Uint8Array
    args[i + 1] = prefix !== undefined && i < 2 + numkeys ? prefixKey(prefix, value) : value
  }
  return args
}

function problem(client: object): string | undefined {
  const target = nodeRedis(client)
  if (typeof target.withTypeMapping !== 'function')
    return 'a node-redis client older than 5 (it has no withTypeMapping()); this package needs redis 5 or later'
  if (target.isOpen !== true)
    return 'a node-redis client that is not open (connect() was not called or has not finished, or it was closed)'
  return undefined
}

async function onNode(client: object, command: string, args: string[]): Promise<NodeReply> {
  const reply = await nodeRedis(client).sendCommand!([command, ...args])
  return { reply, connection: connectionToken(client) }
}

/** node-redis `createClient()`. */
export const nodeRedisClient: DirectAdapter = {
  kind: 'direct',
  label: 'node-redis client',
  cluster: () => false,
  keyPrefix: prefixOf,
  send: (client, command, argv) => nodeRedis(client).sendCommand!(wireArgs(client, command, argv)) as Promise<unknown>,
  connection: client => connectionToken(client),
  everyNode: async (client, command, args) => [await onNode(client, command, args)],
  serverError: errorReplyText,
  problem,
}

/** The master serving a slot, from the cluster's public slot table. */
const masterOf = (cluster: NodeRedisLoose, slot: number | null) =>
  slot === null ? undefined : cluster.slots?.[slot]?.master

/** node-redis `createCluster()`: routed by the first key, read-only commands may go to replicas. */
export const nodeRedisCluster: DirectAdapter = {
  kind: 'direct',
  label: 'node-redis cluster',
  cluster: () => true,
  keyPrefix: prefixOf,
  send(cluster, command, argv, call: Call) {
    const args = wireArgs(cluster, command, argv)
    const firstKey = argv[1] > 0 ? args[3] : undefined
    return nodeRedis(cluster).sendCommand!(firstKey, call.engine.readOnly, args) as Promise<unknown>
  },
  // A read-only call may be served by a replica (`useReplicas`): unknown.
  connection: (cluster, call) =>
    call.engine.readOnly ? null : connectionToken(masterOf(nodeRedis(cluster), call.slot)?.client),
  async everyNode(cluster, command, args, withReplicas) {
    const target = nodeRedis(cluster)
    const nodes = [...(target.masters ?? []), ...(withReplicas ? (target.replicas ?? []) : [])]
    return Promise.all(
      nodes.map(async node => onNode((await target.nodeClient!.call(cluster, node)) as object, command, args)),
    )
  },
  serverError: errorReplyText,
  problem,
}
