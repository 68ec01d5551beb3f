import type { Cluster } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteStaleLibraries } from '../../src/runtime/index.js'
import type { RedisCluster } from '../../src/testing/index.js'
import { servers } from '../support/servers.js'
import { bothForms } from './helpers.js'

const MOVE = {
  'main.lua':
    "%key from\n%key to\n%arg amount integer\n%return integer\nredis.call('DECRBY', from, amount)\nreturn redis.call('INCRBY', to, amount)",
}

/** The libraries each master has, by name. */
async function librariesOn(cluster: RedisCluster): Promise<string[][]> {
  return Promise.all(
    cluster.masters().map(async node => {
      const reply = (await cluster.node(node.port).client().call('FUNCTION', 'LIST')) as unknown[][]
      return reply.map(library => String(library[1])).sort()
    }),
  )
}

describe.each(servers)('Redis Functions on a local $name cluster', target => {
  let cluster: RedisCluster
  let client: Cluster

  beforeAll(async () => {
    cluster = await target.startCluster({ masters: 3 })
    client = cluster.client()
    await client.ping()
  }, 120_000)
  afterAll(() => cluster?.stop())

  it('calls on every slot load the library where it is missing and answer as the script form does', async () => {
    const { script, fn } = bothForms<{ from: string; to: string; amount: number }, number>(MOVE)
    for (let i = 0; i < 12; i++) {
      const keys = { from: `{u${i}}:a`, to: `{u${i}}:b` }
      const fromScript = await script.run(client, { from: `{s${i}}:a`, to: `{s${i}}:b`, amount: i })
      expect(await fn.run(client, { ...keys, amount: i })).toBe(fromScript)
    }
    // Every master got the library (the first miss loads it on all of them).
    for (const names of await librariesOn(cluster)) expect(names).toEqual([fn.libraryName])
  })

  it('a master whose functions were flushed gets the library again on its next call', async () => {
    const { fn } = bothForms<{ from: string; to: string; amount: number }, number>(MOVE)
    await Promise.all(cluster.masters().map(node => cluster.node(node.port).client().call('FUNCTION', 'FLUSH')))
    await client.del('{x}:a', '{x}:b')
    expect(await fn.run(client, { from: '{x}:a', to: '{x}:b', amount: 3 })).toBe(3)
    expect(await fn.load(client)).toBe(fn.functionName)
    for (const names of await librariesOn(cluster)) expect(names).toEqual([fn.libraryName])
  })

  it('deleteStaleLibraries deletes the libraries of older builds on every master, and only those', async () => {
    const current = bothForms(MOVE).fn
    const old = bothForms({ 'main.lua': `${MOVE['main.lua']}\n-- an older build` }).fn
    const other = bothForms({ 'other.lua': 'return 1' }, 'other.lua').fn
    await Promise.all([current.load(client), old.load(client), other.load(client)])
    // Someone else's library stays.
    await Promise.all(
      cluster
        .masters()
        .map(node =>
          cluster
            .node(node.port)
            .client()
            .call(
              'FUNCTION',
              'LOAD',
              'REPLACE',
              "#!lua name=theirs\nredis.register_function('theirs', function() return 1 end)",
            ),
        ),
    )
    expect(await deleteStaleLibraries(client, [current, other], { dryRun: true })).toEqual([old.libraryName])
    expect(await deleteStaleLibraries(client, { current, other })).toEqual([old.libraryName])
    for (const names of await librariesOn(cluster))
      expect(names).toEqual([current.libraryName, other.libraryName, 'theirs'].sort())
    expect(await deleteStaleLibraries(client, [current, other])).toEqual([])
  })
})
