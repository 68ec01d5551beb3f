import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis, type RedisServer } from '../../src/testing/index.js'
import { alive } from './alive.js'

describe('startRedis', () => {
  let server: RedisServer

  beforeAll(async () => {
    server = await startRedis({ args: ['--maxmemory', '10mb'] })
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('listens on loopback, never on 6379', () => {
    expect(server.host).toBe('127.0.0.1')
    expect(server.port).not.toBe(6379)
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`)
    expect(alive(server.pid)).toBe(true)
  })

  it('answers through client()', async () => {
    const client = server.client()
    await client.set('greeting', 'hello')
    expect(await client.get('greeting')).toBe('hello')
  })

  it('has no persistence and its own directory', async () => {
    const client = server.client()
    expect(await client.config('GET', 'save')).toEqual(['save', ''])
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no'])
    expect(await client.config('GET', 'dir')).toEqual(['dir', server.dir])
    expect(server.dir.startsWith(tmpdir())).toBe(true)
  })

  it('passes extra args to redis-server', async () => {
    expect(await server.client().config('GET', 'maxmemory')).toEqual(['maxmemory', String(10 * 1024 * 1024)])
  })
})

describe('RedisServer lifecycle', () => {
  it('stop() ends the process, closes clients and removes the directory; twice is fine', async () => {
    const server = await startRedis()
    const client = server.client()
    await client.ping()
    const { pid, dir } = server
    expect(existsSync(dir)).toBe(true)
    await server.stop()
    expect(alive(pid)).toBe(false)
    expect(existsSync(dir)).toBe(false)
    expect(client.status).toBe('end')
    await server.stop()
  })

  it('restart() keeps the port, loses the script cache, and clients reconnect', async () => {
    const server = await startRedis()
    try {
      const client = server.client()
      const sha = (await client.script('LOAD', 'return 1')) as string
      expect(await client.script('EXISTS', sha)).toEqual([1])
      const { port, pid } = server
      await server.restart()
      expect(server.port).toBe(port)
      expect(server.pid).not.toBe(pid)
      expect(alive(pid)).toBe(false)
      expect(await client.script('EXISTS', sha)).toEqual([0])
      expect(await server.client().script('EXISTS', sha)).toEqual([0])
    } finally {
      await server.stop()
    }
  })

  it('restart() brings a stopped server back on the same port', async () => {
    const server = await startRedis()
    try {
      const { port } = server
      await server.stop()
      await server.restart()
      expect(server.port).toBe(port)
      expect(await server.client().ping()).toBe('PONG')
    } finally {
      await server.stop()
    }
  })

  it('keeps a directory it was given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redis-lua-test-'))
    try {
      const server = await startRedis({ dir })
      expect(server.dir).toBe(dir)
      await server.stop()
      expect(existsSync(dir)).toBe(true)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('starts independent servers on different ports', async () => {
    const [a, b] = await Promise.all([startRedis(), startRedis()])
    try {
      expect(a.port).not.toBe(b.port)
      expect(a.dir).not.toBe(b.dir)
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })
})

describe('startRedis failures', () => {
  it('says how to install a missing binary', async () => {
    await expect(startRedis({ binary: '/nonexistent/redis-server' })).rejects.toThrow(
      /redis-server not found on PATH: install it \(Debian: apt-get install redis-server/,
    )
  })

  it('reports a port it cannot bind, with the output of redis-server', async () => {
    const server = await startRedis()
    try {
      const error = await startRedis({ port: server.port }).then(
        async other => {
          await other.stop()
          throw new Error('a second server started on a taken port')
        },
        (e: unknown) => e as Error & { code?: string },
      )
      expect(error).toBeInstanceOf(Error)
      expect(error.message).toContain(`redis-server on 127.0.0.1:${server.port} exited`)
      expect(error.message).toMatch(/last output of redis-server[\s\S]*Address already in use/)
      expect(error.code).toBe('EADDRINUSE')
    } finally {
      await server.stop()
    }
  })

  it('bounds the wait for PING', async () => {
    const error = await startRedis({ timeout: 1 }).then(
      async server => {
        await server.stop()
        throw new Error('started within 1 ms')
      },
      (e: unknown) => e as Error,
    )
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toMatch(/did not answer PING within 1 ms[\s\S]*last output of redis-server/)
  })
})
