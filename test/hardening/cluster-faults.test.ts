import type { Cluster, ClusterOptions, Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keySlot } from '../../src/runtime/cluster-slot.js'
import { startRedisCluster, type RedisCluster } from '../../src/testing/index.js'
import { commandCounts, countsSince } from '../runtime/helpers.js'
import {
  auditKeys,
  errorCounts,
  keysNamed,
  report,
  sendOn,
  SETTLE_BOUND_MS,
  stamp,
  stream,
  type Audit,
  type Keys,
} from './in-flight.js'

let cluster: RedisCluster
beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, replicas: 1 })
}, 120_000)
afterAll(() => cluster.stop())

const keysOf = (tag: string): Keys => keysNamed(`{${tag}}`)

const nodeClients = new Map<number, Redis>()

/** A direct connection to one node, not through the cluster client. */
function nodeClient(port: number): Redis {
  if (!nodeClients.has(port)) nodeClients.set(port, cluster.node(port).client())
  return nodeClients.get(port)!
}

/** CLUSTER SLOTS, as a running master sees it. */
const shardsNow = () => nodeClient(cluster.masters()[0].port).cluster('SLOTS')
type Shards = Awaited<ReturnType<typeof shardsNow>>

const owner = (shards: Shards, slot: number): number =>
  Number(shards.find(([start, end]) => start <= slot && slot <= end)![2][1])

/** The port of the master serving a slot, as the cluster itself says. */
async function ownerOf(slot: number): Promise<number> {
  return owner(await shardsNow(), slot)
}

/** `count` hash tags (`t0`, `t1`... or another prefix's) whose slots `port` serves. */
async function tagsOn(port: number, count: number, prefix = 't'): Promise<string[]> {
  const shards = await shardsNow()
  const tags: string[] = []
  for (let i = 0; tags.length < count; i++)
    if (owner(shards, keySlot(`${prefix}${i}`)) === port) tags.push(`${prefix}${i}`)
  return tags
}

interface Setup {
  name: string
  options: ClusterOptions
  how: 'direct' | 'pipeline'
}

// Each stream sends at least this many calls, and goes on until the fault is over.
const CALLS = 3_000
// The fault strikes once every stream has this many calls behind it and a window more in flight.
const FAULT_AFTER = 500

/**
 * Streams calls from each set-up (each on its own tag) and strikes once all are under way. Every call
 * must settle within the bound with a result that is right, or a clear connection/cluster error.
 */
async function underFault(
  setups: Setup[],
  tags: string[],
  strike: () => Promise<void>,
): Promise<{ clients: Cluster[]; audits: Audit[] }> {
  const clients = await Promise.all(
    setups.map(async ({ options }) => {
      const client = cluster.client(options)
      await client.ping()
      return client
    }),
  )
  const settled = setups.map(() => 0)
  let struck: Promise<void> | undefined
  let over = false
  const outcomes = await Promise.all(
    setups.map(({ how }, i) =>
      stream({
        total: CALLS,
        window: how === 'pipeline' ? 10 : 100,
        batch: how === 'pipeline' ? 10 : 1,
        send: sendOn(how)(clients[i], keysOf(tags[i])),
        progress: count => {
          settled[i] = count
          if (Math.min(...settled) >= FAULT_AFTER) struck ??= strike().finally(() => (over = true))
        },
        more: () => !over,
      }),
    ),
  )
  const admin = cluster.client()
  const audits = await Promise.all(tags.map((tag, i) => auditKeys(admin, outcomes[i], keysOf(tag))))
  for (const [i, { name }] of setups.entries()) {
    const { hung, wrong, unclear } = audits[i]
    expect({ name, hung, wrong, unclear }).toEqual({ name, hung: 0, wrong: [], unclear: [] })
  }
  return { clients, audits }
}

/** Two more calls on each client: they succeed, after everything the stream did. */
async function callsSucceed(setups: Setup[], clients: Cluster[], tags: string[], audits: Audit[]): Promise<void> {
  for (const [i, { name, how }] of setups.entries()) {
    const [first, second] = await Promise.all(sendOn(how)(clients[i], keysOf(tags[i]))(['after1', 'after2']))
    expect(first, name).toBeGreaterThan(audits[i].counter)
    expect(second, name).toBe(first + 1)
  }
}

/**
 * Moves a slot the way `redis-cli --cluster reshard` does: IMPORTING on the target, MIGRATING on the
 * source, MIGRATE each key (one at a time, so the script's two keys are apart for a moment), then
 * SETSLOT NODE on the target, the source and the other masters.
 */
async function migrate(slot: number, from: number, to: number): Promise<void> {
  const [source, target] = [nodeClient(from), nodeClient(to)]
  const [sourceId, targetId] = await Promise.all([source.cluster('MYID'), target.cluster('MYID')])
  await target.cluster('SETSLOT', slot, 'IMPORTING', sourceId)
  await source.cluster('SETSLOT', slot, 'MIGRATING', targetId)
  for (
    let keys = await source.cluster('GETKEYSINSLOT', slot, 10);
    keys.length;
    keys = await source.cluster('GETKEYSINSLOT', slot, 10)
  ) {
    for (const key of keys) await source.migrate('127.0.0.1', to, '', 0, 10_000, 'KEYS', key)
  }
  const others = cluster
    .masters()
    .map(m => m.port)
    .filter(port => port !== from && port !== to)
  for (const port of [to, from, ...others]) await nodeClient(port).cluster('SETSLOT', slot, 'NODE', targetId)
}

describe('a redirected call in a pipeline that ioredis does not retry', () => {
  it('is sent again alone and follows the redirection (it did not run)', async () => {
    const [from, to] = cluster.masters().map(m => m.port)
    const [tag] = await tagsOn(from, 1, 'moved')
    const keys = keysOf(tag)
    const client = cluster.client()
    await client.ping()
    // The slot moves behind the client's back: its slot table still says `from`.
    await migrate(keySlot(tag), from, to)
    const toBefore = await commandCounts(nodeClient(to))
    const pipeline = client.pipeline()
    // A keyless command that succeeds on `from` and is not read-only: ioredis then retries none of it.
    pipeline.ping()
    const calls = ['a', 'b'].map(id => stamp.run(pipeline, { ...keys, id }))
    const replies = await pipeline.exec()
    expect(replies![1][0]).toBeInstanceOf(Error)
    expect(String(replies![1][0])).toMatch(/^ReplyError: MOVED /)
    expect(await Promise.all(calls)).toEqual([1, 2])
    expect(await nodeClient(to).hgetall(keys.log)).toEqual({ 1: 'a', 2: 'b' })
    expect(countsSince(toBefore, await commandCounts(nodeClient(to))).evalsha).toBeGreaterThan(0)
    client.disconnect()
  })
})

describe('a slot migrated during calls', () => {
  const setups: Setup[] = [
    { name: 'defaults', options: {}, how: 'direct' },
    { name: 'defaults, pipelines of 10', options: {}, how: 'pipeline' },
  ]

  it(
    'ASK, TRYAGAIN and MOVED are followed, the script is sent to the target that lacks it: no call fails',
    async () => {
      const [from, to] = cluster.masters().map(m => m.port)
      const tags = await tagsOn(from, setups.length)
      await nodeClient(to).script('FLUSH')
      expect(await nodeClient(to).script('EXISTS', stamp.sha1)).toEqual([0])
      const [sourceBefore, targetBefore] = await Promise.all([
        errorCounts(nodeClient(from)),
        commandCounts(nodeClient(to)),
      ])

      const { clients, audits } = await underFault(setups, tags, async () => {
        for (const tag of tags) await migrate(keySlot(tag), from, to)
      })
      report(
        'slot migration',
        setups.map(s => s.name),
        audits,
      )
      for (const [i, { name }] of setups.entries()) {
        expect({ name, rejected: audits[i].rejected, unreported: audits[i].unreported }).toEqual({
          name,
          rejected: 0,
          unreported: 0,
        })
      }

      const redirected = countsSince(sourceBefore, await errorCounts(nodeClient(from)))
      expect((redirected.ASK ?? 0) + (redirected.TRYAGAIN ?? 0)).toBeGreaterThan(0)
      expect(redirected.MOVED).toBeGreaterThan(0)
      // The runtime sent the body there (after a NOSCRIPT, or first in a pipeline): nothing else sends EVAL.
      expect(countsSince(targetBefore, await commandCounts(nodeClient(to))).eval).toBeGreaterThan(0)
      for (const [i, tag] of tags.entries()) {
        expect(await ownerOf(keySlot(tag))).toBe(to)
        expect(Number(await nodeClient(to).get(keysOf(tag).counter))).toBe(audits[i].counter)
      }
      await callsSucceed(setups, clients, tags, audits)
    },
    2 * SETTLE_BOUND_MS,
  )
})

// Last: it changes the topology for good.
describe('a master failover during calls', () => {
  // ioredis' defaults give up on a call after 16 redirections about 100 ms apart, less than a failover
  // takes (node timeout 2 s, then the election); the last set-up waits long enough to ride it out.
  const setups: Setup[] = [
    { name: 'defaults', options: {}, how: 'direct' },
    { name: 'defaults, pipelines of 10', options: {}, how: 'pipeline' },
    {
      name: 'patient: 100 redirections, 500 ms apart',
      how: 'direct',
      options: {
        maxRedirections: 100,
        retryDelayOnFailover: 500,
        retryDelayOnClusterDown: 500,
        retryDelayOnMoved: 200,
      },
    },
  ]

  it(
    'every call settles, none is wrong, the patient client loses none, and all work afterwards',
    async () => {
      const owner = cluster.masters().at(-1)!.port
      const tags = await tagsOn(owner, setups.length)
      // The replica that will take over has no script cache of its own.
      const heir = await replicaOf(owner)
      expect(await nodeClient(heir).script('EXISTS', stamp.sha1)).toEqual([0])

      const { clients, audits } = await underFault(setups, tags, async () => {
        await cluster.node(owner).stop()
        await cluster.ready()
      })
      report(
        'master failover',
        setups.map(s => s.name),
        audits,
      )
      expect(audits.at(-1)!.rejected).toBe(0)
      expect(await ownerOf(keySlot(tags[0]))).toBe(heir)
      await callsSucceed(setups, clients, tags, audits)
    },
    2 * SETTLE_BOUND_MS,
  )
})

/** The port of the replica of a master. */
async function replicaOf(master: number): Promise<number> {
  for (const { port } of cluster.replicas()) {
    const info = await nodeClient(port).info('replication')
    if (Number(/^master_port:(\d+)/m.exec(info)?.[1]) === master) return port
  }
  throw new Error(`no replica of ${master}`)
}
