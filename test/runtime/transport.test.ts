import type { Redis } from 'ioredis'
import { beforeAll, describe, expect, it } from 'vitest'
import { LuaScriptError } from '../../src/runtime/index.js'
import { useServer } from '../support/servers.js'
import { commandCounts, countsSince, whileFlushing, scriptOf } from './helpers.js'

const suite = useServer()
let redis: Redis
beforeAll(() => {
  redis = suite.server.client()
})

const double = scriptOf<{ counter: string; n: number }, number>(
  'double',
  "%key counter\n%arg n integer\n%return integer\nredis.call('INCR', counter)\nreturn n * 2\n",
)

describe('EVALSHA, then EVAL on NOSCRIPT', () => {
  it('sends EVALSHA, and the body only when the server lacks the script', async () => {
    await suite.client.script('FLUSH')
    const before = await commandCounts(suite.client)
    expect(await double.run(redis, { counter: 'c0', n: 1 })).toBe(2)
    expect(await double.run(redis, { counter: 'c0', n: 2 })).toBe(4)
    expect(countsSince(before, await commandCounts(suite.client))).toMatchObject({ evalsha: 2, eval: 1 })
  })

  it('recovers from SCRIPT FLUSH between calls', async () => {
    for (let i = 0; i < 5; i++) {
      await suite.client.script('FLUSH')
      expect(await double.run(redis, { counter: 'c1', n: i })).toBe(i * 2)
    }
    expect(await redis.get('c1')).toBe('5')
  })

  it('recovers from SCRIPT FLUSH in the middle of 1,000 calls on one connection', async () => {
    await redis.del('c2')
    const calls = Array.from({ length: 1000 }, (_, n) => {
      // Queued on the same connection between calls 500 and 501, so half of them meet NOSCRIPT.
      if (n === 500) void redis.script('FLUSH')
      return double.run(redis, { counter: 'c2', n })
    })
    const results = await Promise.allSettled(calls)
    expect(results.filter(r => r.status === 'rejected')).toEqual([])
    expect(results.map(r => (r as PromiseFulfilledResult<number>).value)).toEqual(
      Array.from({ length: 1000 }, (_, n) => n * 2),
    )
    expect(await redis.get('c2')).toBe('1000')
  })

  it('recovers from SCRIPT FLUSHes by another client during 1,000 concurrent calls', async () => {
    await redis.del('c3')
    const { result: results, flushes } = await whileFlushing(suite.client, () =>
      Promise.allSettled(Array.from({ length: 1000 }, (_, n) => double.run(redis, { counter: 'c3', n }))),
    )
    expect(flushes).toBeGreaterThan(1)
    expect(results.filter(r => r.status === 'rejected')).toEqual([])
    expect(results.map(r => (r as PromiseFulfilledResult<number>).value)).toEqual(
      Array.from({ length: 1000 }, (_, n) => n * 2),
    )
    expect(await redis.get('c3')).toBe('1000')
  })

  it('works with enableAutoPipelining, through a flush', async () => {
    const auto = suite.server.client({ enableAutoPipelining: true })
    await auto.del('c5')
    const calls = Array.from({ length: 300 }, (_, n) => {
      if (n === 150) void suite.client.script('FLUSH')
      return double.run(auto, { counter: 'c5', n })
    })
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 300 }, (_, n) => n * 2))
    expect(await auto.get('c5')).toBe('300')
  })

  it('recovers after a server restart (the script cache is gone)', async () => {
    expect(await double.run(redis, { counter: 'c4', n: 1 })).toBe(2)
    await suite.server.restart()
    expect(await double.run(redis, { counter: 'c4', n: 2 })).toBe(4)
    expect(await redis.get('c4')).toBe('1')
    const pipeline = redis.pipeline()
    const queued = double.run(pipeline, { counter: 'c4', n: 3 })
    await pipeline.exec()
    expect(await queued).toBe(6)
  })
})

describe('read-only scripts', () => {
  const peek = scriptOf<{ key: string }, string | null>(
    'peek',
    "#!lua flags=no-writes\n%key key\n%return string?\nreturn redis.call('GET', key)\n",
  )
  const sneaky = scriptOf<{ key: string }>(
    'sneaky',
    "#!lua flags=no-writes\n%key key\nreturn redis.call('SET', key, 1)\n",
  )

  it('send EVALSHA_RO, falling back to EVAL_RO, never EVALSHA or EVAL', async () => {
    expect(peek.readOnly).toBe(true)
    await redis.set('ro', 'value')
    await suite.client.script('FLUSH')
    await suite.client.config('RESETSTAT')
    expect(await peek.run(redis, { key: 'ro' })).toBe('value')
    expect(await peek.run(redis, { key: 'missing' })).toBeNull()
    const pipeline = redis.pipeline()
    const queued = [peek.run(pipeline, { key: 'ro' }), peek.run(pipeline, { key: 'ro' })]
    await pipeline.exec()
    expect(await Promise.all(queued)).toEqual(['value', 'value'])
    const counts = await commandCounts(suite.client)
    // Direct: EVALSHA_RO (NOSCRIPT), EVAL_RO, EVALSHA_RO; the pipeline then knows the socket has it.
    expect(counts).toMatchObject({ evalsha_ro: 4, eval_ro: 1 })
    expect(counts.evalsha).toBeUndefined()
    expect(counts.eval).toBeUndefined()
  })

  it('cannot write', async () => {
    const error = await sneaky.run(redis, { key: 'ro' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LuaScriptError)
    expect(error).toMatchObject({
      luaError: 'Write commands are not allowed from read-only scripts.',
      frames: [{ file: 'sneaky.lua', line: 3 }],
    })
  })
})

describe('keyPrefix', () => {
  const echo = scriptOf<{ key: string; other: string | Buffer; value: string }, string[]>(
    'echo_keys',
    '%key key\n%key other\n%arg value\n%return list\nreturn { key, other, value }\n',
  )

  it('lands on KEYS, not on ARGV, direct and pipelined', async () => {
    const prefixed = suite.server.client({ keyPrefix: 'pfx:' })
    expect(await echo.run(prefixed, { key: 'k', other: Buffer.from('b'), value: 'k' })).toEqual(['pfx:k', 'pfx:b', 'k'])
    const multi = prefixed.multi()
    const queued = echo.run(multi, { key: 'k', other: 'o', value: 'v' })
    await multi.exec()
    expect(await queued).toEqual(['pfx:k', 'pfx:o', 'v'])
  })

  it('is what MONITOR sees on the wire', async () => {
    const prefixed = suite.server.client({ keyPrefix: 'pfx:' })
    // Connected first: a handshake (HELLO) seen by a MONITOR connection still starting confuses ioredis' reply queue.
    const watcher = suite.server.client()
    await Promise.all([prefixed.ping(), watcher.ping()])
    const monitor = await watcher.monitor()
    const seen: string[][] = []
    monitor.on('monitor', (_time: string, args: string[]) => seen.push(args))
    await echo.run(prefixed, { key: 'k', other: 'o', value: 'plain' })
    await prefixed.ping()
    await new Promise(resolve => setTimeout(resolve, 50))
    monitor.disconnect()
    const call = seen.find(args => args[0].toLowerCase() === 'evalsha')
    expect(call?.slice(1)).toEqual([echo.sha1, '2', 'pfx:k', 'pfx:o', 'plain'])
  })
})
