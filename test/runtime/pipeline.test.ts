import type { Redis } from 'ioredis'
import v8 from 'node:v8'
import vm from 'node:vm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LuaScriptError, ScriptAbortedError } from '../../src/runtime/index.js'
import { useServer } from '../support/servers.js'
import { commandCounts, countsSince, scriptOf, unhandledRejectionsOf } from './helpers.js'

// The collector, to show that a batch that has run keeps nothing alive.
v8.setFlagsFromString('--expose-gc')

const suite = useServer()

const incrBy = scriptOf<{ counter: string; by: number }, number>(
  'incr_by',
  "%key counter\n%arg by integer\n%return integer\nreturn redis.call('INCRBY', counter, by)\n",
)
const fails = scriptOf<{ counter: string }>('fails', "%key counter\nreturn redis.call('LPUSH', counter, 1)\n")

/** A fresh connection, whose script cache knowledge starts empty. */
async function fresh(): Promise<Redis> {
  const client = suite.server.client()
  await client.ping()
  return client
}

const exists = async (sha1: string): Promise<number> => ((await suite.client.script('EXISTS', sha1)) as number[])[0]

describe('pipeline()', () => {
  beforeEach(async () => {
    await suite.client.script('FLUSH')
    await suite.client.del('p')
  })

  it('settles each call with its decoded result; exec() returns its usual array', async () => {
    const client = await fresh()
    const before = await commandCounts(suite.client)
    const pipeline = client.pipeline()
    const first = incrBy.run(pipeline, { counter: 'p', by: 2 })
    pipeline.get('p')
    const second = incrBy.run(pipeline, { counter: 'p', by: 3 })
    const results = await pipeline.exec()
    expect(results).toEqual([
      [null, 2],
      [null, '2'],
      [null, 5],
    ])
    expect([await first, await second]).toEqual([2, 5])
    // The first use on a connection carries the body; the rest of the pipeline can rely on it.
    expect(countsSince(before, await commandCounts(suite.client))).toMatchObject({ eval: 1, evalsha: 1 })
  })

  it('retries a call that meets NOSCRIPT (cache flushed after the connection learnt it)', async () => {
    const client = await fresh()
    expect(await incrBy.run(client, { counter: 'p', by: 1 })).toBe(1)
    await suite.client.script('FLUSH')
    const pipeline = client.pipeline()
    const calls = [1, 2, 3].map(by => incrBy.run(pipeline, { counter: 'p', by }))
    const results = await pipeline.exec()
    expect(results?.map(([error]) => error?.message)).toEqual(
      Array(3).fill('NOSCRIPT No matching script. Please use EVAL.'),
    )
    expect((await Promise.all(calls)).sort((a, b) => a - b)).toEqual([2, 4, 7])
    expect(await client.get('p')).toBe('7')
    // Knowledge was reset: the next pipeline sends the body again, and succeeds in place.
    const next = client.pipeline()
    const again = incrBy.run(next, { counter: 'p', by: 1 })
    expect(await next.exec()).toEqual([[null, 8]])
    expect(await again).toBe(8)
  })

  it('maps script errors, and a promise left unattended rejects without an unhandled rejection', async () => {
    const unhandled = await unhandledRejectionsOf(async () => {
      const client = await fresh()
      await client.set('a_string', 'x')
      const pipeline = client.pipeline()
      void fails.run(pipeline, { counter: 'a_string' })
      const watched = fails.run(pipeline, { counter: 'a_string' })
      const results = await pipeline.exec()
      expect(results?.[0][0]?.message).toMatch(/^WRONGTYPE/)
      await expect(watched).rejects.toBeInstanceOf(LuaScriptError)
    })
    expect(unhandled).toEqual([])
  })

  it('a retried call that fails, left unattended, rejects without an unhandled rejection', async () => {
    const unhandled = await unhandledRejectionsOf(async () => {
      const client = await fresh()
      await client.set('a_string', 'x')
      expect(await fails.run(client, { counter: 'other' })).toBe(1)
      await suite.client.script('FLUSH')
      const pipeline = client.pipeline()
      void fails.run(pipeline, { counter: 'a_string' })
      const watched = fails.run(pipeline, { counter: 'a_string' })
      await pipeline.exec()
      await expect(watched).rejects.toBeInstanceOf(LuaScriptError)
    })
    expect(unhandled).toEqual([])
  })

  it('settles 5,000 calls of one pipeline, each with its own reply, in queue order', async () => {
    const client = await fresh()
    const pipeline = client.pipeline()
    const settled: number[] = []
    const calls = Array.from({ length: 5000 }, (_, i) =>
      incrBy.run(pipeline, { counter: 'p', by: 1 }).then(value => {
        settled.push(i)
        return value
      }),
    )
    await pipeline.exec()
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1))
    expect(settled).toEqual(Array.from({ length: 5000 }, (_, i) => i))
  })
})

describe('multi()', () => {
  let client: Redis
  beforeEach(async () => {
    await suite.client.script('FLUSH')
    await suite.client.del('m')
    client = await fresh()
  })
  afterEach(() => client.quit())

  it('settles calls with decoded results after EXEC; exec() returns its usual array', async () => {
    const multi = client.multi()
    const a = incrBy.run(multi, { counter: 'm', by: 2 })
    multi.incr('m')
    const b = incrBy.run(multi, { counter: 'm', by: 4 })
    expect(await multi.exec()).toEqual([
      [null, 2],
      [null, 3],
      [null, 7],
    ])
    expect([await a, await b]).toEqual([2, 7])
  })

  it('sends the body while the script is not known loaded, EVALSHA once EXEC succeeded', async () => {
    const before = await commandCounts(suite.client)
    for (let round = 0; round < 2; round++) {
      const multi = client.multi()
      const call = incrBy.run(multi, { counter: 'm', by: 1 })
      await multi.exec()
      expect(await call).toBe(round + 1)
    }
    expect(countsSince(before, await commandCounts(suite.client))).toMatchObject({ eval: 1, evalsha: 1 })
  })

  it('after a WATCH-aborted multi, calls still succeed, direct and in multi (iovalkey#76)', async () => {
    await client.watch('m')
    await suite.client.set('m', '10')
    const multi = client.multi()
    const aborted = incrBy.run(multi, { counter: 'm', by: 1 })
    expect(await multi.exec()).toBeNull()
    await expect(aborted).rejects.toBeInstanceOf(ScriptAbortedError)
    await expect(aborted).rejects.toThrow(
      'incr_by: the transaction was aborted (a WATCHed key changed), so the script did not run',
    )
    // The EVAL never ran, so Redis does not have the script...
    expect(await exists(incrBy.sha1)).toBe(0)
    // ...and the connection does not believe it does: the next multi still carries the body.
    const next = client.multi()
    const call = incrBy.run(next, { counter: 'm', by: 1 })
    expect(await next.exec()).toEqual([[null, 11]])
    expect(await call).toBe(11)
    expect(await incrBy.run(client, { counter: 'm', by: 1 })).toBe(12)
    const third = client.multi()
    const last = incrBy.run(third, { counter: 'm', by: 1 })
    await third.exec()
    expect(await last).toBe(13)
  })

  it('after a DISCARDed or EXECABORTed multi, the script is not believed loaded', async () => {
    const discarded = client.multi()
    const gone = incrBy.run(discarded, { counter: 'm', by: 1 })
    discarded.discard()
    await expect(discarded.exec()).rejects.toThrow(/EXEC without MULTI/)
    await expect(gone).rejects.toThrow(/EXEC without MULTI/)

    const broken = client.multi()
    const lost = incrBy.run(broken, { counter: 'm', by: 1 })
    broken.call('SET', 'only-one-arg')
    await expect(broken.exec()).rejects.toThrow(/^EXECABORT/)
    await expect(lost).rejects.toThrow(/^EXECABORT/)

    expect(await exists(incrBy.sha1)).toBe(0)
    const next = client.multi()
    const call = incrBy.run(next, { counter: 'm', by: 5 })
    await next.exec()
    expect(await call).toBe(5)
  })

  it('a flush between learning and EXEC fails that call only (no retry outside the transaction)', async () => {
    expect(await incrBy.run(client, { counter: 'm', by: 1 })).toBe(1)
    await suite.client.script('FLUSH')
    const multi = client.multi()
    const call = incrBy.run(multi, { counter: 'm', by: 1 })
    multi.incr('m')
    const results = await multi.exec()
    expect(results?.[1]).toEqual([null, 2])
    await expect(call).rejects.toThrow(/^NOSCRIPT/)
    // Knowledge was reset, so the next transaction carries the body and succeeds.
    const next = client.multi()
    const retried = incrBy.run(next, { counter: 'm', by: 1 })
    await next.exec()
    expect(await retried).toBe(3)
  })

  it('rejects a reply that does not match %return with ScriptReturnError, in multi and pipeline', async () => {
    const wrong = scriptOf<Record<string, never>, Record<string, unknown>>('wrong', "%return dict\nreturn 'nope'\n")
    for (const batch of [client.multi(), client.pipeline()]) {
      const call = wrong.run(batch)
      expect(await batch.exec()).toEqual([[null, 'nope']])
      await expect(call).rejects.toMatchObject({ name: 'ScriptReturnError', received: 'nope' })
    }
  })

  it('maps script errors inside EXEC', async () => {
    await client.set('a_string', 'x')
    const multi = client.multi()
    const call = fails.run(multi, { counter: 'a_string' })
    await multi.exec()
    await expect(call).rejects.toMatchObject({
      name: 'LuaScriptError',
      code: 'WRONGTYPE',
      frames: [{ file: 'fails.lua', line: 2 }],
    })
  })

  it('works inside a pipeline that opens a transaction (pipeline().multi()...exec())', async () => {
    const pipeline = client.pipeline()
    const before = incrBy.run(pipeline, { counter: 'm', by: 1 })
    // ioredis has Pipeline#multi at run time but not in ChainableCommander's types.
    ;(pipeline as unknown as { multi(): void }).multi()
    const inside = incrBy.run(pipeline, { counter: 'm', by: 10 })
    pipeline.exec()
    const after = incrBy.run(pipeline, { counter: 'm', by: 100 })
    const results = await pipeline.exec()
    expect(results?.at(-2)).toEqual([null, [11]])
    expect([await before, await inside, await after]).toEqual([1, 11, 111])
  })
})

/** Runs three calls in a pipeline; only weak references to their promises come back. */
async function batchThatRan(): Promise<WeakRef<Promise<number>>[]> {
  const pipeline = suite.client.pipeline()
  const results = [1, 2, 3].map(by => incrBy.run(pipeline, { counter: 'memory:c', by }))
  await pipeline.exec()
  expect(await Promise.all(results)).toHaveLength(3)
  return results.map(result => new WeakRef(result))
}

describe('memory', () => {
  it('keeps nothing of a batch once it has run (its promises can be collected)', async () => {
    const collect = vm.runInNewContext('gc') as () => void
    const refs = await batchThatRan()
    // Let the promise jobs finish, then collect: nothing of ours may still hold the calls.
    await new Promise(resolve => setTimeout(resolve, 10))
    collect()
    expect(refs.map(ref => ref.deref() === undefined)).toEqual([true, true, true])
  })
})
