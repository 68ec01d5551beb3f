import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ScriptArgumentError, type LuaScript } from '../../src/runtime/index.js'
import type { RedisCluster } from '../../src/testing/index.js'
import { commandCounts, countsSince } from '../runtime/helpers.js'
import { servers } from '../support/servers.js'
import { CLIENTS, type Connected } from './clients.js'
import { failover, masterPortOf } from './cluster-ops.js'
import { move, peek } from './scripts.js'

type Script = LuaScript<Record<string, unknown>, unknown>
const run = (script: unknown, client: object, params?: object): Promise<unknown> =>
  (script as Script).run(client as never, params as never)

const WITH_CLUSTER = CLIENTS.filter(flavour => flavour.cluster)

describe.each(servers)('$name cluster', kind => {
  let cluster: RedisCluster
  /** Direct connections to the masters as they are now. */
  const masters = (): Redis[] => cluster.masters().map(node => cluster.node(node.port).client())
  const scriptCalls = async (): Promise<Record<string, number>[]> => Promise.all(masters().map(commandCounts))
  const sum = (counts: Record<string, number>[]): number =>
    counts.reduce((total, c) => total + (c.evalsha ?? 0) + (c.eval ?? 0) + (c.evalsha_ro ?? 0) + (c.eval_ro ?? 0), 0)

  beforeAll(async () => {
    cluster = await kind.startCluster({ masters: 3, replicas: 1 })
  }, 120_000)
  afterAll(() => cluster?.stop())

  describe.each(WITH_CLUSTER)('$name', flavour => {
    let live: Connected
    const tag = `{${flavour.name}}`
    beforeAll(async () => {
      // A client must learn a settled topology, even when an earlier client's failover test failed midway.
      await cluster.ready()
      live = await flavour.cluster!(cluster)
    }, 30_000)
    afterAll(() => live?.close())

    it('runs scripts on the master of their keys’ slot, read-only ones too', async () => {
      await masters()[0]
        .set(`${tag}:a`, '10')
        .catch(() => undefined)
      expect(await run(move, live.client, { from: `${tag}:a`, to: `${tag}:b`, amount: 1 })).toBeTypeOf('number')
      expect(await run(peek, live.client, { key: `${tag}:b` })).toMatch(/^\d+$/)
    })

    it('refuses keys of two slots before sending anything', async () => {
      const before = await scriptCalls()
      const error = (await run(move, live.client, { from: '{a}:x', to: '{b}:x', amount: 1 }).catch(e => e)) as Error
      expect(error).toBeInstanceOf(ScriptArgumentError)
      expect(error.message).toMatch(
        /keys "from" = "\{a\}:x" \(slot \d+\), "to" = "\{b\}:x" \(slot \d+\) are in different cluster slots/,
      )
      expect(sum((await scriptCalls()).map((after, i) => countsSince(before[i], after)))).toBe(0)
    })

    it('load() loads the script on every master', async () => {
      await Promise.all(masters().map(node => node.script('FLUSH')))
      expect(await move.load(live.client as never)).toBe(move.sha1)
      for (const node of masters()) expect(await node.script('EXISTS', move.sha1)).toEqual([1])
    })

    it('keeps working through a failover (the new master lacks the script)', async () => {
      const from = `${tag}:fo:a`
      const to = `${tag}:fo:b`
      const first = Number(await run(move, live.client, { from, to, amount: 1 }))
      const old = await masterPortOf(cluster, from)
      await failover(cluster, from)
      expect(await masterPortOf(cluster, from)).not.toBe(old)
      // The client learns the new topology from a MOVED (or its refresh) and the script from a NOSCRIPT.
      let result: unknown
      for (let attempt = 0; attempt < 50; attempt++) {
        result = await run(move, live.client, { from, to, amount: 1 }).catch((error: unknown) => error)
        if (typeof result === 'number') break
        await new Promise(resolve => setTimeout(resolve, 100))
      }
      expect(result).toBe(first + 1)
      const more = await Promise.all(Array.from({ length: 20 }, () => run(move, live.client, { from, to, amount: 1 })))
      expect(more.sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 20 }, (_, i) => first + 2 + i))
    }, 60_000)
  })
})
