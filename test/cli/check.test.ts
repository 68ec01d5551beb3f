import { describe, expect, it } from 'vitest'
import { tempTree } from '../support/temp-tree.js'
import { FIXTURES, SCRIPTS } from '../node/paths.js'
import { redisLua } from './cli.js'

describe('redis-lua check', () => {
  it('prints each diagnostic as file:line:col with a code frame, sorted by file and line, and exits 1', () => {
    const run = redisLua(['check', 'broken'], FIXTURES)
    expect(run.stdout.split('\n')).toEqual([
      'broken/bad_type.lua:1:13: error: unknown type `integr` (expected integer|int|number|string|str|boolean|bool|list|array|dict|dictionary, or a name declared with %type)',
      '> 1 | --%arg size integr',
      '    |             ^',
      '  2 | return size',
      '',
      'broken/lib/oops.lua:2:10: error: global function `oops`: Redis forbids new globals (write `local function oops`)',
      '    included from broken/uses_lib.lua:2:1',
      '  1 | -- Writes a global: Redis rejects that at run time, the check at build time.',
      '> 2 | function oops()',
      '    |          ^',
      '  3 |   return redis.call("GET", counter)',
      '',
      "broken/syntax.lua:1:11: error: Lua syntax error: unexpected symbol near '='",
      '> 1 | local x = = 1',
      '    |           ^',
      '  2 | return x',
      '',
      'broken/warn_only.lua:1:8: warning: arg `unused` is declared but never used',
      '> 1 | --%arg unused string',
      '    |        ^',
      '  2 | return 1',
      '',
      '',
    ])
    expect(run.stderr).toBe('redis-lua check: 4 scripts, 3 errors, 1 warning\n')
    expect(run.code).toBe(1)
  })

  it('colours on a terminal or with FORCE_COLOR, never with NO_COLOR', () => {
    const plain = redisLua(['check', 'broken/warn_only.lua'], FIXTURES)
    // The test's stdout is a pipe: no colour unless forced.
    expect(plain.stdout).not.toContain('\u001b[')
    const forced = redisLua(['check', 'broken/warn_only.lua'], FIXTURES, { FORCE_COLOR: '1' })
    expect(forced.stdout.split('\n')[0]).toBe(
      '\u001b[1mbroken/warn_only.lua:1:8:\u001b[22m \u001b[33m\u001b[1mwarning:\u001b[22m\u001b[39m arg `unused` is declared but never used',
    )
    expect(forced.stdout).toContain('    |        \u001b[1m\u001b[31m^\u001b[39m\u001b[22m')
    expect(redisLua(['check', 'broken/warn_only.lua'], FIXTURES, { FORCE_COLOR: '0' }).stdout).toBe(plain.stdout)
    const both = redisLua(['check', 'broken/warn_only.lua'], FIXTURES, { FORCE_COLOR: '1', NO_COLOR: '1' })
    expect(both.stdout).toBe(plain.stdout)
  })

  it('exits 0 on a clean tree, passing over README.md and checking the library only where it is included', () => {
    const run = redisLua(['check'], SCRIPTS)
    expect(run).toEqual({ code: 0, stdout: '', stderr: 'redis-lua check: 7 scripts, 0 errors, 0 warnings\n' })
  })

  it('exits 0 when there are only warnings', () => {
    const run = redisLua(['check', 'broken/warn_only.lua'], FIXTURES)
    expect(run.code).toBe(0)
    expect(run.stdout.split('\n')[0]).toBe('broken/warn_only.lua:1:8: warning: arg `unused` is declared but never used')
  })

  it('--format github prints workflow annotations, 1-based columns, the include chain in the message', () => {
    const run = redisLua(['check', '--format', 'github', 'broken'], FIXTURES)
    expect(run.stdout.split('\n')).toEqual([
      '::error file=broken/bad_type.lua,line=1,col=13::unknown type `integr` (expected integer|int|number|string|str|boolean|bool|list|array|dict|dictionary, or a name declared with %25type)',
      '::error file=broken/lib/oops.lua,line=2,col=10::global function `oops`: Redis forbids new globals (write `local function oops`)%0Aincluded from broken/uses_lib.lua:2:1',
      "::error file=broken/syntax.lua,line=1,col=11::Lua syntax error: unexpected symbol near '='",
      '::warning file=broken/warn_only.lua,line=1,col=8::arg `unused` is declared but never used',
      '',
    ])
    expect(run.code).toBe(1)
  })

  it("--lint sets a rule's level: off silences it, error fails the run", () => {
    const off = redisLua(['check', '--lint', 'unused-declaration=off', 'broken/warn_only.lua'], FIXTURES)
    expect(off).toEqual({ code: 0, stdout: '', stderr: 'redis-lua check: 1 script, 0 errors, 0 warnings\n' })
    const error = redisLua(
      ['check', '--lint', 'unused-declaration=warn', '--lint', 'unused-declaration=error', 'broken/warn_only.lua'],
      FIXTURES,
    )
    expect(error.stdout.split('\n')[0]).toBe('broken/warn_only.lua:1:8: error: arg `unused` is declared but never used')
    expect(error.code).toBe(1)
  })

  it.each([
    [
      'nope=off',
      "--lint: unknown rule 'nope' (expected unknown-global, global-write, unused-declaration, raw-keys-argv)",
    ],
    ['unused-declaration', "--lint takes <rule>=<error|warn|off>, got 'unused-declaration'"],
    ['unused-declaration=loud', "--lint unused-declaration: level must be error, warn or off, got 'loud'"],
  ])('--lint %s is a usage error (exit 2)', (setting, message) => {
    const run = redisLua(['check', '--lint', setting, 'broken/warn_only.lua'], FIXTURES)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(message)
  })

  it('--root moves the include boundary', () => {
    const run = redisLua(['check', '--root', 'scripts/counter', 'scripts/counter/incr.lua'], FIXTURES)
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      'scripts/counter/incr.lua:4:1: error: include "../lib/bump" resolves to ../lib/bump.lua, outside the project root',
      '  3 | %return integer',
      '> 4 | %include "../lib/bump"',
    ])
    expect(run.code).toBe(1)
  })

  it('--global allows a global Redis does not provide, --include-dir adds an include folder', () => {
    const dir = tempTree({
      'app/main.lua': '%include "helpers"\nreturn helper(custom_lib.x)\n',
      'shared/helpers.lua': 'local function helper(v) return v end\n',
    })
    expect(redisLua(['check', 'app'], dir).code).toBe(1)
    const run = redisLua(['check', 'app', '--include-dir', 'shared', '--global', 'custom_lib'], dir)
    expect(run).toMatchObject({ code: 0, stdout: '' })
  })
})
