import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { useBunProbe } from '../support/bun.js'
import { servers } from '../support/servers.js'

const PROBE = fileURLToPath(new URL('./bun-probe.ts', import.meta.url))

describe.each(servers)('functions on Bun RedisClient, $name', target => {
  const seen = useBunProbe(target, PROBE)

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
