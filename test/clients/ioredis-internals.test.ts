import IORedis6 from 'ioredis'
import IORedis5 from 'ioredis5'
import IOValkey from 'iovalkey'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IOREDIS_INTERNALS } from '../../src/runtime/clients/ioredis/internals.js'
import { startRedis, startRedisCluster, type RedisCluster, type RedisServer } from '../../src/testing/index.js'

// Every ioredis the package supports (and iovalkey, the fork), by the constructors each exports.
const LIBRARIES = [
  ['ioredis 6', IORedis6],
  ['ioredis 5', IORedis5],
  ['iovalkey', IOValkey],
] as const

let server: RedisServer
let cluster: RedisCluster
beforeAll(async () => {
  ;[server, cluster] = await Promise.all([startRedis(), startRedisCluster({ masters: 3, replicas: 0 })])
}, 120_000)
afterAll(async () => {
  await Promise.all([server?.stop(), cluster?.stop()])
})

/** The members of `paths` (`a.b`) that are missing on `target`. */
function missing(target: object, paths: readonly string[]): string[] {
  return paths.filter(path => {
    let value: unknown = target
    for (const part of path.split('.')) {
      if (value === null || value === undefined || !(part in Object(value))) return true
      value = (value as Record<string, unknown>)[part]
    }
    return false
  })
}

describe.each(LIBRARIES)('%s still has every member the runtime reads', (_, library) => {
  const { Cluster } = library as unknown as { Cluster: new (...args: unknown[]) => { quit(): Promise<unknown> } }
  const Redis = ('Redis' in library ? library.Redis : library) as unknown as new (options: object) => {
    ping(): Promise<unknown>
    quit(): Promise<unknown>
    pipeline(): { get(key: string): unknown }
    multi(): { get(key: string): unknown }
  }

  it('on a Redis, its pipeline() and its multi()', async () => {
    const redis = new Redis({ host: server.host, port: server.port, keyPrefix: 'p:' })
    try {
      await redis.ping()
      expect(missing(redis, IOREDIS_INTERNALS.redis)).toEqual([])
      const pipeline = redis.pipeline()
      pipeline.get('k')
      expect(missing(pipeline, IOREDIS_INTERNALS.pipeline)).toEqual([])
      const multi = redis.multi()
      multi.get('k')
      expect(missing(multi, IOREDIS_INTERNALS.pipeline)).toEqual([])
      expect((multi as unknown as { _queue: { name: string }[] })._queue.map(command => command.name)).toEqual([
        'multi',
        'get',
      ])
      expect((multi as unknown as { _transactions: number })._transactions).toBe(1)
    } finally {
      await redis.quit()
    }
  })

  it('on a Cluster', async () => {
    const [first] = cluster.masters()
    const client = new Cluster([{ host: first.host, port: first.port }], { keyPrefix: 'p:' }) as unknown as {
      ping(): Promise<unknown>
      quit(): Promise<unknown>
    }
    try {
      await client.ping()
      expect(missing(client, IOREDIS_INTERNALS.cluster)).toEqual([])
    } finally {
      await client.quit()
    }
  })
})
