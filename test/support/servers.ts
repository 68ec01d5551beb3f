import type { Redis } from 'ioredis'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Target } from '../../src/core/index.js'
import { afterAll, beforeAll } from 'vitest'
import {
  startRedis,
  startRedisCluster,
  type RedisCluster,
  type RedisServer,
  type StartRedisClusterOptions,
  type StartRedisOptions,
} from '../../src/testing/index.js'

/** One server the suites run against, for `describe.each(servers)('$name', ...)`. */
export interface ServerUnderTest {
  /** `redis-7.0` or `valkey-8.0`. */
  name: string
  /** What the server calls itself: INFO's `server_name` (Redis 7.0 has none and is `redis`). */
  kind: 'redis' | 'valkey'
  /** Major.minor the suites expect, e.g. `'8.0'`. */
  version: string
  /** The compile target for this server. */
  target: Target
  /** `startRedis` with this server's binary; `options` may not override it. */
  start(options?: StartRedisOptions): Promise<RedisServer>
  /** `startRedisCluster` with this server's binary and cli. */
  startCluster(options?: StartRedisClusterOptions): Promise<RedisCluster>
}

// `.ci/setup` unpacks Debian's Valkey here rather than installing it.
const VALKEY_BIN = fileURLToPath(new URL('../../.vendor/valkey/usr/bin/', import.meta.url))

/** Path of a Valkey executable in the checkout; throws, saying how to get it, when it is missing. */
export function valkeyBinary(name: 'valkey-server' | 'valkey-cli'): string {
  const file = VALKEY_BIN + name
  if (!existsSync(file)) throw new Error(`${name} not found at ${file}: run \`bash .ci/setup\` to unpack Valkey 8.0`)
  return file
}

export const redis: ServerUnderTest = {
  name: 'redis-7.0',
  kind: 'redis',
  version: '7.0',
  target: 'redis-7',
  start: options => startRedis({ ...options, binary: 'redis-server' }),
  startCluster: options => startRedisCluster({ ...options, binary: 'redis-server', cli: 'redis-cli' }),
}

export const valkey: ServerUnderTest = {
  name: 'valkey-8.0',
  kind: 'valkey',
  version: '8.0',
  target: 'valkey-8',
  start: async options => startRedis({ ...options, binary: valkeyBinary('valkey-server') }),
  startCluster: async options =>
    startRedisCluster({ ...options, binary: valkeyBinary('valkey-server'), cli: valkeyBinary('valkey-cli') }),
}

/** Every server under test. */
export const servers: readonly ServerUnderTest[] = [redis, valkey]

/** What `useServer` gives: read it inside tests and hooks, once the server has started. */
export interface UsedServer {
  readonly server: RedisServer
  /** An ioredis client of `server`, made when it started. */
  readonly client: Redis
}

/**
 * A throw-away server for the test file or `describe` this is called in: `target` (Redis by default) is
 * started in a `beforeAll`, with one ioredis client, and stopped in an `afterAll`.
 */
export function useServer(target: ServerUnderTest = redis, options?: StartRedisOptions): UsedServer {
  let started: { server: RedisServer; client: Redis } | undefined
  beforeAll(async () => {
    const server = await target.start(options)
    started = { server, client: server.client() }
  })
  afterAll(() => started?.server.stop())
  const get = (): { server: RedisServer; client: Redis } => {
    if (!started) throw new Error('useServer: the server is read before its beforeAll has started it')
    return started
  }
  return {
    get server() {
      return get().server
    },
    get client() {
      return get().client
    },
  }
}
