import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Redis } from 'ioredis'
import { LuaScriptError, ScriptNotLoadedError } from '../../src/runtime/index.js'
import type { RedisServer } from '../../src/testing/index.js'
import { commandCounts, countsSince } from '../runtime/helpers.js'
import { servers } from '../support/servers.js'
import { bothForms } from './helpers.js'

const COUNTER = {
  'main.lua': '%key counter\n%arg by integer\n%return integer\n%include "lib/add"\nreturn add(counter, by)',
  'lib/add.lua': "local function add(key, n)\n  return redis.call('INCRBY', key, n)\nend",
}
const READ = {
  'main.lua': '#!lua flags=no-writes\n%key counter\n%return integer?\nreturn tonumber(redis.call("GET", counter))',
}
const BOOM = {
  'main.lua': '%key k\n%include "lib/deep"\nreturn deep(k)',
  'lib/deep.lua': "local function deep(key)\n  local t = redis.call('SET', key, 'x')\n  return t.missing.field\nend",
}

// The commands a client sends to run scripts; what the scripts call themselves is counted too, and left out.
const CALLS = new Set(['fcall', 'fcall_ro', 'function|load', 'evalsha', 'evalsha_ro', 'eval', 'eval_ro'])

/** The script-running commands the server counted while `body` ran, as `INFO commandstats` names them. */
async function counted(redis: Redis, body: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await commandCounts(redis)
  await body()
  const diff = countsSince(before, await commandCounts(redis))
  return Object.fromEntries(Object.entries(diff).filter(([name]) => CALLS.has(name)))
}

describe.each(servers)('Redis Functions on $name', target => {
  let server: RedisServer
  let redis: Redis

  beforeAll(async () => {
    server = await target.start({ args: ['--save', '3600 1'] })
    redis = server.client()
  })
  afterAll(() => server?.stop())

  it('the first call on a fresh server takes FCALL, FUNCTION LOAD, FCALL; the next ones FCALL alone', async () => {
    const { script, fn } = bothForms<{ counter: string; by: number }, number>(COUNTER)
    expect(fn.kind).toBe('function')
    expect(script.kind).toBe('script')
    const first = await counted(redis, () => fn.run(redis, { counter: 'f:c', by: 2 }))
    expect(first).toEqual({ fcall: 2, 'function|load': 1 })
    expect(await counted(redis, () => fn.run(redis, { counter: 'f:c', by: 3 }))).toEqual({ fcall: 1 })
    // The same answers as the script form.
    expect(await script.run(redis, { counter: 's:c', by: 2 })).toBe(2)
    expect(await script.run(redis, { counter: 's:c', by: 3 })).toBe(5)
    expect(await redis.get('f:c')).toBe('5')
  })

  it('a read-only script is an FCALL_RO, counted as such by the server', async () => {
    const { script, fn } = bothForms<{ counter: string }, number | null>(READ)
    await redis.set('ro:c', '7')
    expect(await counted(redis, () => fn.run(redis, { counter: 'ro:c' }))).toEqual({
      fcall_ro: 2,
      'function|load': 1,
    })
    expect(await counted(redis, () => fn.run(redis, { counter: 'ro:c' }))).toEqual({ fcall_ro: 1 })
    expect(await fn.run(redis, { counter: 'ro:c' })).toBe(await script.run(redis, { counter: 'ro:c' }))
    const listed = JSON.stringify(await redis.call('FUNCTION', 'LIST', 'LIBRARYNAME', fn.libraryName!))
    expect(listed).toContain('no-writes')
  })

  it('keeps working after SCRIPT FLUSH, FUNCTION FLUSH and a restart from the RDB file', async () => {
    const { fn } = bothForms<{ counter: string; by: number }, number>(COUNTER)
    await redis.del('flush:c')
    expect(await fn.run(redis, { counter: 'flush:c', by: 1 })).toBe(1)
    await redis.script('FLUSH')
    expect(await counted(redis, () => fn.run(redis, { counter: 'flush:c', by: 1 }))).toEqual({ fcall: 1 })
    await redis.call('FUNCTION', 'FLUSH')
    expect(await counted(redis, () => fn.run(redis, { counter: 'flush:c', by: 1 }))).toEqual({
      fcall: 2,
      'function|load': 1,
    })
    await redis.save()
    const pid = server.pid
    await server.restart()
    expect(server.pid).not.toBe(pid)
    const after = server.client()
    // The library came back from the RDB file: no load needed.
    expect(await counted(after, () => fn.run(after, { counter: 'flush:c', by: 1 }))).toEqual({ fcall: 1 })
    expect(await after.get('flush:c')).toBe('4')
    redis = after
  })

  it('a runtime error maps to the same frames as the script form, through includes', async () => {
    const { script, fn } = bothForms<{ k: string }>(BOOM)
    const fromScript = (await script.run(redis, { k: 'boom:s' }).catch(e => e)) as LuaScriptError
    const fromFunction = (await fn.run(redis, { k: 'boom:f' }).catch(e => e)) as LuaScriptError
    expect(fromFunction).toBeInstanceOf(LuaScriptError)
    expect(fromScript.frames.map(f => `${f.file}:${f.line}`)).toEqual(['main.lua:2', 'lib/deep.lua:3'])
    expect(fromFunction.frames).toEqual(fromScript.frames)
    expect(fromFunction.code).toBe(fromScript.code)
    expect(fromFunction.luaError).toBe(fromScript.luaError)
    expect(fromFunction.message).toBe(fromScript.message)
  })

  it('a library the server cannot compile maps to the same frames as the script form, as a compile error', async () => {
    const files = { 'main.lua': 'local x = 1\n%include "bad"\nreturn x', 'bad.lua': '\nlocal y = = 1' }
    const { script, fn } = bothForms(files, 'main.lua', false)
    const fromScript = (await script.run(redis).catch(e => e)) as LuaScriptError
    const fromFunction = (await fn.run(redis).catch(e => e)) as LuaScriptError
    expect(String(fromFunction.redisError)).toMatch(/Error compiling function/)
    expect(fromScript.frames.map(f => `${f.file}:${f.line}`)).toEqual(['main.lua:2', 'bad.lua:2'])
    expect(fromFunction.frames).toEqual(fromScript.frames)
    expect(fromFunction.luaError).toBe(fromScript.luaError)
  })

  it('inside MULTI a function not known loaded is refused before anything is queued; once loaded it runs there', async () => {
    const { fn } = bothForms<{ counter: string; by: number }, number>({
      ...COUNTER,
      'main.lua': `${COUNTER['main.lua']}\n-- multi`,
    })
    const multi = redis.multi()
    await expect(fn.run(multi, { counter: 'm:c', by: 1 })).rejects.toBeInstanceOf(ScriptNotLoadedError)
    expect(await multi.exec()).toEqual([])
    expect(await fn.load(redis)).toBe(fn.functionName)
    // Loading again is fine: "already exists" counts as loaded.
    expect(await fn.load(redis)).toBe(fn.functionName)
    const again = redis.multi()
    const queued = fn.run(again, { counter: 'm:c', by: 4 })
    expect(await again.exec()).toEqual([[null, 4]])
    expect(await queued).toBe(4)
  })

  it('typed shapes: the same checked arguments and decoded result as the script form', async () => {
    const { script, fn } = bothForms<{ job: { id: string; n: number } }, { id: string; twice: number }>({
      'main.lua':
        '%arg job { id: string, n: integer }\n%return { id: string, twice: integer }\nreturn cjson.encode({ id = job.id, twice = job.n * 2 })',
    })
    const job = { id: 'j1', n: 21 }
    expect(await fn.run(redis, { job })).toEqual({ id: 'j1', twice: 42 })
    expect(await fn.run(redis, { job })).toEqual(await script.run(redis, { job }))
    await expect(fn.run(redis, { job: { id: 'j', n: '3' } as never })).rejects.toThrow(/job\.n: expected integer/)
  })

  it('a pipeline on a server without the library loads it once and mends every call', async () => {
    await redis.call('FUNCTION', 'FLUSH')
    const { fn } = bothForms<{ counter: string; by: number }, number>(COUNTER)
    const results = await counted(redis, async () => {
      const pipeline = redis.pipeline()
      const calls = [1, 2, 3].map(by => fn.run(pipeline, { counter: 'p:c', by }))
      await pipeline.exec()
      expect((await Promise.all(calls)).sort()).toEqual([1, 3, 6].sort())
    })
    expect(results['function|load']).toBe(1)
  })
})
