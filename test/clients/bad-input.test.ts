import IORedis4 from 'ioredis4'
import { createClient as createClient4 } from 'redis4'
import { describe, expect, it } from 'vitest'
import { commandCounts, countsSince, scriptCommandsOf } from '../runtime/helpers.js'
import { redis as redisServer, useServer } from '../support/servers.js'
import { CLIENTS } from './clients.js'
import { incr } from './scripts.js'

const suite = useServer(redisServer)

const ACCEPTED =
  'takes a client: an ioredis or iovalkey Redis, Cluster, pipeline() or multi(); a node-redis createClient(), createCluster() or client multi(); a GLIDE GlideClient or GlideClusterClient; a Bun RedisClient (or Bun.redis)'

/** Script calls the server counted while `body` ran: none must be sent for bad input. */
async function sentDuring(body: () => Promise<void>): Promise<Record<string, number>> {
  const before = await commandCounts(suite.client)
  await body()
  return scriptCommandsOf(countsSince(before, await commandCounts(suite.client)))
}

describe('a non-client', () => {
  it.each([
    ['null', null, 'null'],
    ['a URL', 'redis://localhost', 'string "redis://localhost"'],
    ['a plain object', {}, 'object'],
    ['an object with a look-alike method', { send: () => 1 }, 'object'],
    ['a class instance', new (class Connection {})(), 'Connection instance'],
  ])('%s is a TypeError naming the script and what was passed', async (_, value, shown) => {
    await expect(incr.run(value as never, { counter: 'c', by: 1 })).rejects.toThrow(
      new TypeError(`incr: run() ${ACCEPTED}; got ${shown}`),
    )
    await expect(incr.load(value as never)).rejects.toThrow(new TypeError(`incr: load() ${ACCEPTED}; got ${shown}`))
    await expect(incr.runner(value as never)({ counter: 'c', by: 1 })).rejects.toBeInstanceOf(TypeError)
  })

  it('load() on a batch says to run it on the client', async () => {
    const pipeline = suite.client.pipeline()
    await expect(incr.load(pipeline as never)).rejects.toThrow(
      'incr: load() takes a client, not a batch (ioredis pipeline): run exec() yourself',
    )
  })
})

describe.each(CLIENTS)('a closed $name', flavour => {
  it('is a TypeError naming the script and the client, and nothing is sent', async () => {
    const live = await flavour.connect(suite.server)
    await live.close()
    let ran: unknown
    let loaded: unknown
    expect(
      await sentDuring(async () => {
        ran = await incr.run(live.client as never, { counter: 'c', by: 1 }).catch((e: unknown) => e)
        loaded = await incr.load(live.client as never).catch((e: unknown) => e)
      }),
    ).toEqual({})
    for (const [error, method] of [
      [ran, 'run'],
      [loaded, 'load'],
    ] as const) {
      expect(error).toBeInstanceOf(TypeError)
      expect(String(error)).toMatch(
        new RegExp(
          `^TypeError: incr: ${method}\\(\\) got (a closed (ioredis|GLIDE) client|a node-redis client that is not open)`,
        ),
      )
    }
  })
})

describe('a client of an unsupported version', () => {
  const OLD: [string, () => Promise<{ client: object; close(): Promise<unknown> | void }>, string][] = [
    [
      'ioredis 4',
      async () => {
        const client = new IORedis4({ host: suite.server.host, port: suite.server.port })
        await client.ping()
        return { client, close: () => client.disconnect() }
      },
      'an ioredis older than 5 (its Redis has no isCluster or call()); this package needs ioredis 5.4 or later',
    ],
    [
      'node-redis 4',
      async () => {
        const client = createClient4({ url: suite.server.url })
        await client.connect()
        return { client, close: () => client.quit() }
      },
      'a node-redis client older than 5 (it has no withTypeMapping()); this package needs redis 5 or later',
    ],
  ]

  it.each(OLD)(
    '%s is a TypeError saying which versions are supported; nothing is sent',
    async (_, connect, problem) => {
      const old = await connect()
      try {
        let error: unknown
        const sent = await sentDuring(async () => {
          error = await incr.run(old.client as never, { counter: 'c', by: 1 }).catch((e: unknown) => e)
        })
        expect(sent).toEqual({})
        expect(error).toEqual(new TypeError(`incr: run() got ${problem}`))
      } finally {
        await old.close()
      }
    },
  )
})
