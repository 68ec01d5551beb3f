import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisCluster, type RedisCluster } from '../../src/testing/index.js'
import { alive } from './alive.js'

describe('startRedisCluster', () => {
  let cluster: RedisCluster

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicas: 1 })
  })

  afterAll(async () => {
    await cluster?.stop()
  })

  it('runs 3 masters and 3 replicas on loopback, away from 6379', async () => {
    expect(cluster.nodes).toHaveLength(6)
    expect(cluster.masters()).toHaveLength(3)
    expect(cluster.replicas()).toHaveLength(3)
    for (const node of cluster.nodes) {
      expect(node.host).toBe('127.0.0.1')
      expect(node.port).not.toBe(6379)
    }
    const lines = ((await cluster.node(cluster.nodes[0].port).client().cluster('NODES')) as string).trim().split('\n')
    expect(lines.filter(line => / (myself,)?master /.test(line))).toHaveLength(3)
    expect(lines.filter(line => / (myself,)?slave /.test(line))).toHaveLength(3)
    expect(lines.every(line => line.includes('127.0.0.1:'))).toBe(true)
  })

  it('serves keys in different slots through client()', async () => {
    const client = cluster.client()
    const keys = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta']
    for (const key of keys) await client.set(key, `value of ${key}`)
    for (const key of keys) expect(await client.get(key)).toBe(`value of ${key}`)
    const owners = new Set<number>()
    for (const key of keys) {
      const slot = (await client.cluster('KEYSLOT', key)) as number
      const shard = ((await client.cluster('SLOTS')) as unknown as [number, number, [string, number]][]).find(
        ([start, end]) => start <= slot && slot <= end,
      )
      owners.add(shard![2][1])
    }
    expect(owners.size).toBeGreaterThan(1)
  })

  it('has no persistence on any node', async () => {
    for (const { port } of cluster.nodes) {
      const client = cluster.node(port).client()
      expect(await client.config('GET', 'save')).toEqual(['save', ''])
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no'])
    }
  })

  it('restarts a master that keeps its slots and loses its scripts', async () => {
    const [master] = cluster.masters()
    const server = cluster.node(master.port)
    const sha = (await server.client().script('LOAD', 'return 1')) as string
    await server.restart()
    expect(server.port).toBe(master.port)
    await cluster.ready()
    expect(await server.client().script('EXISTS', sha)).toEqual([0])
    expect(cluster.masters()).toHaveLength(3)
  })

  it('fails over when a master stops, and ready() follows the new roles', async () => {
    const [master] = cluster.masters()
    await cluster.node(master.port).stop()
    await cluster.ready()
    expect(cluster.masters()).toHaveLength(3)
    expect(cluster.masters().map(node => node.port)).not.toContain(master.port)
    expect(cluster.nodes.find(node => node.port === master.port)?.running).toBe(false)
    const client = cluster.client()
    await client.set('after-failover', 'yes')
    expect(await client.get('after-failover')).toBe('yes')
  })

  it('rejects fewer than 3 masters before starting anything', async () => {
    await expect(startRedisCluster({ masters: 1 })).rejects.toThrow(/masters must be an integer >= 3/)
  })
})

describe('RedisCluster.stop', () => {
  it('ends every node and removes the directory', async () => {
    const cluster = await startRedisCluster()
    const pids = cluster.nodes.map(node => cluster.node(node.port).pid)
    expect(pids.every(alive)).toBe(true)
    expect(cluster.replicas()).toHaveLength(0)
    await cluster.client().set('k', 'v')
    await cluster.stop()
    expect(pids.some(alive)).toBe(false)
    expect(existsSync(cluster.dir)).toBe(false)
    await cluster.stop()
  })

  it('says how to install a missing redis-cli', async () => {
    await expect(startRedisCluster({ cli: '/nonexistent/redis-cli' })).rejects.toThrow(/redis-cli not found on PATH/)
  })
})
