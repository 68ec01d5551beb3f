import { GlideClient, GlideClusterClient, Logger, ProtocolVersion } from '@valkey/valkey-glide'
import IORedis6, { Cluster as IORedisCluster } from 'ioredis'
import IORedis5 from 'ioredis5'
import IOValkey from 'iovalkey'
import { createClient as createClient6, createCluster as createCluster6 } from 'redis'
import { createClient as createClient5, createCluster as createCluster5 } from 'redis5'
import type { RedisCluster, RedisServer } from '../../src/testing/index.js'

// GLIDE logs a WARN line for every server error reply unless told not to.
Logger.init('off')

/** A batch of one client: queue script calls on `target`, then run it as the user would. */
export interface BatchUnderTest {
  target: object
  /** Runs the batch; resolves to what the client's own exec gives (or its rejection, caught). */
  exec(): Promise<unknown>
  /** True when it runs as MULTI...EXEC. */
  atomic: boolean
}

export interface Connected {
  /** What is passed to run() and load(). */
  client: object
  /** The batches this client has, freshly made (empty for GLIDE, which has no clean hook). */
  batches: { name: string; make(): BatchUnderTest }[]
  /** WATCH on this client's connection, for a MULTI made after it (clients with transactions). */
  watch?(key: string): Promise<void>
  close(): Promise<void>
}

export interface ClientUnderTest {
  name: string
  /** The client has a `keyPrefix` option that prefixes keys (node-redis from 6.1, ioredis, iovalkey). */
  keyPrefix: boolean
  connect(server: RedisServer, options?: { keyPrefix?: string }): Promise<Connected>
  /** The client's cluster, when it has one. */
  cluster?(cluster: RedisCluster, options?: { keyPrefix?: string }): Promise<Connected>
}

type IORedisLike = {
  pipeline(): { exec(): Promise<unknown> }
  multi(): { exec(): Promise<unknown> }
  watch(key: string): Promise<unknown>
  quit(): Promise<unknown>
  ping(): Promise<unknown>
}

function ioredisConnected(redis: IORedisLike, withWatch: boolean): Connected {
  return {
    client: redis,
    batches: [
      { name: 'pipeline()', make: () => ioredisBatch(redis.pipeline(), false) },
      { name: 'multi()', make: () => ioredisBatch(redis.multi(), true) },
    ],
    watch: withWatch ? async key => void (await redis.watch(key)) : undefined,
    close: async () => void (await redis.quit().catch(() => undefined)),
  }
}

function ioredisBatch(batch: { exec(): Promise<unknown> }, atomic: boolean): BatchUnderTest {
  return { target: batch, exec: () => batch.exec(), atomic }
}

function ioredisFlavour(
  name: string,
  Redis: new (options: object) => IORedisLike,
  Cluster: (new (nodes: object[], options: object) => IORedisLike) | undefined,
  options: object,
): ClientUnderTest {
  return {
    name,
    keyPrefix: true,
    async connect(server, { keyPrefix } = {}) {
      const redis = new Redis({ host: server.host, port: server.port, keyPrefix, ...options })
      await redis.ping()
      return ioredisConnected(redis, true)
    },
    cluster: Cluster
      ? async (cluster, { keyPrefix } = {}) => {
          const client = new Cluster(
            cluster.masters().map(({ host, port }) => ({ host, port })),
            { keyPrefix, redisOptions: options },
          )
          await client.ping()
          return ioredisConnected(client, false)
        }
      : undefined,
  }
}

type NodeRedisLike = {
  connect(): Promise<unknown>
  close?(): Promise<unknown>
  quit?(): Promise<unknown>
  destroy?(): unknown
  watch(key: string): Promise<unknown>
  multi(): { exec(): Promise<unknown>; execAsPipeline(): Promise<unknown> }
}

function nodeRedisFlavour(
  name: string,
  create: (options: never) => unknown,
  createCluster: (options: never) => unknown,
  options: { RESP?: 2 | 3 },
  keyPrefix: boolean,
): ClientUnderTest {
  const close = async (client: NodeRedisLike): Promise<void> => {
    if (client.close) await client.close().catch(() => undefined)
    else await client.quit?.().catch(() => undefined)
  }
  return {
    name,
    keyPrefix,
    async connect(server, extra = {}) {
      const client = create({ url: server.url, ...options, ...extra } as never) as NodeRedisLike
      await client.connect()
      return {
        client,
        batches: [
          { name: 'multi().exec()', make: () => nodeRedisBatch(client.multi(), true) },
          { name: 'multi().execAsPipeline()', make: () => nodeRedisBatch(client.multi(), false) },
        ],
        watch: async key => void (await client.watch(key)),
        close: () => close(client),
      }
    },
    async cluster(cluster, extra = {}) {
      const client = createCluster({
        rootNodes: cluster.masters().map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
        defaults: options,
        ...(options.RESP ? { RESP: options.RESP } : {}),
        ...extra,
      } as never) as NodeRedisLike
      await client.connect()
      return { client, batches: [], close: () => close(client) }
    },
  }
}

function nodeRedisBatch(
  multi: { exec(): Promise<unknown>; execAsPipeline(): Promise<unknown> },
  atomic: boolean,
): BatchUnderTest {
  return { target: multi, exec: () => (atomic ? multi.exec() : multi.execAsPipeline()), atomic }
}

function glideFlavour(name: string, protocol: ProtocolVersion): ClientUnderTest {
  return {
    name,
    keyPrefix: false,
    async connect(server) {
      const client = await GlideClient.createClient({
        addresses: [{ host: server.host, port: server.port }],
        protocol,
        requestTimeout: 10_000,
      })
      return { client, batches: [], close: async () => client.close() }
    },
    async cluster(cluster) {
      const client = await GlideClusterClient.createClient({
        addresses: cluster.masters().map(({ host, port }) => ({ host, port })),
        protocol,
        requestTimeout: 10_000,
      })
      return { client, batches: [], close: async () => client.close() }
    },
  }
}

const io6 = IORedis6 as unknown as new (options: object) => IORedisLike
const io6Cluster = IORedisCluster as unknown as new (nodes: object[], options: object) => IORedisLike

/** Every Node client, in each protocol it speaks (Bun runs in its own process: bun.test.ts). */
export const CLIENTS: ClientUnderTest[] = [
  ioredisFlavour('ioredis 6 RESP3', io6, io6Cluster, {}),
  ioredisFlavour('ioredis 6 RESP2', io6, undefined, { protocol: 2 }),
  ioredisFlavour(
    'ioredis 5',
    IORedis5 as unknown as new (options: object) => IORedisLike,
    (IORedis5 as unknown as { Cluster: new (nodes: object[], options: object) => IORedisLike }).Cluster,
    {},
  ),
  ioredisFlavour(
    'iovalkey',
    IOValkey as unknown as new (options: object) => IORedisLike,
    (IOValkey as unknown as { Cluster: new (nodes: object[], options: object) => IORedisLike }).Cluster,
    {},
  ),
  nodeRedisFlavour('node-redis 6 RESP3', createClient6, createCluster6, {}, true),
  nodeRedisFlavour('node-redis 6 RESP2', createClient6, createCluster6, { RESP: 2 }, true),
  nodeRedisFlavour('node-redis 5 RESP2', createClient5, createCluster5, {}, false),
  nodeRedisFlavour('node-redis 5 RESP3', createClient5, createCluster5, { RESP: 3 }, false),
  glideFlavour('GLIDE RESP3', ProtocolVersion.RESP3),
  glideFlavour('GLIDE RESP2', ProtocolVersion.RESP2),
]
