import type { Cluster, Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FLUSH_EVERY } from '../../src/runtime/clients/ioredis/coalesce-writes.js'
import { keySlot } from '../../src/runtime/cluster-slot.js'
import { ScriptArgumentError } from '../../src/runtime/index.js'
import { startRedisCluster, type RedisCluster } from '../../src/testing/index.js'
import { commandCounts, countWrites, countsSince, scriptCommandsOf, scriptOf } from './helpers.js'

let cluster: RedisCluster
let client: Cluster
beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, replicas: 1 })
  client = cluster.client()
  await client.ping()
}, 120_000)
afterAll(() => cluster.stop())

/** Direct connections to the running masters or replicas (not through the cluster client). */
const direct = (role: 'master' | 'replica'): Redis[] =>
  (role === 'master' ? cluster.masters() : cluster.replicas()).map(node => cluster.node(node.port).client())

async function countsOn(nodes: Redis[]): Promise<Record<string, number>[]> {
  return Promise.all(nodes.map(commandCounts))
}

const move = scriptOf<{ from: string; to: string; amount: number }, number>(
  'move',
  "%key from\n%key to\n%arg amount integer\n%return integer\nredis.call('DECRBY', from, amount)\nreturn redis.call('INCRBY', to, amount)\n",
)
const peek = scriptOf<{ key: string }, string | null>(
  'cluster_peek',
  "#!lua flags=no-writes\n%key key\n%return string?\nreturn redis.call('GET', key)\n",
)

describe('hash slots', () => {
  it('match CLUSTER KEYSLOT, hash tags included', async () => {
    const keys = [
      '',
      'a',
      'foo',
      '{user1000}.following',
      '{user1000}.followers',
      'foo{}{bar}',
      'foo{{bar}}zap',
      'foo{bar}{zap}',
      '{}',
      '}{',
      'ünïcødé',
      'x'.repeat(300),
      ...Array.from({ length: 100 }, (_, i) => `key:${i * 7919}`),
    ]
    const node = direct('master')[0]
    for (const key of keys) expect(keySlot(key)).toBe(await node.cluster('KEYSLOT', key))
    expect(keySlot(Buffer.from('{user1000}.x'))).toBe(await node.cluster('KEYSLOT', '{user1000}.y'))
  })
})

describe('routing', () => {
  it('runs scripts on the master of each slot', async () => {
    const users = Array.from({ length: 30 }, (_, i) => `user${i}`)
    const slots = new Set(users.map(u => keySlot(`{${u}}`)))
    expect(slots.size).toBeGreaterThan(20)
    for (const user of users) {
      await client.set(`{${user}}:a`, 100)
      expect(await move.run(client, { from: `{${user}}:a`, to: `{${user}}:b`, amount: 30 })).toBe(30)
    }
    for (const user of users) expect(await client.mget(`{${user}}:a`, `{${user}}:b`)).toEqual(['70', '30'])
  })

  it('runs in cluster pipelines and multi()', async () => {
    const pipeline = client.pipeline()
    const calls = [1, 2, 3].map(amount => move.run(pipeline, { from: '{pipe}:a', to: '{pipe}:b', amount }))
    await pipeline.exec()
    expect(await Promise.all(calls)).toEqual([1, 3, 6])
    const multi = client.multi()
    const inMulti = move.run(multi, { from: '{pipe}:a', to: '{pipe}:b', amount: 4 })
    await multi.exec()
    expect(await inMulti).toBe(10)
  })

  it('rejects keys in different slots before sending anything, naming the keys', async () => {
    const masters = direct('master')
    const before = await countsOn(masters)
    const error = await move.run(client, { from: 'alice', to: 'bob', amount: 1 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ScriptArgumentError)
    expect(error).toMatchObject({ script: 'move', argument: 'to' })
    expect((error as Error).message).toBe(
      `move: keys "from" = "alice" (slot ${keySlot('alice')}), "to" = "bob" (slot ${keySlot('bob')}) are in different cluster slots; give them a common hash tag, e.g. {user:1}:a and {user:1}:b`,
    )
    await expect(move.run(client.pipeline(), { from: 'alice', to: 'bob', amount: 1 })).rejects.toBeInstanceOf(
      ScriptArgumentError,
    )
    const after = await countsOn(masters)
    expect(after.map((counts, i) => Object.keys(scriptCommandsOf(countsSince(before[i], counts))))).toEqual(
      masters.map(() => []),
    )
  })

  it('computes slots after keyPrefix', async () => {
    const prefixed = cluster.client({ keyPrefix: '{tenant}:' })
    await prefixed.set('alice', 5)
    expect(await move.run(prefixed, { from: 'alice', to: 'bob', amount: 2 })).toBe(2)
    expect(await client.mget('{tenant}:alice', '{tenant}:bob')).toEqual(['3', '2'])
    const tagged = cluster.client({ keyPrefix: 'plain:' })
    await expect(move.run(tagged, { from: '{x}a', to: '{y}b', amount: 1 })).rejects.toThrow(
      `"from" = "plain:{x}a" (slot ${keySlot('{x}')}), "to" = "plain:{y}b" (slot ${keySlot('{y}')})`,
    )
  })
})

describe('load()', () => {
  it('loads on every master', async () => {
    const masters = direct('master')
    expect(masters).toHaveLength(3)
    await Promise.all(masters.map(m => m.script('FLUSH')))
    expect(await move.load(client)).toBe(move.sha1)
    for (const master of masters) expect(await master.script('EXISTS', move.sha1)).toEqual([1])
  })

  it('loads a read-only script on the replicas too', async () => {
    const nodes = [...direct('master'), ...direct('replica')]
    await Promise.all(nodes.map(n => n.script('FLUSH')))
    const scaled = cluster.client({ scaleReads: 'slave' })
    expect(await peek.load(scaled)).toBe(peek.sha1)
    for (const node of nodes) expect(await node.script('EXISTS', peek.sha1)).toEqual([1])
  })
})

describe('read-only scripts with scaleReads', () => {
  it('are served by replicas (EVALSHA_RO is a readonly command to ioredis)', async () => {
    const scaled = cluster.client({ scaleReads: 'slave' })
    await client.set('{ro}:k', 'v')
    const replicas = direct('replica')
    const masters = direct('master')
    await Promise.all([...replicas, ...masters].map(n => n.script('FLUSH')))
    await Promise.all(masters.map(m => m.call('WAIT', 1, 5000)))
    await Promise.all([...replicas, ...masters].map(n => n.config('RESETSTAT')))
    const results = await Promise.all(Array.from({ length: 20 }, () => peek.run(scaled, { key: '{ro}:k' })))
    expect(results).toEqual(Array(20).fill('v'))
    const onReplicas = (await countsOn(replicas)).reduce((sum, c) => sum + (c.evalsha_ro ?? 0) + (c.eval_ro ?? 0), 0)
    const onMasters = (await countsOn(masters)).reduce(
      (sum, c) => sum + (c.evalsha_ro ?? 0) + (c.eval_ro ?? 0) + (c.evalsha ?? 0) + (c.eval ?? 0),
      0,
    )
    expect(onReplicas).toBeGreaterThanOrEqual(20)
    expect(onMasters).toBe(0)
  })
})

// Last: it changes the topology.
describe('writes', () => {
  it('calls made in one tick for one slot reach its master in one write per FLUSH_EVERY', async () => {
    await move.load(client)
    const routing = client as unknown as {
      slots: string[][]
      connectionPool: { getInstanceByKey: (key: string) => Redis }
    }
    const master = routing.connectionPool.getInstanceByKey(routing.slots[keySlot('{batch}')][0])
    const writes = countWrites(master)
    const calls = Array.from({ length: 100 }, () => move.run(client, { from: '{batch}:a', to: '{batch}:b', amount: 1 }))
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    // The first call goes out alone; the other 99 leave FLUSH_EVERY at a time (the cluster may add one).
    expect(writes.count()).toBeLessThanOrEqual(3 + Math.ceil(99 / FLUSH_EVERY))
  })
})

describe('failover', () => {
  it('recovers transparently when a replica takes over a slot (its script cache is empty)', async () => {
    const slot = keySlot('{fo}')
    const shards = await direct('master')[0].cluster('SLOTS')
    const owner = shards.find(([start, end]) => start <= slot && slot <= end)![2][1]
    await client.set('{fo}:a', 10)
    expect(await move.run(client, { from: '{fo}:a', to: '{fo}:b', amount: 1 })).toBe(1)
    const warm = client.multi()
    const learnt = move.run(warm, { from: '{fo}:a', to: '{fo}:b', amount: 1 })
    await warm.exec()
    expect(await learnt).toBe(2)
    await direct('master')
      .find(m => m.options.port === owner)!
      .call('WAIT', 1, 5000)

    await cluster.node(owner).stop()
    await cluster.ready()
    expect(cluster.masters().map(m => m.port)).not.toContain(owner)

    expect(await move.run(client, { from: '{fo}:a', to: '{fo}:b', amount: 1 })).toBe(3)
    const multi = client.multi()
    const inMulti = move.run(multi, { from: '{fo}:a', to: '{fo}:b', amount: 1 })
    await multi.exec()
    expect(await inMulti).toBe(4)
    const pipeline = client.pipeline()
    const piped = move.run(pipeline, { from: '{fo}:a', to: '{fo}:b', amount: 1 })
    await pipeline.exec()
    expect(await piped).toBe(5)
  }, 60_000)
})
