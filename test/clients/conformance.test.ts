import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LuaScriptError, ScriptAbortedError, ScriptArgumentError, type LuaScript } from '../../src/runtime/index.js'
import { commandCounts, countsSince, whileFlushing } from '../runtime/helpers.js'
import { servers, useServer } from '../support/servers.js'
import { CLIENTS, type Connected } from './clients.js'
import {
  customCode,
  deep,
  DEEP_FRAMES,
  echo,
  ECHO_PARAMS,
  ECHOED,
  incr,
  peek,
  RETURNED,
  returns,
  wrongType,
} from './scripts.js'

type Script = LuaScript<Record<string, unknown>, unknown>
const run = (script: unknown, client: object, params?: object): Promise<unknown> =>
  (script as Script).run(client as never, params as never)

/** Only the script commands, from `INFO commandstats` counts. */
function scriptCommands(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([name]) => /^(eval|evalsha)(_ro)?$/.test(name)))
}

describe.each(servers)('$name', kind => {
  const suite = useServer(kind)

  describe.each(CLIENTS)('$name', flavour => {
    let live: Connected
    // Keys of their own, so the clients' tests do not meet each other's data.
    const key = (name: string): string => `${flavour.name}:${name}`
    beforeAll(async () => {
      live = await flavour.connect(suite.server)
    })
    afterAll(() => live?.close())

    it('round trips every parameter and %return type', async () => {
      const params = { key: key('echo'), ...ECHO_PARAMS }
      expect(await run(echo, live.client, params)).toEqual({ key: key('echo'), ...ECHOED })
      expect(
        await run(echo, live.client, { ...params, key: Buffer.from(key('buffer')), s: Buffer.from('bytes') }),
      ).toMatchObject({
        key: key('buffer'),
        s: 'bytes',
      })
      for (const [name, script] of Object.entries(returns))
        expect([name, await run(script, live.client)]).toEqual([name, RETURNED[name as keyof typeof RETURNED]])
    })

    it('recovers from SCRIPT FLUSH during 1,000 concurrent calls', async () => {
      const counter = key('flushed')
      await suite.client.del(counter)
      const { result: results, flushes } = await whileFlushing(suite.client, () =>
        Promise.allSettled(Array.from({ length: 1000 }, () => run(incr, live.client, { counter, by: 1 }))),
      )
      expect(flushes).toBeGreaterThan(1)
      expect(results.filter(r => r.status === 'rejected')).toEqual([])
      expect(new Set(results.map(r => (r as PromiseFulfilledResult<unknown>).value)).size).toBe(1000)
      expect(await suite.client.get(counter)).toBe('1000')
    })

    it('runs a read-only script with EVALSHA_RO, and EVAL_RO (never EVAL) when the server lacks it', async () => {
      await suite.client.set(key('ro'), 'v')
      await suite.client.script('FLUSH')
      const before = await commandCounts(suite.client)
      expect(await run(peek, live.client, { key: key('ro') })).toBe('v')
      expect(await run(peek, live.client, { key: key('ro') })).toBe('v')
      expect(scriptCommands(countsSince(before, await commandCounts(suite.client)))).toEqual({
        evalsha_ro: 2,
        eval_ro: 1,
      })
    })

    it('maps an error three includes deep to its frames, and keeps codes', async () => {
      const error = (await run(deep, live.client, { key: key('deep') }).catch(e => e)) as LuaScriptError
      expect(error).toBeInstanceOf(LuaScriptError)
      expect(error.code).toBe('ERR')
      expect(error.luaError).toMatch(/attempt to index local 't' \(a nil value\)/)
      expect(error.frames).toEqual(DEEP_FRAMES)
      expect(error.stack).toContain('at deep (lib/c.lua:3)')
      await suite.client.set(key('string'), 'x')
      await expect(run(wrongType, live.client, { key: key('string') })).rejects.toMatchObject({
        name: 'LuaScriptError',
        code: 'WRONGTYPE',
        luaError: 'Operation against a key holding the wrong kind of value',
      })
      await expect(run(customCode, live.client)).rejects.toMatchObject({
        name: 'LuaScriptError',
        code: 'MYCODE',
        luaError: 'my message',
        frames: [],
      })
    })

    it('refuses bad parameters before sending anything', async () => {
      const before = await commandCounts(suite.client)
      await expect(run(incr, live.client, { counter: key('c'), by: '1' })).rejects.toBeInstanceOf(ScriptArgumentError)
      expect(scriptCommands(countsSince(before, await commandCounts(suite.client)))).toEqual({})
    })

    if (flavour.keyPrefix)
      it('puts the client’s keyPrefix in front of the keys', async () => {
        const prefixed = await flavour.connect(suite.server, { keyPrefix: 'pre:' })
        try {
          await suite.client.del(`pre:${key('p')}`, key('p'))
          expect(await run(incr, prefixed.client, { counter: key('p'), by: 5 })).toBe(5)
          expect(await suite.client.get(`pre:${key('p')}`)).toBe('5')
          expect(await suite.client.exists(key('p'))).toBe(0)
        } finally {
          await prefixed.close()
        }
      })

    it('settles calls queued on each of its batches after the user runs it', async () => {
      for (const { name, make } of live.batches) {
        const counter = key(`batch:${name}`)
        await suite.client.del(counter)
        await suite.client.set(key('batch:string'), 'x')
        const batch = make()
        const calls = [1, 2, 3].map(by => run(incr, batch.target, { counter, by }))
        const failing = run(wrongType, batch.target, { key: key('batch:string') })
        const tail = run(incr, batch.target, { counter, by: 4 })
        await batch.exec().catch(() => undefined)
        const error = await failing.catch(e => e)
        if (batch.atomic || !name.includes('execAsPipeline')) {
          expect([name, await Promise.all(calls), await tail]).toEqual([name, [1, 3, 6], 10])
          expect(error).toMatchObject({ name: 'LuaScriptError', code: 'WRONGTYPE' })
        } else {
          // node-redis' execAsPipeline() rejects with the first error and drops every other reply.
          expect(String(error)).toMatch(/execAsPipeline\(\) rejected with the first failed command's error/)
          await expect(tail).rejects.toThrow(/execAsPipeline\(\) rejected/)
          expect(await suite.client.get(counter)).toBe('10')
        }
      }
    })

    it('resends a script lost to SCRIPT FLUSH in a plain batch; in MULTI the call fails and the next one recovers', async () => {
      for (const { name, make } of live.batches) {
        const counter = key(`flushed batch:${name}`)
        await suite.client.del(counter)
        await run(incr, live.client, { counter, by: 1 })
        await suite.client.script('FLUSH')
        const batch = make()
        const calls = [1, 2].map(by => run(incr, batch.target, { counter, by }))
        await batch.exec().catch(() => undefined)
        const settled = await Promise.allSettled(calls)
        if (!batch.atomic) expect([name, settled.map(r => r.status === 'fulfilled' && r.value)]).toEqual([name, [2, 4]])
        else {
          // ioredis knew the script loaded on that connection, so it went by SHA-1, which MULTI cannot retry;
          // node-redis multis always send the body.
          for (const result of settled)
            if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'NOSCRIPT', script: 'incr' })
          const again = make()
          const retried = run(incr, again.target, { counter, by: 10 })
          await again.exec()
          expect(typeof (await retried)).toBe('number')
        }
      }
    })

    const atomic = (live: Connected) => live.batches.find(b => b.make().atomic)
    it('after a WATCH-aborted transaction, calls still work', async () => {
      const multi = atomic(live)
      if (!multi || !live.watch) {
        // No transactions on this client: run() refuses nothing it has.
        expect(live.batches).toEqual([])
        return
      }
      const counter = key('watched')
      await suite.client.set(counter, '1')
      await live.watch(counter)
      await suite.client.set(counter, '100')
      const batch = multi.make()
      const aborted = run(incr, batch.target, { counter, by: 1 })
      await batch.exec().catch(() => undefined)
      await expect(aborted).rejects.toBeInstanceOf(ScriptAbortedError)
      expect(await suite.client.get(counter)).toBe('100')
      expect(await run(incr, live.client, { counter, by: 1 })).toBe(101)
      const again = multi.make()
      const committed = run(incr, again.target, { counter, by: 1 })
      await again.exec()
      expect(await committed).toBe(102)
    })
  })
})
