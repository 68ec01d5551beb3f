import type { BatchAdapter, ClientFamily } from '../adapter.js'
import { nodeRedisClient, nodeRedisCluster, tooOld } from './direct.js'
import { nodeRedis } from './internals.js'
import { nodeRedisMulti } from './multi.js'

/**
 * node-redis 5 and 6 (`redis`, `@redis/client`): a client has `sendCommand` and `isOpen`; a cluster
 * also `masters` and `nodeClient`; a client's `multi()` has `addCommand` and `execAsPipeline`.
 */
export const nodeRedisFamily: ClientFamily = {
  accepts: 'a node-redis createClient(), createCluster() or client multi()',
  detect(client) {
    const target = nodeRedis(client)
    if (typeof target.addCommand === 'function' && typeof target.execAsPipeline === 'function')
      // A cluster's multi() queues with addCommand(firstKey, isReadonly, args, transformReply).
      return target.addCommand.length > 2 ? clusterMulti : nodeRedisMulti
    if (typeof target.sendCommand !== 'function' || !('isOpen' in target)) return undefined
    const adapter = typeof target.nodeClient === 'function' && 'masters' in target ? nodeRedisCluster : nodeRedisClient
    // Checked once: a client's version does not change.
    return typeof target.withTypeMapping === 'function' ? adapter : tooOld(adapter)
  },
}

const clusterMulti: BatchAdapter = {
  ...nodeRedisMulti,
  label: 'node-redis cluster multi',
  problem: () =>
    'a node-redis cluster multi(), which is not supported: run the script on the cluster itself, or on a multi() of the node client that serves its keys (getNodeClientForKey)',
}
