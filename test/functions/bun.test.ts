import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisServer } from '../../src/testing/index.js'
import { servers } from '../support/servers.js'

// The `bun` npm package ships Bun's binary; the probe runs under it, not under Node.
const BUN = fileURLToPath(new URL('../../node_modules/bun/bin/bun.exe', import.meta.url))
const PROBE = fileURLToPath(new URL('./bun-probe.ts', import.meta.url))

describe.each(servers)('functions on Bun RedisClient, $name', target => {
  let server: RedisServer
  let seen: Record<string, any>
  beforeAll(async () => {
    server = await target.start()
    const { stdout } = await promisify(execFile)(BUN, [PROBE, server.url], { timeout: 60_000 })
    seen = JSON.parse(stdout.trim().split('\n').at(-1)!)
  }, 90_000)
  afterAll(() => server?.stop())

  it('FCALL after loading the library itself, FCALL_RO when read-only', () => {
    expect(seen.results).toEqual([2, 5])
    expect(seen.read).toBe('v')
    expect(seen.counts).toEqual({ fcall: 3, fcall_ro: 2, 'function|load': 2 })
  })

  it('errors map to the script form frames; load() and deleteStaleLibraries work', () => {
    expect(seen.errors).toEqual({ isLuaScriptError: true, same: true, frames: ['boom.lua:2', 'lib/deep.lua:3'] })
    expect(seen.load).toBe(seen.expected.functionName)
    expect(seen.stale).toEqual(seen.expected.stale)
  })
})
