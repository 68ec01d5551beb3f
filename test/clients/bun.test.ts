import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { useBunProbe } from '../support/bun.js'
import { servers } from '../support/servers.js'
import { DEEP_FRAMES, ECHOED, RETURNED } from './scripts.js'

const PROBE = fileURLToPath(new URL('./bun/probe.ts', import.meta.url))

describe.each(servers)('Bun RedisClient on $name', kind => {
  const seen = useBunProbe(kind, PROBE)

  it('round trips every parameter and %return type (RESP3, replies as text)', () => {
    expect(seen.roundTrip).toEqual({ key: 'bun:echo', ...ECHOED })
    expect(seen.returns).toEqual(RETURNED)
  })

  it('recovers from SCRIPT FLUSH during 1,000 concurrent calls', () => {
    expect(seen.flush.flushes).toBeGreaterThan(1)
    expect(seen.flush.rejected).toEqual([])
    expect(seen.flush.distinct).toBe(1000)
    expect(seen.flush.total).toBe('1000')
  })

  it('runs a read-only script with EVALSHA_RO, and EVAL_RO when the server lacks it', () => {
    expect(seen.readOnly).toEqual({ results: ['v', 'v'], counts: { evalsha_ro: 2, eval_ro: 1 } })
  })

  it('maps Redis errors to LuaScriptError with frames, three includes deep', () => {
    expect(seen.deep).toMatchObject({ isLuaScriptError: true, code: 'ERR', frames: DEEP_FRAMES })
    expect(seen.deep.stack).toContain('at deep (lib/c.lua:3)')
    expect(seen.wrongType).toMatchObject({ isLuaScriptError: true, code: 'WRONGTYPE' })
    expect(seen.customCode).toMatchObject({
      isLuaScriptError: true,
      code: 'MYCODE',
      luaError: 'my message',
      frames: [],
    })
  })

  it('refuses bad parameters before sending anything, and loads with SCRIPT LOAD', () => {
    expect(seen.badParams).toMatchObject({ isArgumentError: true })
    expect(seen.badParamsSent).toBe(false)
    expect(seen.load).toMatch(/^[0-9a-f]{40}$/)
  })

  it('a closed client is a TypeError naming the script', () => {
    expect(seen.closed).toMatchObject({
      isTypeError: true,
      message: 'incr: run() got a closed Bun RedisClient (close() was called or its connection failed)',
    })
  })
})
