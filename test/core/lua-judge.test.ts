import type { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { TARGETS } from '../../src/core/index.js'
import type { CompileResult, Target } from '../../src/core/index.js'
import { servers, useServer } from '../support/servers.js'
import { compileFiles, where } from '../support/compile-memory.js'

/** What a server says of a script: loads it or not, and what running it returns or raises. */
async function judge(client: Redis, lua: string): Promise<{ loads: boolean; runs: unknown }> {
  const loads = await client.script('LOAD', lua).then(
    () => true,
    () => false,
  )
  const runs = await client.eval(lua, 0).catch((e: Error) => `error: ${e.message.split(' script: ')[0]}`)
  return { loads, runs }
}

const errorsOf = (result: CompileResult) => result.diagnostics.filter(d => d.severity === 'error')

/** Every global any target allows, and the ones no target does, each read by a script of its own. */
const GLOBALS = [
  ...new Set([
    ...Object.values(TARGETS).flatMap(t => Array.from(t.modes.script.globals)),
    'print',
    'dofile',
    'loadfile',
    'debug',
    'require',
    'module',
    'package',
    'io',
    'arg',
    'os',
    'server',
  ]),
].sort()

describe.each(servers.map(under => [under.name, under] as const))('the Lua judge against %s', (_, under) => {
  const suite = useServer(under)
  const { target } = under

  // The cases two analyzers got wrong: the compile must agree with the server, and the script runs.
  it.each([
    ['`break;` (a semicolon after break)', 'for i = 1, 3 do break; end\nreturn 1', 1],
    ['`arg`, the implicit local of a vararg function', 'local function n(...) return arg.n end\nreturn n(7, 8)', 2],
    ['`0xA..s`: a hex numeral, then `..`', "local s = 'x'\nreturn 0xA..s", '10x'],
    ['a NUL right after a numeral', 'return 1\0', 1],
    ['a NUL and an exponent sign after a numeral', 'return 2\0+', 2],
  ])('%s: compiles clean, the server loads it and runs it', async (_, lua, expected) => {
    const result = compileFiles({ 'main.lua': lua }, 'main.lua', { target })
    expect(result.diagnostics).toEqual([])
    expect(await judge(suite.client, result.lua)).toEqual({ loads: true, runs: expected })
  })

  it.each([
    ['`break` outside a loop', 'break', "main.lua:1:5 lua-syntax Lua syntax error: no loop to break near '<eof>'"],
    ['`arg` in the main chunk (not a vararg function)', 'return arg', 'main.lua:1:7 unknown-global'],
    ['a hex fraction', 'return 0x1.8', "main.lua:1:10 lua-syntax Lua syntax error: '<eof>' expected near '.8'"],
    // Lua names no token for a NUL (its code is 0, "no token" to luaX_lexerror): Redis says the same.
    ['a stray NUL', 'return 1 \0', "main.lua:1:9 lua-syntax Lua syntax error: '<eof>' expected"],
  ])('%s: an error, and the server refuses it', async (_, lua, expected) => {
    const result = compileFiles({ 'main.lua': lua }, 'main.lua', { target })
    const [code] = expected.split(' ').slice(1)
    expect(where(result).map((w, i) => (code === 'lua-syntax' ? `${w} ${result.diagnostics[i].message}` : w))).toEqual([
      expected,
    ])
    const verdict = await judge(suite.client, result.lua)
    if (code === 'lua-syntax') {
      expect(verdict.loads).toBe(false)
      // Redis's own message is ours.
      expect(verdict.runs).toBe(
        `error: ERR Error compiling script (new function): user_script:1: ${result.diagnostics[0].message.replace('Lua syntax error: ', '')}`,
      )
    } else expect(verdict.runs).toMatch(/nonexistent global variable 'arg'/)
  })

  it(`allows exactly the globals ${under.name} has (${GLOBALS.length} names read from inside a script)`, async () => {
    const compiled: string[] = []
    const present: string[] = []
    for (const name of GLOBALS) {
      const result = compileFiles({ 'main.lua': `return type(${name})` }, 'main.lua', { target })
      if (errorsOf(result).length === 0) compiled.push(name)
      const reply = await suite.client.eval(`return type(${name})`, 0).catch((e: Error) => e)
      if (!(reply instanceof Error)) present.push(name)
      else expect(reply.message).toMatch(/nonexistent global variable/)
    }
    expect(compiled).toEqual(present)
  })
})

describe('the redis-6.2 target: the server compiles the script as the body of `function f_<sha1>()`', () => {
  it('refuses `...` in the body, which is not a vararg function there (Redis 7 runs it)', () => {
    expect(where(compileFiles({ 'main.lua': 'return ...' }))).toEqual([])
    const result = compileFiles({ 'main.lua': 'return ...' }, 'main.lua', { target: 'redis-6.2' })
    expect(result.diagnostics.map(d => `${where(result)[0]} ${d.message}`)).toEqual([
      "main.lua:1:7 lua-syntax Lua syntax error: cannot use '...' outside a vararg function near '...'",
    ])
  })

  it('keeps line numbers and columns (the wrapper adds no line)', () => {
    const result = compileFiles({ 'main.lua': 'local a = 1\nlocal b = = 2' }, 'main.lua', { target: 'redis-6.2' })
    expect(where(result)).toEqual(['main.lua:2:10 lua-syntax'])
  })

  it('has one syntax level fewer: the function around the body takes one', () => {
    const nested = (depth: number) => `return ${'('.repeat(depth)}1${')'.repeat(depth)}`
    const deepest = (target: Target) => {
      let depth = 150
      while (errorsOf(compileFiles({ 'main.lua': nested(depth + 1) }, 'main.lua', { target })).length === 0) depth++
      return depth
    }
    expect(deepest('redis-6.2')).toBe(deepest('redis-7') - 1)
  })

  it('has no shebang: `#!lua` is Lua to it, and a syntax error', () => {
    const result = compileFiles({ 'main.lua': '#!lua\nreturn 1' }, 'main.lua', { target: 'redis-6.2' })
    expect(where(result)).toEqual(['main.lua:1:0 lua-syntax'])
  })

  it('allows `print`, which Redis 7 removed', () => {
    expect(where(compileFiles({ 'main.lua': 'print(1)' }))).toEqual(['main.lua:1:0 unknown-global'])
    expect(where(compileFiles({ 'main.lua': 'print(1)' }, 'main.lua', { target: 'redis-6.2' }))).toEqual([])
  })
})
