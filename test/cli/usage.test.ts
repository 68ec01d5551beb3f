import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../node/paths.js'
import { redisLua } from './cli.js'

describe('redis-lua usage', () => {
  it.each([
    [[], 'redis-lua: missing command (check, types or build)'],
    [['lint'], "redis-lua: unknown command 'lint' (expected check, types or build)"],
    [['check', '--bogus'], "redis-lua check: Unknown option '--bogus'"],
    [['check', '--format', 'xml'], "redis-lua check: --format must be text or github, got 'xml'"],
    [['check', 'no/such/dir'], 'redis-lua check: no such file or directory: no/such/dir'],
    [['check', 'scripts/README.md'], 'redis-lua check: no .lua files in scripts/README.md'],
    [['types', '--check=yes'], "redis-lua types: Option '--check' does not take an argument"],
    [['build', 'scripts'], 'redis-lua build: --out <dir> is required'],
    [['build', '--out', 'x'], 'redis-lua build: give the scripts to build: redis-lua build <paths...> --out <dir>'],
    [['build', 'scripts', '--out'], "redis-lua build: Option '-o, --out <value>' argument missing"],
  ])('%j exits 2 with a clear message', (args, message) => {
    const run = redisLua(args, FIXTURES)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr.split('\n')[0]).toContain(message)
    expect(run.stderr).toMatch(/Run 'redis-lua( \w+)? --help' for usage\.\n$/)
  })

  it.each([
    [['check', '--bogus'], 'Usage: redis-lua check [paths...] [options]'],
    [['types', '--bogus'], 'Usage: redis-lua types [paths...] [options]'],
    [['build', '--bogus'], 'Usage: redis-lua build <paths...> --out <dir> [options]'],
    [['--bogus'], 'Usage: redis-lua <command> [options]'],
  ])('%j is answered with the usage line of the command', (args, usage) => {
    const run = redisLua(args, FIXTURES)
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')[1]).toBe(usage)
  })

  it.each([
    [['--help'], /^Usage: redis-lua <command> \[options\]/],
    [['-h'], /^Usage: redis-lua <command>/],
    [
      ['check', '--help'],
      /^Usage: redis-lua check \[paths\.\.\.\] \[options\]\n[\s\S]*--format text\|github[\s\S]*--include-dir/,
    ],
    [['types', '-h'], /^Usage: redis-lua types \[paths\.\.\.\] \[options\]\n[\s\S]*--check/],
    [['build', '--help'], /^Usage: redis-lua build <paths\.\.\.> --out <dir> \[options\]\n[\s\S]*manifest\.json/],
    [['--version'], /^\d+\.\d+\.\d+\n$/],
  ])('%j prints its help (or the version) and exits 0', (args, text) => {
    const run = redisLua(args, FIXTURES)
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(run.stdout).toMatch(text)
  })
})
