import type { Redis } from 'ioredis'
import { beforeAll, describe, expect, it } from 'vitest'
import { defineScript, LuaScriptError, type LuaFrame, type LuaScript } from '../../src/runtime/index.js'
import { useServer } from '../support/servers.js'
import { definitionOf, scriptOf } from './helpers.js'

const suite = useServer()
beforeAll(async () => {
  await suite.client.set('a_string', 'x')
})

const here = (line: number, source: string): LuaFrame[] => [{ file: 'err.lua', line, source }]

// Valid JSON that cjson refuses to decode: it allows 1000 levels of nesting.
let tooDeep: unknown[] = []
for (let i = 0; i < 1100; i++) tooDeep = [tooDeep]

// [case, script body, expected code, luaError, frames] for every format Redis 7 produces.
const CASES: [string, string, string, string, LuaFrame[]][] = [
  [
    'nonexistent global',
    '%key k\nlocal x = nope\nreturn x',
    'ERR',
    "Script attempted to access nonexistent global variable 'nope'",
    here(2, 'local x = nope'),
  ],
  [
    'global write',
    'local a = 1\nnewglobal = 2\nreturn a',
    'ERR',
    'Attempt to modify a readonly table',
    here(2, 'newglobal = 2'),
  ],
  [
    'runtime error',
    '%arg n integer\n\nreturn n + nil',
    'ERR',
    'attempt to perform arithmetic on a nil value',
    here(3, 'return n + nil'),
  ],
  ['error("boom")', "local x = 1\nerror('boom')", 'ERR', 'boom', here(2, "error('boom')")],
  [
    "error({ err = 'MYCODE x' })",
    "local x = 1\nerror({ err = 'MYCODE x' })",
    'MYCODE',
    'x',
    here(2, "error({ err = 'MYCODE x' })"),
  ],
  [
    'redis.call WRONGTYPE',
    "%key k\nreturn redis.call('LPUSH', k, 'v')",
    'WRONGTYPE',
    'Operation against a key holding the wrong kind of value',
    here(2, "return redis.call('LPUSH', k, 'v')"),
  ],
  [
    'unknown command',
    "\nreturn redis.call('NOSUCHCMD')",
    'ERR',
    'Unknown Redis command called from script',
    here(2, "return redis.call('NOSUCHCMD')"),
  ],
  [
    'compile error',
    'local a = 1\nlocal b = = 2\nreturn a',
    'ERR',
    "unexpected symbol near '='",
    here(2, 'local b = = 2'),
  ],
  [
    'compile error at end of input',
    'local a = 1\nif a then\nreturn a',
    'ERR',
    "'end' expected (to close 'if' at line 2) near '<eof>'",
    here(3, 'return a'),
  ],
  [
    'a %arg line is shown as written',
    '%arg n integer\n%arg t list\nreturn n',
    'ERR',
    'Found too many nested data structures (1001) at character 1001',
    here(2, '%arg t list'),
  ],
]

describe.each([
  ['RESP3', {}],
  ['RESP2', { protocol: 2 as const }],
])('LuaScriptError on Redis 7, %s', (_protocol, options) => {
  let client: Redis
  beforeAll(() => {
    client = suite.server.client(options)
  })

  it.each(CASES)('%s', async (_case, body, code, luaError, frames) => {
    const script = scriptOf<Record<string, unknown>>('err', body, false)
    const params = {
      ...(script.keys.length ? { k: 'a_string' } : {}),
      ...Object.fromEntries(script.args.map(a => [a.name, a.type === 'list' ? tooDeep : 1])),
    }
    const error = await script.run(client, params).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LuaScriptError)
    expect(error).toMatchObject({ script: 'err', code, luaError, frames })
  })

  it('redis.error_reply passes through with the script name and no frames', async () => {
    const error = await scriptOf('reply_err', "return redis.error_reply('MY custom')")
      .run(client)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LuaScriptError)
    expect(error).toMatchObject({
      code: 'MY',
      luaError: 'custom',
      frames: [],
      message: 'MY custom (script "reply_err")',
    })
  })
})

describe('an error three includes deep', () => {
  const files = {
    'app/main.lua': '%key counter\n%arg size integer\n\n%include "lib/outer"\nreturn 1\n',
    'app/lib/outer.lua': '-- outer helpers\n%include "mid"\n',
    'app/lib/mid.lua': 'local mid_ok = true\n\n--%include "deep/inner"\n',
    'app/lib/deep/inner.lua': '%arg label\nlocal broken = undefined_helper(size, label)\n',
  }
  const main: LuaScript<Record<string, unknown>> = defineScript(definitionOf(files, 'app/main.lua', false))

  it('names each file and line, outermost first', async () => {
    const error = (await main
      .run(suite.client, { counter: 'c', size: 1, label: 'l' })
      .catch((e: unknown) => e)) as LuaScriptError
    expect(error).toBeInstanceOf(LuaScriptError)
    expect(error.frames).toEqual([
      { file: 'app/main.lua', line: 4, source: '%include "lib/outer"' },
      { file: 'app/lib/outer.lua', line: 2, source: '%include "mid"' },
      { file: 'app/lib/mid.lua', line: 3, source: '--%include "deep/inner"' },
      { file: 'app/lib/deep/inner.lua', line: 2, source: 'local broken = undefined_helper(size, label)' },
    ])
    expect(error.message).toBe(
      [
        "Script attempted to access nonexistent global variable 'undefined_helper'",
        'LUA Traceback (most recent script last):',
        '  Script "app/main.lua", line 4',
        '    %include "lib/outer"',
        '  Script "app/lib/outer.lua", line 2',
        '    %include "mid"',
        '  Script "app/lib/mid.lua", line 3',
        '    --%include "deep/inner"',
        '  Script "app/lib/deep/inner.lua", line 2',
        '    local broken = undefined_helper(size, label)',
      ].join('\n'),
    )
    expect(error.stack).toContain(
      [
        '    at app/main (app/lib/deep/inner.lua:2)',
        '    at app/main (app/lib/mid.lua:3)',
        '    at app/main (app/lib/outer.lua:2)',
        '    at app/main (app/main.lua:4)',
      ].join('\n'),
    )
  })

  it('maps the same way in a pipeline and in multi()', async () => {
    for (const batch of [suite.client.pipeline(), suite.client.multi()]) {
      const pending = main.run(batch, { counter: 'c', size: 1, label: 'l' })
      await batch.exec()
      const error = (await pending.catch((e: unknown) => e)) as LuaScriptError
      expect(error).toBeInstanceOf(LuaScriptError)
      expect(error.frames.map(f => `${f.file}:${f.line}`)).toEqual([
        'app/main.lua:4',
        'app/lib/outer.lua:2',
        'app/lib/mid.lua:3',
        'app/lib/deep/inner.lua:2',
      ])
    }
  })
})

describe('compile errors from load()', () => {
  it('are LuaScriptErrors with frames', async () => {
    const script = scriptOf('bad_syntax', 'local a = 1\nlocal b = = 2\n', false)
    const error = await script.load(suite.client).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LuaScriptError)
    expect(error).toMatchObject({
      luaError: "unexpected symbol near '='",
      frames: [{ file: 'bad_syntax.lua', line: 2 }],
    })
  })
})

describe('errors that are not the script', () => {
  it('a closed client is a TypeError naming the script, before anything is sent', async () => {
    const client = suite.server.client()
    await client.quit()
    const error = await scriptOf('any', 'return 1')
      .run(client)
      .catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(LuaScriptError)
    expect(error).toEqual(new TypeError('any: run() got a closed ioredis client (quit() or disconnect() was called)'))
  })
})
