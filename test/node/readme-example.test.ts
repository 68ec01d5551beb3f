import { afterAll, beforeAll, expect, test } from 'vitest'
import { runLua, startRedis, type RedisServer } from 'unplugin-redis-lua/testing'

let server: RedisServer

beforeAll(async () => {
  server = await startRedis() // a throw-away redis-server on a free port; never your 6379
})

afterAll(() => server.stop())

// In-memory files the inline code can %include, by path from a virtual root.
const files = {
  'lib/window.lua': `
%pragma once
local function window_key(key, now, size)
  return key .. ':' .. math.floor(now / size)
end`,
}

const rateLimit = `
%key bucket
%arg now integer
%arg limit integer
%return boolean
%include "lib/window"
local key = window_key(bucket, now, 60)
local count = redis.call('INCR', key)
redis.call('EXPIRE', key, 60)
return count <= limit`

test('lets `limit` calls through per window', async () => {
  const redis = server.client()
  const allowed: boolean[] = []
  for (let i = 0; i < 4; i++) {
    allowed.push(await runLua<boolean>(redis, rateLimit, { bucket: 'rate:ada', now: 120, limit: 3 }, { files }))
  }
  expect(allowed).toEqual([true, true, true, false])
  expect(await runLua(redis, rateLimit, { bucket: 'rate:ada', now: 180, limit: 3 }, { files })).toBe(true)
})

test('a mistake fails before Redis sees it, with file:line:col', async () => {
  await expect(runLua(server.client(), '%arg n integr\nreturn n')).rejects.toThrow(
    '<user-code>.lua:1:8: error: unknown type `integr`',
  )
})
