import type { Call } from '../../call.js'
import { firstKey, type Argv } from '../../encode-params.js'
import { prefixKey } from '../../prefix-key.js'
import type { DirectAdapter, NodeReply } from '../adapter.js'
import { errorReplyText, nodeRedis } from './internals.js'

const FIRST = firstKey(1)

const prefixOf = (client: object): string | undefined => {
  const prefix = nodeRedis(client)._keyPrefix
  return typeof prefix === 'string' && prefix !== '' ? prefix : undefined
}

/**
 * The wire command: argv itself (laid out after a slot for the command name), with the name put in.
 * node-redis adds `keyPrefix` only to keys its own command methods push, so with a prefix the keys of
 * a copy get it here, as those methods would add it (argv keeps its own keys for a resend).
 */
export function wireArgs(client: object, command: string, argv: Argv): (string | Uint8Array | undefined)[] {
  argv[0] = command
  const prefix = prefixOf(client)
  if (prefix === undefined) return argv
  const args: (string | Uint8Array | undefined)[] = argv.slice()
  const end = FIRST + Number(argv[2])
  for (let i = FIRST; i < end; i++) args[i] = prefixKey(prefix, argv[i]!)
  return args
}

const notOpen = (what: string): string =>
  `a node-redis ${what} that is not open (connect() was not called or has not finished, or it was closed)`

/** node-redis refuses a command on a client that is not open, before queueing it: `ClientClosedError`. */
function closedBy(client: object, error: unknown): string | undefined {
  return error instanceof Error && error.constructor.name === 'ClientClosedError' && nodeRedis(client).isOpen !== true
    ? notOpen('client')
    : undefined
}

/** A cluster is checked before each call: it fails a closed one in ways that differ by where. */
function clusterProblem(cluster: object): string | undefined {
  return nodeRedis(cluster).isOpen === true ? undefined : notOpen('cluster')
}

/** What `detect` gives a node-redis 4 object: refused before anything is sent. */
export const tooOld = (adapter: DirectAdapter): DirectAdapter => ({
  ...adapter,
  problem: () => 'a node-redis client older than 5 (it has no withTypeMapping()); this package needs redis 5 or later',
})

async function onNode(client: object, command: string, args: string[]): Promise<NodeReply> {
  return { reply: await nodeRedis(client).sendCommand!([command, ...args]), connection: null }
}

/**
 * node-redis `createClient()`. No `connection`: a node-redis multi() does not say which client made
 * it, so what a connection is known to have loaded would never be read.
 */
export const nodeRedisClient: DirectAdapter = {
  kind: 'direct',
  label: 'node-redis client',
  head: 1,
  cluster: () => false,
  keyPrefix: prefixOf,
  send: (client, command, argv) => nodeRedis(client).sendCommand!(wireArgs(client, command, argv)) as Promise<unknown>,
  everyNode: async (client, command, args) => [await onNode(client, command, args)],
  serverError: errorReplyText,
  closedBy,
}

/** node-redis `createCluster()`: routed by the first key, read-only commands may go to replicas. */
export const nodeRedisCluster: DirectAdapter = {
  kind: 'direct',
  label: 'node-redis cluster',
  head: 1,
  cluster: () => true,
  keyPrefix: prefixOf,
  send(cluster, command, argv, call: Call) {
    const args = wireArgs(cluster, command, argv)
    const key = argv[2] !== '0' ? args[FIRST] : undefined
    return nodeRedis(cluster).sendCommand!(key, call.engine.readOnly, args) as Promise<unknown>
  },
  async everyNode(cluster, command, args, withReplicas) {
    const target = nodeRedis(cluster)
    const nodes = [...(target.masters ?? []), ...(withReplicas ? (target.replicas ?? []) : [])]
    return Promise.all(
      nodes.map(async node => onNode((await target.nodeClient!.call(cluster, node)) as object, command, args)),
    )
  },
  serverError: errorReplyText,
  problem: clusterProblem,
}
