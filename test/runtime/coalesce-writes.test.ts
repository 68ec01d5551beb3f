import type { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { FLUSH_EVERY } from '../../src/runtime/clients/ioredis/coalesce-writes.js'
import { useServer } from '../support/servers.js'
import { countWrites, scriptOf } from './helpers.js'

const suite = useServer()

const push = scriptOf<{ list: string; value: string }, number>(
  'push',
  "%key list\n%arg value string\n%return integer\nreturn redis.call('RPUSH', list, value)\n",
)

async function readyClient(): Promise<Redis> {
  const client = suite.server.client()
  await client.ping()
  await push.load(client)
  return client
}

describe('calls made in one tick share one write', () => {
  it('200 concurrent run() calls reach the kernel in one write per FLUSH_EVERY; raw evalsha takes one each', async () => {
    const client = await readyClient()
    const writes = countWrites(client)
    const calls = Array.from({ length: 200 }, (_, i) => push.run(client, { list: 'co:a', value: String(i) }))
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
    // The first call goes out alone (the connection was idle); the other 199 leave FLUSH_EVERY at a time.
    expect(writes.count()).toBeGreaterThanOrEqual(1 + Math.ceil(199 / FLUSH_EVERY))
    expect(writes.count()).toBeLessThanOrEqual(2 + Math.ceil(199 / FLUSH_EVERY))
    const rawBefore = writes.count()
    await Promise.all(Array.from({ length: 50 }, () => client.evalsha(push.sha1, 1, 'co:raw', 'x')))
    expect(writes.count() - rawBefore).toBe(50)
    expect(await suite.client.lrange('co:a', 0, -1)).toEqual(Array.from({ length: 200 }, (_, i) => String(i)))
    client.disconnect()
  })

  it("keeps the order of run() calls and the client's own commands issued in the same tick", async () => {
    const client = await readyClient()
    const replies = await Promise.all([
      push.run(client, { list: 'co:b', value: 'a' }),
      client.rpush('co:b', 'b'),
      push.run(client, { list: 'co:b', value: 'c' }),
      client.lrange('co:b', 0, -1),
      push.run(client, { list: 'co:b', value: 'd' }),
    ])
    expect(replies).toEqual([1, 2, 3, ['a', 'b', 'c'], 4])
    client.disconnect()
  })

  it('writes a lone call on an idle connection at once, without corking the socket', async () => {
    const client = await readyClient()
    const pending = push.run(client, { list: 'co:c', value: 'x' })
    expect(client.stream.writableCorked).toBe(0)
    expect(await pending).toBe(1)
    client.disconnect()
  })

  it('leaves the socket uncorked once the tick is over, and sequential calls still work', async () => {
    const client = await readyClient()
    const batch = Array.from({ length: 10 }, () => push.run(client, { list: 'co:d', value: 'y' }))
    expect(client.stream.writableCorked).toBe(1)
    await Promise.resolve()
    expect(client.stream.writableCorked).toBe(0)
    await Promise.all(batch)
    for (let i = 0; i < 5; i++) expect(await push.run(client, { list: 'co:d', value: 'z' })).toBe(11 + i)
    client.disconnect()
  })

  it("works alongside ioredis' enableAutoPipelining, which batches commands itself", async () => {
    const client = suite.server.client({ enableAutoPipelining: true })
    await client.ping()
    const calls = Array.from({ length: 100 }, (_, i) => push.run(client, { list: 'co:h', value: String(i) }))
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    expect(await suite.client.lrange('co:h', 0, -1)).toEqual(Array.from({ length: 100 }, (_, i) => String(i)))
    expect(client.stream.writableCorked).toBe(0)
    client.disconnect()
  })

  it("does not touch a connection that is not ready: calls wait in ioredis' offline queue", async () => {
    const client = suite.server.client({ lazyConnect: true })
    const calls = Array.from({ length: 20 }, () => push.run(client, { list: 'co:e', value: 'w' }))
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    client.disconnect()
  })

  it('a connection closed while corked rejects its calls and leaves later clients unaffected', async () => {
    const client = await readyClient()
    const calls = Array.from({ length: 10 }, () =>
      push.run(client, { list: 'co:f', value: 'v' }).then(
        () => 'ok',
        () => 'failed',
      ),
    )
    client.disconnect()
    const outcomes = await Promise.all(calls)
    expect(outcomes.every(outcome => outcome === 'ok' || outcome === 'failed')).toBe(true)
    const other = await readyClient()
    expect(await push.run(other, { list: 'co:g', value: 'u' })).toBe(1)
    other.disconnect()
  })
})
