import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runLua, startRedis, type RedisCluster } from '../../src/testing/index.js'
import { servers, useServer } from '../support/servers.js'
import { alive } from './alive.js'

function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*?)\\r?$`, 'm').exec(info)?.[1]
}

// Redis 7.0 predates `server_name`; Valkey names itself and reports Redis 7.2.4 compatibility.
function identity(info: string): { kind: string; version: string | undefined } {
  const kind = field(info, 'server_name') ?? 'redis'
  return { kind, version: field(info, `${kind}_version`) }
}

const SCRIPT = '%key counter\n%arg by integer\n%return integer\nreturn redis.call("INCRBY", counter, by)'

describe.each(servers)('$name', server => {
  describe('startRedis', () => {
    const suite = useServer(server)

    it(`says it is ${server.name} in INFO server`, async () => {
      const { kind, version } = identity(await suite.client.info('server'))
      expect(kind).toBe(server.kind)
      expect(version).toMatch(new RegExp(`^${server.version.replace('.', '\\.')}\\.\\d+$`))
    })

    it('runs a compiled script, with no persistence', async () => {
      const client = suite.client
      expect(await runLua(client, SCRIPT, { counter: 'hits', by: 2 })).toBe(2)
      expect(await runLua(client, SCRIPT, { counter: 'hits', by: 3 })).toBe(5)
      expect(await client.config('GET', 'save')).toEqual(['save', ''])
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no'])
    })

    it('stops', async () => {
      const { pid } = suite.server
      await suite.server.stop()
      expect(alive(pid)).toBe(false)
      expect(suite.server.running).toBe(false)
    })
  })

  describe('startRedisCluster', () => {
    let cluster: RedisCluster

    beforeAll(async () => {
      cluster = await server.startCluster()
    })

    afterAll(async () => {
      await cluster?.stop()
    })

    it(`is made of ${server.name} nodes that run a script on any slot`, async () => {
      for (const { port } of cluster.nodes) {
        const node = cluster.node(port).client()
        expect(identity(await node.info('server')).kind).toBe(server.kind)
        expect(field(await node.info('cluster'), 'cluster_enabled')).toBe('1')
      }
      const client = cluster.client()
      for (const counter of ['alpha', 'beta', 'gamma']) {
        expect(await runLua(client, SCRIPT, { counter, by: 4 })).toBe(4)
      }
    })

    it('stops every node', async () => {
      const pids = cluster.nodes.map(node => cluster.node(node.port).pid)
      await cluster.stop()
      expect(pids.some(alive)).toBe(false)
    })
  })
})

describe('a server that is not there', () => {
  it('is named in the error, whichever server it is', async () => {
    await expect(startRedis({ binary: '/nonexistent/valkey-server' })).rejects.toThrow(
      /^valkey-server not found on PATH: install it .*\(tried '\/nonexistent\/valkey-server'\)/,
    )
  })
})
