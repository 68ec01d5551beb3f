import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteStaleLibraries, LuaScriptError, ScriptNotLoadedError } from '../../src/runtime/index.js'
import type { LuaScript } from '../../src/runtime/index.js'
import { CLIENTS, type Connected } from '../clients/clients.js'
import { servers, useServer } from '../support/servers.js'
import { bothForms } from './helpers.js'

const run = (script: unknown, client: object, params?: object): Promise<unknown> =>
  (script as LuaScript).run(client as never, params as never)

const COUNTER_LUA = '%key counter\n%arg by integer\n%return integer\nreturn redis.call("INCRBY", counter, by)'
const COUNTER = bothForms({
  'main.lua': '%key counter\n%arg by integer\n%return integer\n%include "lib/add"\nreturn add(counter, by)',
  'lib/add.lua': "local function add(key, n)\n  return redis.call('INCRBY', key, n)\nend",
})
const READ = bothForms(
  {
    'read.lua': '#!lua flags=no-writes\n%key k\n%return string?\nreturn redis.call("GET", k)',
  },
  'read.lua',
)
const BOOM = bothForms(
  {
    'boom.lua': '%key k\n%include "lib/deep"\nreturn deep(k)',
    'lib/deep.lua': "local function deep(key)\n  local t = redis.call('SET', key, 'x')\n  return t.missing.field\nend",
  },
  'boom.lua',
)

describe.each(servers)('functions on every client, $name', target => {
  const suite = useServer(target)

  describe.each(CLIENTS)('$name', client => {
    let live: Connected
    beforeAll(async () => {
      live = await client.connect(suite.server)
    })
    afterAll(() => live?.close())

    it('runs with FCALL after loading the library itself, FCALL_RO when read-only, and maps errors like the script form', async () => {
      await suite.client.call('FUNCTION', 'FLUSH')
      const tag = `${client.name}:c`
      expect(await run(COUNTER.fn, live.client, { counter: tag, by: 2 })).toBe(2)
      expect(await run(COUNTER.fn, live.client, { counter: tag, by: 3 })).toBe(5)
      await suite.client.set(`${tag}:r`, 'v')
      expect(await run(READ.fn, live.client, { k: `${tag}:r` })).toBe('v')
      const fromScript = (await run(BOOM.script, live.client, { k: `${tag}:s` }).catch(e => e)) as LuaScriptError
      const fromFunction = (await run(BOOM.fn, live.client, { k: `${tag}:f` }).catch(e => e)) as LuaScriptError
      expect(fromFunction).toBeInstanceOf(LuaScriptError)
      expect(fromFunction.frames).toEqual(fromScript.frames)
      expect(fromFunction.frames.map(f => `${f.file}:${f.line}`)).toEqual(['boom.lua:2', 'lib/deep.lua:3'])
      expect(fromFunction.luaError).toBe(fromScript.luaError)
      expect(await COUNTER.fn.load(live.client as never)).toBe(COUNTER.fn.functionName)
    })

    it('batches: a pipeline mends a missing library after exec(); MULTI refuses a function not known loaded', async () => {
      for (const { name, make } of live.batches) {
        // A library of its own for each batch: this connection knows nothing of it yet.
        const { fn } = bothForms({ 'main.lua': `${COUNTER_LUA}\n-- ${client.name} ${name}` })
        const batch = make()
        const key = `${client.name}:${name}`
        // node-redis' multi() does not say which client made it: a function cannot be known loaded there.
        if (client.name.startsWith('node-redis')) {
          const refused = await run(fn, batch.target, { counter: key, by: 1 }).catch(e => e)
          expect(refused).toBeInstanceOf(ScriptNotLoadedError)
          expect((refused as Error).message).toContain('run the function outside multi()')
          await batch.exec()
        } else if (batch.atomic) {
          await expect(run(fn, batch.target, { counter: key, by: 1 })).rejects.toBeInstanceOf(ScriptNotLoadedError)
          await batch.exec()
          await fn.load(live.client as never)
          const again = make()
          const queued = run(fn, again.target, { counter: key, by: 4 })
          await again.exec()
          expect(await queued).toBe(4)
        } else {
          const calls = [1, 2].map(by => run(fn, batch.target, { counter: key, by }))
          await batch.exec()
          expect((await Promise.all(calls)).sort()).toEqual([1, 3])
        }
      }
    })

    it("deleteStaleLibraries reads FUNCTION LIST in this client's reply shape", async () => {
      await suite.client.call('FUNCTION', 'FLUSH')
      await COUNTER.fn.load(live.client as never)
      await READ.fn.load(live.client as never)
      expect(await deleteStaleLibraries(live.client, [COUNTER.fn], { dryRun: true })).toEqual([READ.fn.libraryName])
      expect(await deleteStaleLibraries(live.client, [COUNTER.fn])).toEqual([READ.fn.libraryName])
      expect(await deleteStaleLibraries(live.client, [COUNTER.fn])).toEqual([])
    })
  })
})
