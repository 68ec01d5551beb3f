import { describe, expect, it } from 'vitest'
import { useServer } from '../support/servers.js'
import { chainAt } from '../../src/shared/line-map.js'
import { compileFiles } from '../support/compile-memory.js'

const suite = useServer()

describe('compiled scripts on a real redis-server', () => {
  it('numbers KEYS and ARGV depth-first across includes, as Redis receives them', async () => {
    const result = compileFiles({
      'main.lua':
        '%key k0\n%arg a0\n%include "lib/kdecl"\n%key k2\n%arg a2 int\nreturn {k0, a0, k1, tostring(a1 + 1), k2, tostring(a2 * 2), tostring(flag), list[2], dict.x}',
      'lib/kdecl.lua': '%key k1\n%arg a1 integer\n%arg flag boolean\n%arg list list\n%arg dict dict',
    })
    expect(result.diagnostics).toEqual([])
    const redis = suite.server.client()
    const reply = await redis.eval(result.lua, 3, 'K0', 'K1', 'K2', 'A0', '41', '0', '["a","b"]', '{"x":"y"}', '21')
    expect(reply).toEqual(['K0', 'A0', 'K1', '42', 'K2', '42', 'false', 'b', 'y'])
    expect(await redis.script('LOAD', result.lua)).toBe(result.sha1)
  })

  it('a Lua syntax error is reported by Redis on the rendered line whose lineMap names the file and line', async () => {
    const result = compileFiles({
      'main.lua': '%key k\n%include "a"\nreturn k',
      'a.lua': 'local a = 1\n%include "b"',
      'b.lua': '\n\nlocal x = = 1',
    })
    expect(result.diagnostics.map(d => `${d.file}:${d.line}:${d.column}`)).toEqual(['/project/b.lua:3:10'])
    const error = await suite.server
      .client()
      .eval(result.lua, 1, 'k')
      .catch((e: Error) => e)
    const line = Number(/user_script:(\d+):/.exec(String((error as Error).message))?.[1])
    expect(line).toBeGreaterThan(0)
    const frames = chainAt(result.lineMap, line)
    expect(frames.map((v, i) => (i % 2 === 0 ? result.lineMap.files[v] : v))).toEqual([
      'main.lua',
      2,
      'a.lua',
      2,
      'b.lua',
      3,
    ])
  })

  it('what the lint calls a global write, Redis rejects at run time', async () => {
    const result = compileFiles({ 'main.lua': 'counter = 1\nreturn counter' })
    expect(result.diagnostics.map(d => d.code)).toEqual(['global-write'])
    await expect(suite.server.client().eval(result.lua, 0)).rejects.toThrow(/Attempt to modify a readonly table/)
  })

  it('what the lint calls an unknown global, Redis rejects at run time', async () => {
    const result = compileFiles({ 'main.lua': 'return print' })
    expect(result.diagnostics.map(d => d.code)).toEqual(['unknown-global'])
    await expect(suite.server.client().eval(result.lua, 0)).rejects.toThrow(/nonexistent global variable 'print'/)
  })

  it('a shebang stays on line 1 and Redis honours no-writes', async () => {
    const result = compileFiles({ 'main.lua': '#!lua flags=no-writes\n%key k\nreturn redis.call("SET", k, "v")' })
    expect(result.diagnostics).toEqual([])
    await expect(suite.server.client().eval(result.lua, 1, 'k')).rejects.toThrow(
      /Write commands are not allowed from read-only scripts.*user_script:3/,
    )
  })
})
