import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SCRIPTS } from '../node/paths.js'
import { redisLua } from './cli.js'
import { tempCopy } from './temp-tree.js'

const SIDECARS = ['counter/incr', 'counter/read', 'greet', 'lib/left', 'lib/right', 'lib/util', 'sum'].map(name => `${name}.d.lua.ts`)

describe('redis-lua types', () => {
  it('--check fails on missing sidecars, types writes them, then --check passes', () => {
    const dir = tempCopy(SCRIPTS)
    const missing = redisLua(['types', '--check'], dir)
    expect(missing.code).toBe(1)
    expect(missing.stdout).toBe(SIDECARS.map(file => `missing: ${file}\n`).join(''))
    expect(missing.stderr).toContain('7 of 7 sidecars missing or stale; run \'redis-lua types\'')

    const write = redisLua(['types'], dir)
    expect(write).toMatchObject({ code: 0, stdout: SIDECARS.map(file => `wrote ${file}\n`).join('') })
    expect(readFileSync(path.join(dir, 'counter/incr.d.lua.ts'), 'utf8')).toContain('counter: string | Buffer\n  by: number | bigint')
    expect(redisLua(['types', '--check'], dir)).toMatchObject({ code: 0, stdout: '' })
  })

  it('--check fails after a directive changes, without writing, until types is run', () => {
    const dir = tempCopy(SCRIPTS)
    expect(redisLua(['types'], dir).code).toBe(0)
    const greet = path.join(dir, 'greet.lua')
    writeFileSync(greet, readFileSync(greet, 'utf8').replace('--%arg times integer', '--%arg times number'))
    const before = readFileSync(path.join(dir, 'greet.d.lua.ts'), 'utf8')

    const stale = redisLua(['types', '--check'], dir)
    expect(stale).toMatchObject({ code: 1, stdout: 'stale: greet.d.lua.ts\n' })
    expect(readFileSync(path.join(dir, 'greet.d.lua.ts'), 'utf8')).toBe(before)

    expect(redisLua(['types'], dir)).toMatchObject({ code: 0, stdout: 'wrote greet.d.lua.ts\n' })
    expect(readFileSync(path.join(dir, 'greet.d.lua.ts'), 'utf8')).toContain('times: number\n')
    expect(redisLua(['types', '--check'], dir).code).toBe(0)
  })

  it('writes only what changed: a second run writes nothing', () => {
    const dir = tempCopy(SCRIPTS)
    redisLua(['types'], dir)
    expect(redisLua(['types', '.'], dir)).toMatchObject({ code: 0, stdout: '', stderr: 'redis-lua types: 0 written, 7 unchanged\n' })
  })
})
