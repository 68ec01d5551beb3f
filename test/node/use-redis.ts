import type { Redis } from 'ioredis'
import { afterAll, beforeAll } from 'vitest'
import type { RedisServer } from '../../src/testing/index.js'
import { redis, type ServerUnderTest } from '../support/servers.js'

/** A throw-away server for the enclosing suite: started before its tests, stopped after them. */
export interface SuiteRedis {
  server: RedisServer
  /** A client of `server`. */
  redis: Redis
}

/**
 * Starts a throw-away server for the enclosing `describe`; read the fields inside tests.
 * @param server which one, e.g. from `describe.each(servers)`
 * @default redis
 */
export function useRedis(server: ServerUnderTest = redis): SuiteRedis {
  const suite = {} as SuiteRedis
  beforeAll(async () => {
    suite.server = await server.start()
    suite.redis = suite.server.client()
  })
  afterAll(async () => {
    await suite.server?.stop()
  })
  return suite
}
