import type { ClientFamily } from '../adapter.js'
import { ioredisDirect } from './direct.js'
import { loose } from './internals.js'
import { ioredisPipeline } from './pipeline.js'

/**
 * ioredis 5/6 and iovalkey (an ioredis fork): `Redis`, `Cluster`, `pipeline()`, `multi()`. They have
 * `evalsha`; `Redis` and `Cluster` set `isCluster` (false on a `Redis`), pipelines set `isPipeline`.
 */
export const ioredis: ClientFamily = {
  accepts: 'an ioredis or iovalkey Redis, Cluster, pipeline() or multi()',
  detect(client) {
    const target = loose(client)
    if (typeof target.evalsha !== 'function') return undefined
    if (target.isPipeline === true) return ioredisPipeline
    // ioredis 4 has no `isCluster` on a Redis: still ioredis, refused by `problem()` as too old.
    return typeof target.isCluster === 'boolean' || 'status' in target ? ioredisDirect : undefined
  },
}
