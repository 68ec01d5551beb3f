import { describe, expect, it } from 'vitest'
import { generateModule } from '../../src/core/index.js'
import { compileFiles, where } from '../support/compile-memory.js'

const errors = (files: Record<string, string>, entry?: string) =>
  where(compileFiles(files, entry)).filter(d => !/unused|raw-keys/.test(d))

describe('rendering: one output line per directive line', () => {
  it.each([
    ['%key k\nreturn k', 'local k = KEYS[1]\nreturn k'],
    ['%arg a\nreturn a', 'local a = ARGV[1]\nreturn a'],
    ['%arg a integer\nreturn a', 'local a = tonumber(ARGV[1])\nreturn a'],
    ['%arg a number\nreturn a', 'local a = tonumber(ARGV[1])\nreturn a'],
    ['%arg a string\nreturn a', 'local a = ARGV[1]\nreturn a'],
    ['%arg a boolean\nreturn a', 'local a = tonumber(ARGV[1]) ~= 0\nreturn a'],
    ['%arg a list\nreturn a', 'local a = cjson.decode(ARGV[1])\nreturn a'],
    ['%arg a dict\nreturn a', 'local a = cjson.decode(ARGV[1])\nreturn a'],
    ['%return dict\nreturn 1', '--%return dict\nreturn 1'],
    ['--%return int?\nreturn 1', '--%return integer?\nreturn 1'],
    ['%pragma once\nreturn 1', '--%pragma once\nreturn 1'],
    ['%key k\r\n%arg a\r\nreturn {k, a}\r\n', 'local k = KEYS[1]\nlocal a = ARGV[1]\nreturn {k, a}'],
    ['\t%key k \t\nreturn k', 'local k = KEYS[1]\nreturn k'],
    ['return 1\n\n\n', 'return 1\n\n'],
    ['', ''],
  ])('%j', (source, lua) => {
    const result = compileFiles({ 'main.lua': source })
    expect(result.diagnostics.filter(d => d.severity === 'error')).toEqual([])
    expect(result.lua).toBe(lua)
  })

  it('keeps a shebang on line 1 and reads its flags', () => {
    const result = compileFiles({
      'main.lua': '#!lua flags=no-writes,allow-stale\n%key k\nreturn redis.call("GET", k)',
    })
    expect(result.lua.split('\n')[0]).toBe('#!lua flags=no-writes,allow-stale')
    expect(result).toMatchObject({ flags: ['no-writes', 'allow-stale'], readOnly: true, diagnostics: [] })
  })

  it('a shebang without no-writes is not read-only', () => {
    expect(compileFiles({ 'main.lua': '#!lua\nreturn 1' })).toMatchObject({
      flags: [],
      readOnly: false,
      diagnostics: [],
    })
  })

  it('a `%` line inside a long string or comment stays text', () => {
    const source = 'local s = [[\n%not a directive\n]]\n--[==[\n%key nope\n]==]\nreturn s'
    const result = compileFiles({ 'main.lua': source })
    expect(result).toMatchObject({ lua: source, keys: [], diagnostics: [] })
  })

  it('numbers KEYS and ARGV depth-first in textual order across includes', () => {
    const result = compileFiles({
      'main.lua': '%key k0\n%arg a0\n%include "kdecl"\n%key k2\n%arg a2 int\nreturn {k0, a0, k1, a1, k2, a2}',
      'kdecl.lua': '%key k1\n%arg a1 int',
    })
    expect(result.keys).toEqual(['k0', 'k1', 'k2'])
    expect(result.args).toEqual([
      { name: 'a0', type: null },
      { name: 'a1', type: 'integer' },
      { name: 'a2', type: 'integer' },
    ])
    expect(result.lua.split('\n').slice(0, 6)).toEqual([
      'local k0 = KEYS[1]',
      'local a0 = ARGV[1]',
      'local k1 = KEYS[2]',
      'local a1 = tonumber(ARGV[2])',
      'local k2 = KEYS[3]',
      'local a2 = tonumber(ARGV[3])',
    ])
  })

  it('takes `%return` from the entry file only', () => {
    const result = compileFiles({ 'main.lua': '%include "lib"\nreturn 1', 'lib.lua': '%return dict' })
    expect(result.returns).toBeNull()
    expect(
      compileFiles({ 'main.lua': '%return list?\n%include "lib"\nreturn 1', 'lib.lua': '%return dict' }).returns,
    ).toBe('list?')
  })

  it('names the script by its path from the root, without .lua', () => {
    expect(compileFiles({ 'lua/create_foo.lua': 'return 1' }, 'lua/create_foo.lua').name).toBe('lua/create_foo')
  })

  it('compiles twice to the same bytes and sha1', () => {
    const files = { 'main.lua': '%key k\n%include "a"\n%include "a"\nreturn k', 'a.lua': 'redis.call("INCR", KEYS[1])' }
    const [first, second] = [compileFiles(files), compileFiles(files)]
    expect(second.lua).toBe(first.lua)
    expect(second.sha1).toBe(first.sha1)
    expect(first.sha1).toMatch(/^[0-9a-f]{40}$/)
  })
})

describe('includes', () => {
  it.each([
    [
      'relative to the including file',
      { 'sub/main.lua': '%include "helper"\nreturn h', 'sub/helper.lua': 'local h = 1' },
      'sub/main.lua',
    ],
    ['up a folder', { 'sub/main.lua': '%include "../helper"\nreturn h', 'helper.lua': 'local h = 1' }, 'sub/main.lua'],
    [
      'across folders',
      { 'sub/main.lua': '%include "../other/o"\nreturn h', 'other/o.lua': 'local h = 1' },
      'sub/main.lua',
    ],
    [
      'with the .lua extension',
      { 'main.lua': '%include "helper.lua"\nreturn h', 'helper.lua': 'local h = 1' },
      'main.lua',
    ],
    ['single quotes', { 'main.lua': "%include 'helper'\nreturn h", 'helper.lua': 'local h = 1' }, 'main.lua'],
    ['comment form', { 'main.lua': '--%include "helper"\nreturn h', 'helper.lua': 'local h = 1' }, 'main.lua'],
  ])('%s', (_, files, entry) => {
    const result = compileFiles(files, entry)
    expect(result.diagnostics).toEqual([])
    expect(result.lua).toBe('local h = 1\nreturn h')
  })

  it('searches the include directories after the including folder', () => {
    const files = { 'app/main.lua': '%include "util"\nreturn h', 'shared/util.lua': 'local h = 2' }
    const result = compileFiles(files, 'app/main.lua', { includeDirs: ['shared'] })
    expect(result.diagnostics).toEqual([])
    expect(result.lua).toBe('local h = 2\nreturn h')
  })

  it('renders a file included twice twice, and a `%pragma once` file once', () => {
    const twice = compileFiles({
      'main.lua': '%include "a"\n%include "a"\nreturn 1',
      'a.lua': 'redis.call("INCR", "x")',
    })
    expect(twice.lua).toBe('redis.call("INCR", "x")\nredis.call("INCR", "x")\nreturn 1')
    const once = compileFiles({
      'main.lua': '%include "a"\n%include "a"\nreturn 1',
      'a.lua': '%pragma once\nredis.call("INCR", "x")',
    })
    expect(once.lua).toBe('--%pragma once\nredis.call("INCR", "x")\nreturn 1')
  })

  it('lets a declaring file with `%pragma once` be included from a diamond', () => {
    const result = compileFiles({
      'main.lua': '%include "left"\n%include "right"\nreturn {k, l, r}',
      'left.lua': '%include "util"\nlocal l = k',
      'right.lua': '%include "util"\nlocal r = k',
      'util.lua': '%pragma once\n%key k',
    })
    expect(result.diagnostics).toEqual([])
    expect(result.keys).toEqual(['k'])
  })

  it('reads and parses each file once however often it is included', () => {
    const reads: string[] = []
    const files: Record<string, string> = {
      '/project/main.lua': '%include "a"\n%include "b"\n%include "a"\nreturn 1',
      '/project/a.lua': '%include "b"',
      '/project/b.lua': 'local b = 1',
    }
    compileFiles({}, 'main.lua', { readFile: file => (reads.push(file), files[file]) })
    expect(reads.sort()).toEqual(['/project/a.lua', '/project/b.lua', '/project/main.lua'])
  })
})

describe('missing: where an include was looked for and nothing was there', () => {
  it.each<[string, Record<string, string>, string, Partial<Parameters<typeof compileFiles>[2]>, string[]]>([
    ['nothing missing', { 'main.lua': '%include "a"\nreturn a', 'a.lua': 'local a = 1' }, 'main.lua', {}, []],
    ['no includes', { 'main.lua': 'return 1' }, 'main.lua', {}, []],
    [
      'a missing include without .lua',
      { 'lua/main.lua': '%include "lib/later"\nreturn 1' },
      'lua/main.lua',
      {},
      ['lua/lib/later.lua', 'lua/lib/later'],
    ],
    ['a missing include with .lua', { 'main.lua': '%include "later.lua"\nreturn 1' }, 'main.lua', {}, ['later.lua']],
    [
      'the include directories after the including folder',
      { 'app/main.lua': '%include "util"\nreturn 1' },
      'app/main.lua',
      { includeDirs: ['shared'] },
      ['app/util.lua', 'app/util', 'shared/util.lua', 'shared/util'],
    ],
    [
      'a missing include inside an include',
      { 'main.lua': '%include "sub/b"\nreturn 1', 'sub/b.lua': '%include "c.lua"' },
      'main.lua',
      {},
      ['sub/c.lua'],
    ],
    [
      'each path once, however often it is missed',
      { 'main.lua': '%include "x.lua"\n%include "x.lua"\nreturn 1' },
      'main.lua',
      {},
      ['x.lua'],
    ],
    [
      'for a found include, the paths searched before it (a file there would shadow it)',
      { 'app/main.lua': '%include "util"\nreturn h', 'shared/util.lua': 'local h = 2' },
      'app/main.lua',
      { includeDirs: ['shared'] },
      ['app/util.lua', 'app/util'],
    ],
    [
      'none for an include found at the first path searched',
      { 'app/main.lua': '%include "util"\nreturn h', 'app/util.lua': 'local h = 2' },
      'app/main.lua',
      { includeDirs: ['shared'] },
      [],
    ],
    [
      'the .lua name before a file without it',
      { 'main.lua': '%include "plain"\nreturn 1', plain: 'local p = 1' },
      'main.lua',
      {},
      ['plain.lua'],
    ],
  ])('%s', (_, files, entry, options, expected) => {
    const result = compileFiles(files, entry, options)
    expect(result.missing).toEqual(expected.map(file => `/project/${file}`))
  })

  it('stays out of the generated module', () => {
    const result = compileFiles({ 'main.lua': '%include "nope.lua"\nreturn 1' })
    expect(result.missing).toEqual(['/project/nope.lua'])
    expect(generateModule(result)).not.toContain('missing')
  })
})

describe('build-time errors point at the offending text', () => {
  /** A main.lua that includes lib.lua, whose text is given. */
  const withLib = (lib: string): Record<string, string> => ({ 'main.lua': '%include "lib"\nreturn 1', 'lib.lua': lib })

  it.each<[string, string | Record<string, string>, string[]]>([
    ['bad directive', 'local a = 1\n  %foo\nreturn a', ['main.lua:2:2 bad-directive']],
    ['unknown type', '%arg a integre\nreturn a', ['main.lua:1:7 unknown-type']],
    ['unknown return type', '%return tuple\nreturn 1', ['main.lua:1:8 unknown-type']],
    ['unknown pragma', '%pragma twice\nreturn 1', ['main.lua:1:8 unknown-pragma']],
    ['keyword name', '%key end\nreturn 1', ['main.lua:1:5 invalid-name']],
    ['duplicate key', '%key a\n%key a\nreturn a', ['main.lua:2:5 duplicate-name']],
    ['key and arg share a namespace', '%key a\n%arg a\nreturn a', ['main.lua:2:5 duplicate-name']],
    [
      'duplicate across includes',
      { 'main.lua': '%arg a int\n%include "lib"\nreturn a', 'lib.lua': '%arg a string' },
      ['lib.lua:1:5 duplicate-name'],
    ],
    ['second %return', '%return int\n%return int\nreturn 1', ['main.lua:2:0 duplicate-return']],
    ['missing include', 'local a = 1\n%include "nope"\nreturn a', ['main.lua:2:0 include-not-found']],
    [
      'outside the root',
      { 'main.lua': '%include "../secret"\nreturn 1', '/secret.lua': 'return 2' },
      ['main.lua:1:0 include-outside-root'],
    ],
    ['absolute outside the root', '%include "/etc/passwd"\nreturn 1', ['main.lua:1:0 include-outside-root']],
    ['self include', '%include "main"\nreturn 1', ['main.lua:1:0 include-cycle']],
    ['shebang not on line 1', 'local a = 1\n#!lua\nreturn a', ['main.lua:2:0 bad-shebang']],
    ['shebang in an include', withLib('#!lua'), ['lib.lua:1:0 bad-shebang']],
    ['unknown shebang flag', '#!lua flags=no-writes,fast\nreturn 1', ['main.lua:1:0 bad-shebang']],
    ['name= in a script shebang', '#!lua name=lib\nreturn 1', ['main.lua:1:0 bad-shebang']],
    ['Lua syntax error', 'local a = 1\nlocal b = = 2\nreturn a', ['main.lua:2:10 lua-syntax']],
    ['Lua syntax error in an include', withLib('local x = 1\nlocal y = = x'), ['lib.lua:2:10 lua-syntax']],
    ['unclosed block reported where Lua finds it', withLib('local x = 1\nif x then'), ['main.lua:2:8 lua-syntax']],
    ['global write', 'local a = 1\ncounter = a\nreturn counter', ['main.lua:2:0 global-write']],
    ['global function', 'function helper() return 1 end\nreturn helper()', ['main.lua:1:9 global-write']],
    ['write into a library table', 'string.pad = 1\nreturn 1', ['main.lua:1:0 global-write']],
    ['unknown global read', 'local a = foo_size_key .. ":size"\nreturn a', ['main.lua:1:10 unknown-global']],
    ['print is not there in Redis', 'print("x")\nreturn 1', ['main.lua:1:0 unknown-global']],
  ])('%s', (_, files, expected) => {
    expect(errors(typeof files === 'string' ? { 'main.lua': files } : files)).toEqual(expected)
  })

  it('names the include cycle in full', () => {
    const result = compileFiles({ 'a.lua': '%include "b"\nreturn 1', 'b.lua': 'local b = 1\n%include "a"' }, 'a.lua')
    expect(where(result)).toEqual(['b.lua:2:0 include-cycle'])
    expect(result.diagnostics[0].message).toBe('include cycle: a.lua -> b.lua -> a.lua')
    expect(result.diagnostics[0].chain).toEqual([{ file: '/project/a.lua', line: 1, column: 0 }])
  })

  it('names both include sites of a declaring file rendered twice', () => {
    const result = compileFiles({
      'main.lua': '%include "k"\nlocal x = 1\n  %include "k"\nreturn k',
      'k.lua': '%key k',
    })
    expect(where(result)).toEqual(['main.lua:3:2 repeated-declarations'])
    expect(result.diagnostics[0].message).toContain('first included at main.lua:1:1')
  })

  it('reports a problem in an included file with the include chain', () => {
    const result = compileFiles({
      'main.lua': 'local a = 1\n%include "sub/b"\nreturn a',
      'sub/b.lua': '%include "c"',
      'sub/c.lua': '\n\n%arg x integre',
    })
    expect(where(result)).toEqual(['sub/c.lua:3:7 unknown-type'])
    expect(result.diagnostics[0].chain).toEqual([
      { file: '/project/main.lua', line: 2, column: 0 },
      { file: '/project/sub/b.lua', line: 1, column: 0 },
    ])
  })

  it('allows extra globals by option and levels by rule', () => {
    expect(errors({ 'main.lua': 'return foo' })).toEqual(['main.lua:1:7 unknown-global'])
    expect(where(compileFiles({ 'main.lua': 'return foo' }, 'main.lua', { globals: ['foo'] }))).toEqual([])
    const warned = compileFiles({ 'main.lua': 'return foo' }, 'main.lua', { lint: { 'unknown-global': 'warn' } })
    expect(warned.diagnostics.map(d => d.severity)).toEqual(['warning'])
    expect(compileFiles({ 'main.lua': 'x = 1' }, 'main.lua', { lint: { 'global-write': 'off' } }).diagnostics).toEqual(
      [],
    )
  })
})

describe('warnings', () => {
  it('warns about a declared key or arg that is never used, at its name', () => {
    const result = compileFiles({ 'main.lua': '%key k\n%arg unused int\nreturn k' })
    expect(result.diagnostics.map(d => [d.severity, `${d.line}:${d.column}`, d.code])).toEqual([
      ['warning', '2:5', 'unused-declaration'],
    ])
  })

  it('warns about raw KEYS/ARGV in a script that declares keys or args', () => {
    const result = compileFiles({ 'main.lua': '%key k\nreturn {k, ARGV[1]}' })
    expect(result.diagnostics.map(d => [d.severity, `${d.line}:${d.column}`, d.code])).toEqual([
      ['warning', '2:11', 'raw-keys-argv'],
    ])
    expect(compileFiles({ 'main.lua': 'return KEYS[1]' }).diagnostics).toEqual([])
  })
})
