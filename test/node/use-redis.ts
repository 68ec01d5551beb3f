import type { Redis } from 'ioredis'
import { afterAll, beforeAll } from 'vitest'
import { startRedis } from '../../src/testing/index.js'
import type { RedisServer } from '../../src/testing/index.js'

/** A throw-away Redis for the enclosing suite: started before its tests, stopped after them. */
export interface SuiteRedis {
  server: RedisServer
  /** A client of `server`. */
  redis: Redis
}

/** Starts a throw-away `redis-server` for the enclosing `describe`; read the fields inside tests. */
export function useRedis(): SuiteRedis {
  const suite = {} as SuiteRedis
  beforeAll(async () => {
    suite.server = await startRedis()
    suite.redis = suite.server.client()
  })
  afterAll(async () => {
    await suite.server?.stop()
  })
  return suite
}
