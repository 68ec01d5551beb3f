import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { compile, formatDiagnostic } from '../../src/core/index.js'
import { fsHost } from '../../src/host/fs-host.js'

const FIXTURES = path.join(import.meta.dirname, '../fixtures/core')

/** `expected.txt` holds the formatted diagnostics, or the rendered Lua when the fixture is valid. */
function run(dir: string): string {
  const options = existsSync(path.join(dir, 'case.json'))
    ? JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8'))
    : {}
  const result = compile(path.join(dir, options.entry ?? 'main.lua'), {
    ...fsHost,
    root: dir,
    includeDirs: options.includeDirs,
  })
  if (result.diagnostics.length === 0) return `${result.lua}\n`
  return `${result.diagnostics.map(d => formatDiagnostic(d, dir)).join('\n')}\n`
}

describe('fixtures: one folder per behaviour', () => {
  for (const name of readdirSync(FIXTURES)) {
    const dir = path.join(FIXTURES, name)
    const expected = readFileSync(path.join(dir, 'expected.txt'), 'utf8')
    it(`${name}: ${expected.split('\n')[0]}`, () => {
      expect(run(dir)).toBe(expected)
    })
  }
})

describe('the root boundary', () => {
  it('refuses an include that reaches outside the root through a symlink', () => {
    const base = mkdtempSync(path.join(tmpdir(), 'redis-lua-root-'))
    const root = path.join(base, 'project')
    mkdirSync(root)
    writeFileSync(path.join(base, 'secret.lua'), 'return "secret"')
    writeFileSync(path.join(root, 'main.lua'), '%include "link"\nreturn 1')
    symlinkSync(path.join(base, 'secret.lua'), path.join(root, 'link.lua'))
    const result = compile(path.join(root, 'main.lua'), { ...fsHost, root })
    rmSync(base, { recursive: true })
    expect(result.diagnostics.map(d => `${d.line}:${d.column} ${d.code}`)).toEqual(['1:0 include-outside-root'])
    expect(result.lua).not.toContain('secret')
  })
})
