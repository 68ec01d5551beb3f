import { afterAll, beforeAll, expect, it } from 'vitest'
import { startRedis } from '../../src/testing/index.js'
import type { RedisServer } from '../../src/testing/index.js'
import sum from '../fixtures/node/scripts/sum.lua'

let server: RedisServer
beforeAll(async () => {
  server = await startRedis()
})
afterAll(() => server?.stop())

it('a test imports a .lua file through the Vite plugin, as the app does, and runs it', async () => {
  expect(sum.sha1).toMatch(/^[0-9a-f]{40}$/)
  expect(sum.lua).not.toContain('%arg')
  expect(sum.name).toBe('test/fixtures/node/scripts/sum')
  await expect(sum.run(server.client(), { numbers: [1, 2, 3.5], strict: true })).resolves.toBe(6.5)
  await expect(sum.run(server.client(), { numbers: [1, 'x'], strict: true })).resolves.toBeNull()
})
