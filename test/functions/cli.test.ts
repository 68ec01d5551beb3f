import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { useServer } from '../support/servers.js'
import { redisLua } from '../cli/cli.js'
import { tempTree } from '../support/temp-tree.js'

interface Entry {
  name: string
  sha1: string
  flags: string[]
  kind?: string
  library?: string
  libraryName?: string
  functionName?: string
}

const suite = useServer()

const FILES = {
  'jobs/take.lua': "#!lua flags=no-writes\n%key queue\n%return string?\nreturn redis.call('LINDEX', queue, 0)\n",
  'count.lua': "%key k\n%return integer\nreturn redis.call('INCR', k)\n",
}

const manifestOf = (dir: string): Entry[] => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'))

describe('redis-lua build --functions and prune', () => {
  it('build --functions writes each library and its function name into manifest.json, ready for FUNCTION LOAD and FCALL', async () => {
    const dir = tempTree(FILES)
    expect(redisLua(['build', '.', '--out', 'out', '--functions'], dir).code).toBe(0)
    const manifest = manifestOf(path.join(dir, 'out'))
    expect(manifest.map(e => [e.name, e.kind])).toEqual([
      ['count', 'function'],
      ['jobs/take', 'function'],
    ])
    const redis = suite.server.client()
    await redis.rpush('q', 'job1')
    for (const entry of manifest) expect(await redis.call('FUNCTION', 'LOAD', entry.library!)).toBe(entry.libraryName)
    const take = manifest.find(e => e.name === 'jobs/take')!
    expect(take.functionName).toMatch(/^jobs_stake_v[0-9a-f]{12}$/)
    expect(await redis.call('FCALL_RO', take.functionName!, 1, 'q')).toBe('job1')
    // --functions-only picks the scripts by path.
    const out = tempTree()
    expect(
      redisLua(['build', '.', '--out', out, '--functions-only', 'jobs/**', '--root', '.'], tempTree(FILES)).code,
    ).toBe(0)
    expect(manifestOf(out).map(e => [e.name, e.kind ?? 'script'])).toEqual([
      ['count', 'script'],
      ['jobs/take', 'function'],
    ])
  })

  it('prune deletes the libraries of scripts no longer there, and only those', async () => {
    const dir = tempTree(FILES)
    const redis = suite.server.client()
    await redis.call('FUNCTION', 'FLUSH')
    expect(redisLua(['build', '.', '--out', 'v1', '--functions'], dir).code).toBe(0)
    writeFileSync(path.join(dir, 'count.lua'), `${FILES['count.lua']}-- v2\n`)
    expect(redisLua(['build', 'count.lua', 'jobs', '--out', 'v2', '--functions'], dir).code).toBe(0)
    const loaded = [...manifestOf(path.join(dir, 'v1')), ...manifestOf(path.join(dir, 'v2'))]
    for (const entry of loaded) await redis.call('FUNCTION', 'LOAD', 'REPLACE', entry.library!)
    const stale = manifestOf(path.join(dir, 'v1')).find(e => e.name === 'count')!.libraryName!
    const dry = redisLua(['prune', 'count.lua', 'jobs', '--url', suite.server.url, '--dry-run'], dir)
    expect([dry.code, dry.stdout]).toEqual([0, `${stale}\n`])
    const run = redisLua(['prune', 'count.lua', 'jobs', '--url', suite.server.url], dir)
    expect([run.code, run.stdout, run.stderr]).toEqual([0, `${stale}\n`, 'redis-lua prune: 1 stale library deleted\n'])
    const left = ((await redis.call('FUNCTION', 'LIST')) as unknown[][]).map(l => String(l[1])).sort()
    expect(left).toEqual(
      manifestOf(path.join(dir, 'v2'))
        .map(e => e.libraryName)
        .sort(),
    )
    expect(redisLua(['prune', '.', '--url', suite.server.url], dir).stdout).toBe('')
  })
})
