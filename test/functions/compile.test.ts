import { describe, expect, it } from 'vitest'
import { useServer } from '../support/servers.js'
import { mangleName } from '../../src/core/function-names.js'
import { createCompileSession } from '../../src/core/index.js'
import { compileFiles, where } from '../support/compile-memory.js'

const suite = useServer()

const asFunction = (files: Record<string, string>) => compileFiles(files, 'main.lua', { functions: true })

/** FUNCTION LOAD's answer for a library: its name, or the error text. */
async function functionLoad(library: string): Promise<string> {
  return suite.server
    .client()
    .function('LOAD', 'REPLACE', library)
    .then(
      name => String(name),
      (error: Error) => error.message,
    )
}

const locals = (n: number) => Array.from({ length: n }, (_, i) => `local v${i} = ${i}`).join('\n')

describe('a script compiled as a Redis Function', () => {
  it('is a library of its own that FUNCTION LOAD accepts and FCALL runs with the same reply as EVAL', async () => {
    const result = asFunction({
      'main.lua': '#!lua flags=no-writes\n%key k\n%arg n integer\n%include "lib"\nreturn {k, twice(n)}',
      'lib.lua': 'local function twice(x) return x * 2 end',
    })
    expect(result.diagnostics).toEqual([])
    expect(result.kind).toBe('function')
    expect(result.functionName).toMatch(/^main_v[0-9a-f]{12}$/)
    expect(result.libraryName).toBe(`redislua_${result.functionName}`)
    const lines = result.library!.split('\n')
    expect(lines[0]).toBe(`#!lua name=${result.libraryName}`)
    // The shebang is commented out in place: the body keeps its line numbers, shifted by one.
    expect(lines[1]).toMatch(/callback=function\(KEYS, ARGV\) --#!lua flags=no-writes$/)
    expect(lines.length).toBe(result.lua.split('\n').length + 2)
    expect(await functionLoad(result.library!)).toBe(result.libraryName)
    const redis = suite.server.client()
    expect(await redis.call('FCALL_RO', result.functionName!, 1, 'K', '21')).toEqual(
      await redis.call('EVAL_RO', result.lua, 1, 'K', '21'),
    )
    const listed = (await redis.call('FUNCTION', 'LIST', 'LIBRARYNAME', result.libraryName!)) as unknown[]
    expect(JSON.stringify(listed)).toContain('no-writes')
  })

  it('a script without `functions` stays a script', () => {
    const result = compileFiles({ 'main.lua': 'return 1' })
    expect(result.kind).toBe('script')
    expect(result.library).toBeUndefined()
  })

  it('names change with the text and stay apart for different scripts', () => {
    const a = asFunction({ 'main.lua': 'return 1' })
    const b = asFunction({ 'main.lua': 'return 2' })
    expect(a.functionName).not.toBe(b.functionName)
    expect(asFunction({ 'main.lua': 'return 1' }).functionName).toBe(a.functionName)
    const names = ['a/b', 'a_sb', 'a_b', 'a__b', 'a-b', 'a.b', 'a b', 'é', '_xe9_', 'x_v1']
    const mangled = names.map(mangleName)
    expect(new Set(mangled).size).toBe(names.length)
    for (const m of mangled) expect(m).toMatch(/^[A-Za-z0-9_]+$/)
  })

  it('a name another script of the build already has is an error', () => {
    const session = createCompileSession()
    const files = { 'main.lua': 'return 1', 'other.lua': 'return 1' }
    const first = compileFiles(files, 'main.lua', { functions: true, session })
    // Compiling the same file again (watch mode) keeps its name.
    expect(compileFiles(files, 'main.lua', { functions: true, session }).diagnostics).toEqual([])
    session.functionNames.set(first.functionName!, '/project/other.lua')
    const again = compileFiles(files, 'main.lua', { functions: true, session })
    expect(where(again)).toEqual(['main.lua:1:0 functions'])
    expect(again.diagnostics[0].message).toContain('already taken by /project/other.lua')
  })

  // Each case: EVAL loads the script, FUNCTION LOAD refuses the library, and the compiler says where.
  const refused: [string, Record<string, string>, string, RegExp][] = [
    ['199 locals (EVAL takes 200)', { 'main.lua': `${locals(199)}\nreturn v0` }, 'main.lua:199:', /198/],
    [
      'KEYS and ARGV as upvalues of a nested function',
      {
        'main.lua': `${Array.from({ length: 59 }, (_, i) => `local u${i} = ${i}`).join('\n')}\nlocal function f()\n  return {KEYS[1], ARGV[1], ${Array.from({ length: 59 }, (_, i) => `u${i}`).join(', ')}}\nend\nreturn f()`,
      },
      'main.lua:',
      /upvalues/,
    ],
    ['top-level `...`', { 'main.lua': 'local a = ...\nreturn a' }, 'main.lua:1:', /\.\.\./],
    [
      'a syntax error inside an include',
      { 'main.lua': 'local x = 1\n%include "bad"\nreturn x', 'bad.lua': '\nlocal y = = 1' },
      'bad.lua:2:',
      /expected/,
    ],
  ]
  for (const [what, files, at, message] of refused) {
    it(`refuses ${what}, as FUNCTION LOAD does`, async () => {
      const plain = compileFiles(files)
      const result = asFunction(files)
      if (!what.includes('syntax')) {
        expect(plain.diagnostics.filter(d => d.severity === 'error')).toEqual([])
        expect(await suite.server.client().call('SCRIPT', 'LOAD', plain.lua)).toBe(plain.sha1)
        expect(result.diagnostics.map(d => d.code)).toEqual(['functions'])
      }
      expect(where(result)[0]).toContain(at)
      expect(result.diagnostics[0].message).toMatch(message)
      expect(await functionLoad(result.library!)).toMatch(/^ERR Error compiling function/)
    })
  }

  it('198 locals and 58 upvalues plus KEYS and ARGV still load', async () => {
    for (const files of [
      { 'main.lua': `${locals(198)}\nreturn v0` },
      {
        'main.lua': `${Array.from({ length: 58 }, (_, i) => `local u${i} = ${i}`).join('\n')}\nlocal function f()\n  return {KEYS[1], ARGV[1], ${Array.from({ length: 58 }, (_, i) => `u${i}`).join(', ')}}\nend\nreturn f()`,
      },
    ]) {
      const result = asFunction(files)
      expect(result.diagnostics).toEqual([])
      expect(await functionLoad(result.library!)).toBe(result.libraryName)
    }
  })

  it('refuses `redis.replicate_commands`, which functions do not have', async () => {
    const files = {
      'main.lua':
        "-- redis.replicate_commands() in a comment is fine\nlocal s = 'redis.replicate_commands'\nredis.replicate_commands()\nreturn s",
    }
    expect(compileFiles(files).diagnostics).toEqual([])
    const result = asFunction(files)
    expect(where(result)).toEqual(['main.lua:3:0 functions'])
    expect(await functionLoad(result.library!)).toBe(result.libraryName)
    await expect(suite.server.client().call('FCALL', result.functionName!, 0)).rejects.toThrow(/replicate_commands/)
  })
})

describe('every entry takes the functions option', () => {
  it('compileFile, the tools entry (loader, Jest, Bun) and the filter by path from the root', async () => {
    const { compileFile } = await import('../../src/node/index.js')
    const { compileForTool } = await import('../../src/plugin/compile-for-tool.js')
    const { tempTree } = await import('../support/temp-tree.js')
    const dir = tempTree({ 'jobs/a.lua': 'return 1\n', 'b.lua': 'return 2\n' })
    const kinds = (functions: unknown) =>
      ['jobs/a.lua', 'b.lua'].map(
        file => compileFile(`${dir}/${file}`, { root: dir, functions: functions as never }).kind,
      )
    expect(kinds(undefined)).toEqual(['script', 'script'])
    expect(kinds(true)).toEqual(['function', 'function'])
    expect(kinds('jobs/**')).toEqual(['function', 'script'])
    expect(kinds(/^b\.lua$/)).toEqual(['script', 'function'])
    expect(compileForTool(`${dir}/b.lua`, { functions: true, dts: false }, dir).result.kind).toBe('function')
    expect(() => kinds([1])).toThrow(/`functions` must be a boolean, a glob, a RegExp or a list of them/)
  })
})

describe('targets', () => {
  it('valkey-8 has functions; redis-6.2 has none, and says so', () => {
    expect(
      compileFiles({ 'main.lua': 'return 1' }, 'main.lua', { functions: true, target: 'valkey-8' }).diagnostics,
    ).toEqual([])
    const old = compileFiles({ 'main.lua': 'return 1' }, 'main.lua', { functions: true, target: 'redis-6.2' })
    expect(where(old)).toEqual(['main.lua:1:0 functions'])
    expect(old.diagnostics[0].message).toContain('has no Redis Functions')
  })
})
