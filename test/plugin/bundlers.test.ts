import { spawn } from 'node:child_process'
import { appendFile, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { PluginBuild } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compile } from '../../src/index.js'
import { fsHost } from '../../src/host/fs-host.js'
import { startRedis } from '../../src/testing/index.js'
import type { RedisServer } from '../../src/testing/index.js'
import { BUNDLERS, FARM_BUILD } from './bundlers.js'
import type { BuildOutcome } from './bundlers.js'
import { useFixture } from './fixture.js'

// Built outputs import `unplugin-redis-lua/runtime` from `dist/` and Farm builds with `dist/farm.js`: `npm run build` first.
const NAMES = Object.keys(BUNDLERS)
const SCRIPTS = ['counter', 'report', 'tags']
const INCLUDES = ['lib/summary.lua', 'lib/keys.lua', 'lib/util.lua', 'lib/text/label.lua']
// Bundlers that keep an error's location apart from its text (webpack, Rspack and Farm keep only text).
const KEEPS_LOC = new Set(['vite', 'rollup', 'rolldown', 'esbuild'])

interface AppModule {
  scripts: Record<string, { name: string; sha1: string }>
  run: (client: unknown, prefix: string) => Promise<unknown>
}

describe('the same app in every bundler', () => {
  const fixture = useFixture('app')
  let redis: RedisServer

  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis?.stop()
  })

  it.each(NAMES)('%s builds it, and the output gives the same results and sha1s against Redis', async name => {
    const app = fixture()
    // What the compiler itself says, so every bundler is held to the same sha1s.
    const shas = Object.fromEntries(
      SCRIPTS.map(s => [s, compile(path.join(app.root, `lua/${s}.lua`), { ...fsHost, root: app.root }).sha1]),
    )
    const outcome = await BUNDLERS[name](app.root)
    expect(outcome.errors).toEqual([])
    const { scripts, run } = (await import(pathToFileURL(outcome.file!).href)) as AppModule
    expect(Object.fromEntries(SCRIPTS.map(s => [s, scripts[s].sha1]))).toEqual(shas)
    expect(scripts.counter.name).toBe('lua/counter')
    expect(await run(redis.client(), name)).toEqual({
      first: 5,
      second: 105,
      tags: ['a', 'b'],
      report: { title: 'totals', count: 'count=105', size: 'size=2' },
    })
    expectWatched(outcome, app.root)
  })
})

describe('a bad directive in an included file', () => {
  const fixture = useFixture('bad-include')

  it.each(NAMES)("%s fails with the included file's path:line:col and the include chain", async name => {
    const bad = fixture()
    const outcome = await BUNDLERS[name](bad.root)
    expect(outcome.file).toBeUndefined()
    const text = outcome.errors.map(e => e.text).join('\n')
    expect(text).toContain('lua/lib/bad.lua:3:11: error: unknown type `integr`')
    expect(text).toMatch(/included from lua\/lib\/mid\.lua:1:1\n.*included from lua\/main\.lua:2:1/)
    expect(text).toContain('> 3 | %arg size integr')
    // Every error of the module, in the same message.
    expect(text).toContain('lua/lib/bad.lua:5:1: error:')
    expect(text).toContain('2 errors')
    if (KEEPS_LOC.has(name)) {
      const { loc } = outcome.errors[0]
      expect(loc).toMatchObject({ line: 3, column: 10 })
      expect(path.resolve(bad.root, loc!.file!)).toBe(path.join(bad.root, 'lua/lib/bad.lua'))
    }
    expectWatched(outcome, bad.root, ['lib/mid.lua', 'lib/bad.lua'])
  })
})

describe('a warning', () => {
  const fixture = useFixture('warning')

  it.each(NAMES)('%s reports it with its path:line:col and still builds', async name => {
    const outcome = await BUNDLERS[name](fixture().root)
    expect(outcome.errors).toEqual([])
    expect(outcome.file).toBeDefined()
    expect(outcome.warnings.join('\n')).toContain(
      'lua/unused.lua:2:6: warning: arg `unused_step` is declared but never used',
    )
  })
})

/** Every include is a watched file, where the bundler tells what it watches. */
function expectWatched(outcome: BuildOutcome, root: string, includes = INCLUDES): void {
  if (!outcome.watchFiles) return
  expect(outcome.watchFiles).toEqual(expect.arrayContaining(includes.map(file => path.join(root, 'lua', file))))
}

describe('watch mode', () => {
  const fixture = useFixture('app')

  // esbuild keeps its watch files to itself: rebuilding on an edit to a nested include is the proof.
  it('esbuild rebuilds when a nested include changes', async () => {
    const { context } = await import('esbuild')
    const { default: redisLua } = await import('../../src/esbuild.js')
    const root = fixture().root
    let builds = 0
    const counter = {
      name: 'count-builds',
      setup: (build: PluginBuild) =>
        build.onEnd(() => {
          builds++
        }),
    }
    const ctx = await context({
      absWorkingDir: root,
      entryPoints: ['src/main.js'],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      plugins: [redisLua(), counter],
      logLevel: 'silent',
    })
    try {
      await ctx.watch()
      await until(() => builds === 1)
      await appendFile(path.join(root, 'lua/lib/util.lua'), '-- edited\n')
      await until(() => builds === 2)
    } finally {
      await ctx.dispose()
    }
  })

  it('Farm rebuilds the scripts when a nested include changes', async () => {
    const root = fixture().root
    const outputs = async () => {
      const dir = path.join(root, 'out/farm')
      const files = await readdir(dir).catch(() => [])
      return (await Promise.all(files.map(name => readFile(path.join(dir, name), 'utf8')))).join('\n')
    }
    const child = spawn(process.execPath, [FARM_BUILD, root, 'watch'], { stdio: 'ignore' })
    try {
      await until(async () => (await outputs()).includes('defineScript('))
      // Farm starts watching some time after it writes the first build, and says nothing when it does:
      // edit again until a rebuild shows the edit.
      let edits = 0
      await until(async () => {
        if ((await outputs()).includes('farm_edit')) return true
        if (edits++ % 20 === 0)
          await appendFile(path.join(root, 'lua/lib/text/label.lua'), `local farm_edit_${edits} = 1\n`)
        return false
      })
    } finally {
      child.kill()
    }
  })
})

async function until(done: () => boolean | Promise<boolean>, timeout = 15_000): Promise<void> {
  for (const deadline = Date.now() + timeout; !(await done()); await new Promise(resolve => setTimeout(resolve, 50))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms`)
  }
}
