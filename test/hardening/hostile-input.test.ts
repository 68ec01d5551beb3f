import { mkdirSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  compile,
  generateModule,
  GENERATED_SIDECAR_HEADER,
  generateSidecar,
  MAX_INCLUDE_DEPTH,
  toDefinition,
} from '../../src/core/index.js'
import { fsHost } from '../../src/host/fs-host.js'
import { chainAt, lineCount } from '../../src/shared/line-map.js'
import type { CompileResult } from '../../src/core/index.js'
import { compileProject, ROOT } from './project.js'
import { compileTraced, insideForReal, tempTree } from './temp-tree.js'
import type { TempTree } from './temp-tree.js'
import { parseModule, parseSidecar } from './generated.js'

const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT'

/** `file:line:col code` with the root stripped, as a user reads it (columns printed 0-based here). */
const placed = (result: CompileResult, root: string) =>
  result.diagnostics.map(d => `${path.relative(root, d.file)}:${d.line}:${d.column} ${d.code}`)

describe('includes that reach outside the root, on a real file system', () => {
  let tree: TempTree
  beforeEach(() => {
    tree = tempTree()
    tree.write('../secret.lua', `return "${SECRET}"`)
    tree.write('../outside/x.lua', `return "${SECRET}"`)
  })
  afterEach(() => tree.dispose())

  /** Compiles `main.lua` holding `text`; nothing outside the root may be read or rendered. */
  function refuse(text: string, root = tree.root): CompileResult {
    tree.write('main.lua', text)
    const { result, reads } = compileTraced(path.join(root, 'main.lua'), { root })
    for (const file of reads) expect(insideForReal(root, file), file).toBe(true)
    expect(result.lua).not.toContain(SECRET)
    return result
  }

  it.each([
    ['a relative path up out of the root', '%include "../secret"'],
    ['a long way up', '--%include "../../../../../../../../etc/passwd"'],
    ['up and into a sibling folder', "%include '../outside/x.lua'"],
  ])('%s', (_, line) => {
    expect(placed(refuse(`local a = 1\n  ${line}\nreturn a`), tree.root)).toEqual(['main.lua:2:2 include-outside-root'])
  })

  it('an absolute path outside the root', () => {
    const result = refuse(`%include "${path.join(tree.base, 'secret.lua')}"\nreturn 1`)
    expect(placed(result, tree.root)).toEqual(['main.lua:1:0 include-outside-root'])
  })

  it('a symlinked file that points outside, refused before it is read', () => {
    tree.link('link.lua', path.join(tree.base, 'secret.lua'))
    expect(placed(refuse('%include "link"\nreturn 1'), tree.root)).toEqual(['main.lua:1:0 include-outside-root'])
  })

  it('a symlinked folder that points outside, and a chain of links that ends outside', () => {
    tree.link('lib', path.join(tree.base, 'outside'))
    tree.link('hop1.lua', path.join(tree.root, 'hop2.lua'))
    tree.link('hop2.lua', path.join(tree.base, 'secret.lua'))
    const result = refuse('%include "lib/x"\n%include "hop1"\nreturn 1')
    expect(placed(result, tree.root)).toEqual([
      'main.lua:1:0 include-outside-root',
      'main.lua:2:0 include-outside-root',
    ])
  })

  it('an include deep in the tree that escapes names the chain that led there', () => {
    tree.write('lib/a.lua', '%include "b"')
    tree.write('lib/b.lua', 'local b = 1\n%include "../../secret"')
    const result = refuse('%include "lib/a"\nreturn 1')
    expect(placed(result, tree.root)).toEqual(['lib/b.lua:2:0 include-outside-root'])
    expect(result.diagnostics[0].chain.map(s => `${path.relative(tree.root, s.file)}:${s.line}`)).toEqual([
      'main.lua:1',
      'lib/a.lua:1',
    ])
  })

  it.each([
    ['a symlink loop', () => tree.link('loop.lua', path.join(tree.root, 'loop.lua')), '%include "loop"'],
    ['a dangling symlink', () => tree.link('gone.lua', path.join(tree.root, 'nowhere.lua')), '%include "gone"'],
    ['a folder where a file is expected', () => mkdirSync(path.join(tree.root, 'dir.lua')), '%include "dir"'],
    ['a NUL byte in the path', () => undefined, '%include "a\0b"'],
    ['a name too long for the file system', () => undefined, `%include "${'n'.repeat(5000)}"`],
  ])('%s is a missing include, not a crash', (_, make, line) => {
    make()
    expect(placed(refuse(`${line}\nreturn 1`), tree.root)).toEqual(['main.lua:1:0 include-not-found'])
  })

  it('a root reached through a symlink still resolves inside it and refuses outside it', () => {
    const linked = path.join(tree.base, 'linked-root')
    symlinkSync(tree.root, linked)
    tree.write('util.lua', 'local u = 1')
    const result = refuse('%include "util"\n%include "missing"\n%include "../secret"\nreturn u', linked)
    expect(placed(result, linked)).toEqual(['main.lua:2:0 include-not-found', 'main.lua:3:0 include-outside-root'])
  })
})

describe('text that breaks naive code generation', () => {
  const HOSTILE = [
    '`',
    '${process.exit(1)}',
    '</script><script>alert(1)</script>',
    '\u2028',
    '\u2029',
    '\0',
    '"\'\\',
    '*/',
    '\uFEFF',
    '𝄞',
    '\uD800',
  ]
  const lua = HOSTILE.map(
    (s, i) => `local s${i} = ${JSON.stringify(s).replace(/\\u0000/g, '\\0')} -- ${s.replace(/\0/g, '')}`,
  ).join('\n')

  it('embeds the exact Lua in a module that parses and evaluates back to the same definition', async () => {
    const { result } = compileProject({
      files: { [`${ROOT}/main.lua`]: `${lua}\nreturn s0` },
      entry: `${ROOT}/main.lua`,
    })
    expect(result.diagnostics).toEqual([])
    const module = generateModule(result)
    expect(module).not.toMatch(/[\u2028\u2029]|<\/script/i)
    expect(await parseModule(module)).toEqual(toDefinition(result))
  })

  it.each([
    "we\"ird 'quote'",
    'back`tick',
    'dollar${x}',
    'sp ace',
    'new\nline',
    'ünïcödé 𝄞',
    'line\u2028sep',
    '*/ end of comment',
    '</script>',
  ])('a file named %j embeds safely in the module and the sidecar', async name => {
    const entry = `${ROOT}/${name}.lua`
    const { result } = compileProject({ files: { [entry]: 'return 1' }, entry })
    expect(result.name).toBe(name)
    expect((await parseModule(generateModule(result))).name).toBe(name)
    const sidecar = generateSidecar(result, `${name}.lua`)
    expect(await parseSidecar(sidecar)).toBe(`${name}.lua`)
    // What `redis-lua types` checks before it deletes an orphan: still one line, still recognised.
    expect(sidecar.split('\n', 1)[0]).toMatch(GENERATED_SIDECAR_HEADER)
  })
})

describe('bytes that are not UTF-8, read through fsHost', () => {
  let tree: TempTree
  beforeEach(() => {
    tree = tempTree()
  })
  afterEach(() => tree.dispose())

  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map(p => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))))

  it.each<[string, Buffer, string]>([
    ['a Latin-1 é in a string', bytes('local a = 1\nreturn "caf', [0xe9], '"'), 'main.lua:2:11 invalid-utf8'],
    ['a lone continuation byte', bytes('return 1 -- ', [0x80]), 'main.lua:1:12 invalid-utf8'],
    ['an overlong encoding of /', bytes('return "', [0xc0, 0xaf], '"'), 'main.lua:1:8 invalid-utf8'],
    ['an encoded surrogate (CESU-8)', bytes('\r\n\r\nreturn "é', [0xed, 0xa0, 0x80], '"'), 'main.lua:3:9 invalid-utf8'],
    ['a code point above U+10FFFF', bytes('return "', [0xf4, 0x90, 0x80, 0x80], '"'), 'main.lua:1:8 invalid-utf8'],
    ['a sequence cut off at the end of the file', bytes('return 1 --€', [0xe2, 0x82]), 'main.lua:1:12 invalid-utf8'],
  ])('%s is an error at the first bad byte', (_, content, expected) => {
    tree.write('main.lua', content)
    const { result } = compileTraced(path.join(tree.root, 'main.lua'), { root: tree.root })
    expect(placed(result, tree.root)[0]).toBe(expected)
    expect(result.diagnostics[0].message).toMatch(/invalid UTF-8/)
  })

  it('in an included file, with the include chain', () => {
    tree.write('main.lua', 'local a = 1\n%include "lib"\nreturn a')
    tree.write('lib.lua', bytes('local b = "', [0xff], '"'))
    const { result } = compileTraced(path.join(tree.root, 'main.lua'), { root: tree.root })
    expect(placed(result, tree.root)).toEqual(['lib.lua:1:11 invalid-utf8'])
    expect(result.diagnostics[0].chain).toEqual([{ file: path.join(tree.root, 'main.lua'), line: 2, column: 0 }])
  })

  it('valid UTF-8 reads back exactly, a byte-order mark included (Redis refuses it, so do we)', () => {
    tree.write('ok.lua', 'return "é 𝄞 \u2028"')
    expect(compileTraced(path.join(tree.root, 'ok.lua'), { root: tree.root }).result).toMatchObject({
      lua: 'return "é 𝄞 \u2028"',
      diagnostics: [],
    })
    tree.write('bom.lua', bytes([0xef, 0xbb, 0xbf], 'return 1'))
    const bom = compileTraced(path.join(tree.root, 'bom.lua'), { root: tree.root }).result
    expect(bom.lua).toBe('\uFEFFreturn 1')
    expect(placed(bom, tree.root)).toEqual(['bom.lua:1:0 lua-syntax'])
  })
})

describe('Lua the parser crashed on or let through is a diagnostic where Redis refuses it', () => {
  it.each([
    ['a bad first character', '@return 1', ['main.lua:1:0 lua-syntax']],
    ['a bad first token after comments', '-- c\n--[[\n]]  $x = 1', ['main.lua:3:4 lua-syntax']],
    [
      'nesting deeper than the parser stack',
      `return ${'('.repeat(100_000)}1${')'.repeat(100_000)}`,
      // Lua stops at the 200th level: the column is where its lexer was.
      ['main.lua:1:206 lua-syntax'],
    ],
    // Lua says "'<eof>' expected near '.8'": the column is that token's.
    ['a Lua 5.2 hex fraction Redis reads as two numbers', 'return 0x1.8', ['main.lua:1:10 lua-syntax']],
    ['a call list that starts with a comma', 'local f = tostring\nreturn f(, 1)', ['main.lua:2:9 lua-syntax']],
    ['a return list that starts with a comma', 'return --[[,]] , 1', ['main.lua:1:15 lua-syntax']],
    ['a comma in a comment before the first argument is fine', 'return tostring(--[[,]] 1)', []],
    [
      '201 locals in one function, the 200th from an include',
      '%include "many"\nlocal last = 1\nreturn last',
      // Lua counts the local when it has read its name: its lexer is at the `=`.
      ['main.lua:2:11 lua-syntax'],
    ],
    ['a 300-long `..` chain', `return ${Array(300).fill('"a"').join(' .. ')}`, ['main.lua:1:1400 lua-syntax']],
    ['a shebang with nothing after it', '#!lua', ['main.lua:1:0 bad-shebang']],
    ['a shebang with a stray comma', '#!lua flags=no-writes,\nreturn 1', ['main.lua:1:0 bad-shebang']],
  ])('%s', (_, text, expected) => {
    const many = Array.from({ length: 200 }, (_, i) => `local v${i} = ${i}`).join('\n')
    const files: Record<string, string> = { [`${ROOT}/main.lua`]: text, [`${ROOT}/many.lua`]: many }
    const result = compile(`${ROOT}/main.lua`, {
      root: ROOT,
      readFile: file => files[file],
      lint: { 'unused-declaration': 'off' },
    })
    expect(placed(result, ROOT).filter(d => !d.includes('unknown-global'))).toEqual(expected)
  })
})

describe('big inputs stay bounded (timings printed with FUZZ_REPORT=1, never asserted)', () => {
  const timings: Record<string, number> = {}
  afterAll(() => {
    if (process.env.FUZZ_REPORT) console.log(JSON.stringify(timings, null, 2))
  })

  /** Runs `compile` once, keeping how long it took. */
  function timed<T>(name: string, run: () => T): T {
    const start = performance.now()
    const result = run()
    timings[name] = Math.round(performance.now() - start)
    return result
  }

  /** Compiles `entry` from files in memory, named relative to the root, and times it as `name`. */
  const memory = (name: string, files: Record<string, string>, entry: string) =>
    timed(name, () => compile(`${ROOT}/${entry}`, { root: ROOT, readFile: file => files[file.slice(ROOT.length + 1)] }))

  it('a 10 MB script read from disk compiles unchanged, and its module embeds it', async () => {
    const tree = tempTree()
    const line = (i: number) => `t[${i}] = "${'x'.repeat(5000)}"`
    const text = ['local t = {}', ...Array.from({ length: 2000 }, (_, i) => line(i)), 'return #t'].join('\n')
    tree.write('big.lua', text)
    const result = timed('10 MB script', () => compile(path.join(tree.root, 'big.lua'), { ...fsHost, root: tree.root }))
    tree.dispose()
    expect(result.diagnostics).toEqual([])
    expect(result.lua).toBe(text)
    const module = timed('10 MB module text', () => generateModule(result))
    expect((await parseModule(module)).sha1).toBe(result.sha1)
  })

  it('a line of a million blanks (a trailing-blank regex would take hours), in code and after a directive', () => {
    const blanks = ' \t'.repeat(500_000)
    const text = `%key k${blanks}\nreturn k${blanks}-- x`
    const result = memory('a million blanks', { 'main.lua': text }, 'main.lua')
    expect(result.diagnostics).toEqual([])
    expect(result.lua).toBe(`local k = KEYS[1]\nreturn k${blanks}-- x`)
  })

  it('a 100,000-line file', () => {
    const text = ['local n = 0', ...Array.from({ length: 100_000 }, () => 'n = n + 1'), 'return n'].join('\n')
    const result = memory('100,000 lines', { 'main.lua': text }, 'main.lua')
    expect(result.diagnostics).toEqual([])
    expect(lineCount(result.lineMap)).toBe(100_002)
    expect(result.lineMap.segments).toEqual([[100_002, 0, 1]])
  })

  it('an include chain 2,000 deep stops at the documented limit, with the whole chain, and no stack overflow', () => {
    const files: Record<string, string> = { 'f2000.lua': 'local last = 1' }
    for (let i = 0; i < 2000; i++) files[`f${i}.lua`] = `-- level ${i}\n%include "f${i + 1}"`
    const result = memory('2,000-deep chain', files, 'f0.lua')
    expect(placed(result, ROOT)).toEqual([`f${MAX_INCLUDE_DEPTH}.lua:2:0 include-too-deep`])
    expect(result.diagnostics[0].chain).toHaveLength(MAX_INCLUDE_DEPTH)
  })

  it(`an include chain exactly ${MAX_INCLUDE_DEPTH} deep is fine`, () => {
    const files: Record<string, string> = { [`f${MAX_INCLUDE_DEPTH}.lua`]: 'local last = 1' }
    for (let i = 0; i < MAX_INCLUDE_DEPTH; i++) files[`f${i}.lua`] = `%include "f${i + 1}"\nlast = last + ${i}`
    const result = memory(`${MAX_INCLUDE_DEPTH}-deep chain`, files, 'f0.lua')
    expect(result.diagnostics).toEqual([])
    expect(chainAt(result.lineMap, 1)).toHaveLength(2 * (MAX_INCLUDE_DEPTH + 1))
  })

  it('a 5,000-wide fan-out of includes, and 5,000 includes of one `%pragma once` file', () => {
    const files: Record<string, string> = { 'once.lua': '%pragma once\nlocal once = 1' }
    for (let i = 0; i < 5000; i++) files[`lib/f${i}.lua`] = 'n = n + 1'
    files['main.lua'] = [
      'local n = 0',
      ...Array.from({ length: 5000 }, (_, i) => `%include "lib/f${i}"`),
      'return n',
    ].join('\n')
    files['once-main.lua'] = [...Array.from({ length: 5000 }, () => '%include "once"'), 'return once'].join('\n')
    const wide = memory('5,000-wide fan-out', files, 'main.lua')
    expect(wide.diagnostics).toEqual([])
    expect(wide.dependencies).toHaveLength(5001)
    const once = memory('5,000 includes of one once file', files, 'once-main.lua')
    expect(once.diagnostics).toEqual([])
    expect(once.lua.split('\n')).toHaveLength(3)
  })
})
