import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileFile, loadAllScripts, loadScript, loadScripts, ScriptCompileError } from '../../src/node/index.js'
import type { Diagnostic } from '../../src/node/index.js'
import { lineCount } from '../../src/shared/line-map.js'
import { tempTree } from '../support/temp-tree.js'
import { BROKEN, FIXTURES, SCRIPT_NAMES, SCRIPTS } from './paths.js'
import { useServer } from '../support/servers.js'

const quiet = { onWarning: () => {} }

function compileError(load: () => unknown): ScriptCompileError {
  try {
    load()
  } catch (error) {
    if (error instanceof ScriptCompileError) return error
    throw error
  }
  throw new Error('expected a ScriptCompileError')
}

describe('loadScript', () => {
  const suite = useServer()

  it('loads a script of a sub-folder by name, its includes from the scripts directory', async () => {
    const incr = loadScript<{ counter: string; by: number }, number>('counter/incr', { path: SCRIPTS })
    expect(incr).toMatchObject({
      name: 'counter/incr',
      keys: ['counter'],
      args: [{ name: 'by', type: 'integer' }],
      returns: 'integer',
    })
    expect(incr.lua).toContain('local function bump(by)')
    expect(await incr.run(suite.client, { counter: 'load:c', by: 3 })).toBe(3)
  })

  it('takes the name with or without .lua, and refuses a name outside the directory', () => {
    expect(loadScript('greet.lua', { path: SCRIPTS }).sha1).toBe(loadScript('greet', { path: SCRIPTS }).sha1)
    expect(() => loadScript('../broken/syntax', { path: SCRIPTS })).toThrow(
      /script name '..\/broken\/syntax' points outside/,
    )
  })

  it('with a wider root, names are paths from the root and includes may reach across it', () => {
    const incr = loadScript('scripts/counter/incr', { path: FIXTURES, root: FIXTURES })
    expect(incr.name).toBe('scripts/counter/incr')
    expect(incr.sha1).toBe(loadScript('counter/incr', { path: SCRIPTS }).sha1)
  })

  it('throws one ScriptCompileError whose message lists every error as file:line:col', () => {
    const error = compileError(() => loadScript('uses_lib', { path: BROKEN }))
    expect(error.scripts).toEqual(['uses_lib'])
    expect(error.message).toBe(
      [
        '1 error compiling uses_lib.lua:',
        'test/fixtures/node/broken/lib/oops.lua:2:10: error: global function `oops`: Redis forbids new globals (write `local function oops`)',
        '    included from test/fixtures/node/broken/uses_lib.lua:2:1',
      ].join('\n'),
    )
    expect(error.diagnostics).toMatchObject([{ severity: 'error', code: 'global-write', line: 2, column: 9 }])
  })

  it('a missing script is a compile error too', () => {
    expect(compileError(() => loadScript('nope', { path: SCRIPTS })).message).toMatch(
      /^1 error compiling nope\.lua:\n.*nope\.lua:1:1: error: cannot read/,
    )
  })

  it('warnings do not throw: they go to onWarning', () => {
    const warnings: Diagnostic[] = []
    const script = loadScript('warn_only', { path: BROKEN, onWarning: d => warnings.push(d) })
    expect(script.name).toBe('warn_only')
    expect(warnings).toMatchObject([
      { severity: 'warning', code: 'unused-declaration', file: path.join(BROKEN, 'warn_only.lua'), line: 1 },
    ])
  })

  it('lint options apply: a warning raised to an error throws', () => {
    expect(() => loadScript('warn_only', { path: BROKEN, lint: { 'unused-declaration': 'error' } })).toThrow(
      ScriptCompileError,
    )
    expect(() => loadScript('warn_only', { path: BROKEN, lint: { 'unused-declaration': 'loud' as 'error' } })).toThrow(
      /`lint\['unused-declaration'\]` must be/,
    )
  })
})

describe('loadScripts', () => {
  it('keys the scripts by the names given', () => {
    const scripts = loadScripts(['greet', 'counter/read'], { path: SCRIPTS })
    expect(Object.keys(scripts)).toEqual(['greet', 'counter/read'])
    expect(scripts['counter/read']).toMatchObject({ name: 'counter/read', readOnly: true, returns: 'dict' })
  })

  it('compiles them all before throwing: one error lists the errors of every script', () => {
    const error = compileError(() => loadScripts(['bad_type', 'warn_only', 'syntax'], { path: BROKEN, ...quiet }))
    expect(error.scripts).toEqual(['bad_type', 'syntax'])
    expect(error.message.split('\n')).toEqual([
      '2 errors compiling bad_type.lua, syntax.lua:',
      expect.stringMatching(/^test\/fixtures\/node\/broken\/bad_type\.lua:1:13: error: unknown type `integr`/),
      "test/fixtures/node/broken/syntax.lua:1:11: error: Lua syntax error: unexpected symbol near '='",
    ])
  })
})

describe('loadAllScripts', () => {
  it('walks sub-folders, keeps only .lua files, and names them by path without .lua', () => {
    const scripts = loadAllScripts(SCRIPTS)
    expect(Object.keys(scripts).sort()).toEqual(SCRIPT_NAMES)
    expect(scripts['lib/right'].lua).toContain('local function tag(text)')
  })

  it('passes over sidecars, other files, node_modules and dot-folders', () => {
    const dir = tempTree({
      'a.lua': 'return 1',
      'a.d.lua.ts': 'export {}',
      'notes.txt': 'x',
      'lua.md': '# not a script',
      'node_modules/dep/b.lua': 'return 2',
      '.cache/c.lua': 'return 3',
      'deep/er/d.lua': 'return 4',
    })
    expect(Object.keys(loadAllScripts(dir)).sort()).toEqual(['a', 'deep/er/d'])
  })

  it('the diamond renders the pragma-once file once', () => {
    const { greet } = loadAllScripts(SCRIPTS)
    expect(greet.lua.match(/local function tag/g)).toHaveLength(1)
    expect(greet.lua.split('\n')).toHaveLength(lineCount(greet.lineMap))
  })

  it('throws one error for every script of the tree that fails, the include chain included', () => {
    const error = compileError(() => loadAllScripts(BROKEN, quiet))
    expect(error.scripts).toEqual(['bad_type', 'syntax', 'uses_lib'])
    expect(error.message.match(/^\S+:\d+:\d+: error: /gm)).toHaveLength(3)
    expect(error.message).toContain('    included from test/fixtures/node/broken/uses_lib.lua:2:1')
  })
})

describe('compileFile', () => {
  it('is the compiler on a file from disk, root defaulting to the working directory', () => {
    const result = compileFile(path.join(SCRIPTS, 'greet.lua'))
    expect(result.name).toBe('test/fixtures/node/scripts/greet')
    expect(result.dependencies.map(file => path.relative(SCRIPTS, file))).toEqual([
      'greet.lua',
      'lib/left.lua',
      'lib/util.lua',
      'lib/right.lua',
    ])
    expect(result.sha1).toBe(loadScript('greet', { path: SCRIPTS }).sha1)
  })

  it('throws on errors unless throwOnError is false', () => {
    expect(() => compileFile(path.join(BROKEN, 'syntax.lua'))).toThrow(ScriptCompileError)
    const result = compileFile(path.join(BROKEN, 'syntax.lua'), { throwOnError: false })
    expect(result.diagnostics).toMatchObject([{ severity: 'error', code: 'lua-syntax', line: 1, column: 10 }])
  })
})
