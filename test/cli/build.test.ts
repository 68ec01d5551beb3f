import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES, SCRIPT_NAMES, SCRIPTS } from '../node/paths.js'
import { redisLua } from './cli.js'
import { tempTree } from '../support/temp-tree.js'
import { useServer } from '../support/servers.js'

interface Entry {
  name: string
  file: string
  sha1: string
  keys: string[]
  args: { name: string; type: string | null }[]
  returns: string | null
  flags: string[]
}

describe('redis-lua build', () => {
  const suite = useServer()

  it('writes every script rendered and a manifest whose sha1s are what SCRIPT LOAD answers', async () => {
    const out = tempTree()
    const run = redisLua(['build', '.', '--out', out], SCRIPTS)
    expect(run.code).toBe(0)
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Entry[]
    expect(manifest.map(entry => entry.name)).toEqual(SCRIPT_NAMES)
    expect(manifest.find(entry => entry.name === 'counter/read')).toEqual({
      name: 'counter/read',
      file: 'counter/read.lua',
      sha1: expect.stringMatching(/^[0-9a-f]{40}$/),
      keys: ['counter'],
      args: [],
      returns: 'dict',
      flags: ['no-writes'],
    })
    for (const entry of manifest) {
      const lua = readFileSync(path.join(out, entry.file), 'utf8')
      expect(await suite.client.script('LOAD', lua)).toBe(entry.sha1)
    }
  })

  it('the built scripts run by sha1 with KEYS and ARGV in manifest order (as another language would)', async () => {
    const out = tempTree()
    redisLua(['build', 'counter', '--out', out, '--root', '.'], SCRIPTS)
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Entry[]
    const incr = manifest.find(entry => entry.name === 'counter/incr')!
    await suite.client.script('LOAD', readFileSync(path.join(out, incr.file), 'utf8'))
    expect(await suite.client.evalsha(incr.sha1, 1, 'build:c', '5')).toBe(5)
  })

  it('writes nothing when a script has an error', () => {
    const out = tempTree()
    const run = redisLua(['build', 'broken', '--out', out], FIXTURES)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('broken/syntax.lua:1:11: error:')
    expect(run.stderr).toBe('redis-lua build: nothing written (fix the errors above)\n')
    expect(() => readFileSync(path.join(out, 'manifest.json'))).toThrow(/ENOENT/)
  })

  it('leaves a previous build under the scanned paths out of the next one', () => {
    const dir = tempTree({ 'a.lua': 'return 1\n' })
    expect(redisLua(['build', '.', '--out', 'out'], dir).code).toBe(0)
    expect(redisLua(['build', '.', '--out', 'out'], dir).code).toBe(0)
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out/manifest.json'), 'utf8')) as Entry[]
    expect(manifest.map(entry => entry.name)).toEqual(['a'])
  })
})
