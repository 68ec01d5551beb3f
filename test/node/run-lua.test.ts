import { describe, expect, it } from 'vitest'
import { ScriptCompileError } from '../../src/node/index.js'
import { LuaScriptError, ScriptArgumentError } from '../../src/runtime/index.js'
import { runLua } from '../../src/testing/index.js'
import { SCRIPTS } from './paths.js'
import { useServer } from '../support/servers.js'

describe('runLua', () => {
  const suite = useServer()

  it('runs inline Lua with directives and named params', async () => {
    const code = '%key list\n%arg item string\n%return integer\nreturn redis.call("RPUSH", list, item)'
    expect(await runLua(suite.client, code, { list: 'run:list', item: 'a' })).toBe(1)
    expect(await runLua(suite.client, code, { list: 'run:list', item: 'b' })).toBe(2)
    expect(await suite.client.lrange('run:list', 0, -1)).toEqual(['a', 'b'])
  })

  it('runs without params, and with no %return gives the raw reply', async () => {
    expect(await runLua(suite.client, 'return {1, "two"}')).toEqual([1, 'two'])
  })

  it('includes in-memory files, relative to the including file, with a diamond', async () => {
    const files = {
      'lib/util.lua': '%pragma once\nlocal function twice(n) return n * 2 end',
      'lib/a.lua': '%include "util"\nlocal function a(n) return twice(n) + 1 end',
      'lib/b.lua': '%include "util"',
    }
    const code = '%arg n integer\n%return integer\n%include "lib/a"\n%include "lib/b"\nreturn a(n) + twice(n)'
    expect(await runLua<number>(suite.client, code, { n: 5 }, { files })).toBe(21)
  })

  it('a compile error throws ScriptCompileError, paths shown from the in-memory root', async () => {
    const files = { 'lib/broken.lua': 'local function f()\n  return = 1\nend' }
    const run = runLua(suite.client, '%arg n integer\n%include "lib/broken"\nreturn n', { n: 1 }, { files })
    await expect(run).rejects.toThrow(ScriptCompileError)
    await expect(run).rejects.toThrow(
      [
        '1 error compiling <user-code>.lua:',
        "lib/broken.lua:2:10: error: Lua syntax error: unexpected symbol near '='",
        '    included from <user-code>.lua:2:1',
      ].join('\n'),
    )
  })

  it('a missing include is a compile error: the disk is not read without a root', async () => {
    await expect(runLua(suite.client, '%include "counter/incr"\nreturn 1')).rejects.toThrow(
      /<user-code>\.lua:1:1: error: cannot find include "counter\/incr"/,
    )
  })

  it('with a root, includes come from disk there too, and `files` stand in front of it', async () => {
    const code = '%key counter\n%arg by integer\n%include "lib/bump"\nreturn bump(by)'
    expect(await runLua(suite.client, code, { counter: 'run:c', by: 4 }, { root: SCRIPTS })).toBe(4)
    const files = { 'lib/bump.lua': 'local function bump(by) return by * 100 end' }
    expect(await runLua(suite.client, code, { counter: 'run:c', by: 4 }, { root: SCRIPTS, files })).toBe(400)
  })

  it("params are checked like a script's: a wrong type is a ScriptArgumentError", async () => {
    await expect(runLua(suite.client, '%arg n integer\nreturn n', { n: 1.5 })).rejects.toThrow(ScriptArgumentError)
  })

  it('a Redis error comes back as a LuaScriptError through the in-memory files and the given name', async () => {
    const files = { 'lib/fail.lua': 'local function fail()\n  return redis.call("INCR", KEYS[1])\nend' }
    const code = '%include "lib/fail"\nreturn fail()'
    await suite.client.set('run:text', 'not a number')
    const error = await runLua(
      suite.client,
      code,
      {},
      { files, name: 'checkout', lint: { 'raw-keys-argv': 'off' } },
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LuaScriptError)
    expect((error as LuaScriptError).frames.map(f => [f.file, f.line])).toEqual([
      ['checkout.lua', 1],
      ['lib/fail.lua', 2],
    ])
  })
})
