import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { pathToFileURL } from 'node:url'
import { beforeEach, describe, expect, it } from 'vitest'
import { loadAllScripts } from '../../src/node/index.js'
import { describeScripts, ENTRY_SCRIPTS, exercise } from '../fixtures/node/exercise.mjs'
import type { FixtureScript } from '../fixtures/node/exercise.mjs'
import { dist, FIXTURES, REPO, SCRIPTS } from './paths.js'
import { useServer } from '../support/servers.js'

const run = promisify(execFile)

/** What every loader must give: the same calls on a fresh Redis return exactly this. */
const RESULTS = {
  greet: '<ada>:left <ada>:left <right>',
  incr: [2, 42],
  read: { value: 42, exists: true },
  readMissing: { value: 0, exists: false },
  sum: 6.5,
  sumNil: null,
}

interface Outcome {
  scripts: Record<string, unknown>
  results: Record<string, unknown>
}

describe('the fixture tree through loadAllScripts, the register hook and the Vite plugin', () => {
  const suite = useServer()
  const outcomes: Record<string, Outcome> = {}

  // Our own throw-away server: each loader starts from an empty keyspace and script cache.
  beforeEach(async () => {
    await suite.client.flushall()
    await suite.client.script('FLUSH')
  })

  it('loadAllScripts: the scripts by path, README.md and the library left out', async () => {
    const scripts = loadAllScripts(SCRIPTS)
    expect(Object.keys(scripts).sort()).toEqual([...ENTRY_SCRIPTS, 'lib/left', 'lib/right', 'lib/util'].sort())
    outcomes.loadAllScripts = { scripts: describeScripts(scripts), results: await exercise(scripts, suite.client) }
    expect(outcomes.loadAllScripts.results).toEqual(RESULTS)
  })

  it('node --import unplugin-redis-lua/register: plain Node imports of the .lua files', async () => {
    dist('node/register.js')
    const env = { ...process.env, REDIS_URL: suite.server.url, REDIS_LUA_ROOT: SCRIPTS }
    // Run from inside this package, the specifier resolves to dist through the package's own exports.
    const { stdout } = await run(process.execPath, ['--import', 'unplugin-redis-lua/register', 'register-app.mjs'], {
      cwd: FIXTURES,
      env,
    })
    outcomes.register = JSON.parse(stdout) as Outcome
    expect(outcomes.register.results).toEqual(RESULTS)
  })

  it('vite build with unplugin-redis-lua/vite', async () => {
    const { build } = await import('vite')
    dist('vite.js')
    const { default: redisLua } = await import('unplugin-redis-lua/vite')
    // Inside the repository, so the bundle's imports of ioredis and the runtime resolve as the app's would.
    const outDir = path.join(REPO, 'test/fixtures/node/.out/vite')
    await build({
      root: SCRIPTS,
      configFile: false,
      logLevel: 'silent',
      plugins: [redisLua({ dts: false })],
      build: {
        ssr: path.join(FIXTURES, 'fixture-scripts.mjs'),
        outDir,
        emptyOutDir: true,
        minify: false,
        rolldownOptions: { output: { entryFileNames: 'scripts.mjs' } },
      },
    })
    const { default: scripts } = (await import(pathToFileURL(path.join(outDir, 'scripts.mjs')).href)) as {
      default: Record<string, FixtureScript>
    }
    outcomes.vite = { scripts: describeScripts(scripts), results: await exercise(scripts, suite.client) }
    expect(outcomes.vite.results).toEqual(RESULTS)
  })

  it('all three give the same names, sha1s, keys, args and results', () => {
    expect(Object.keys(outcomes)).toEqual(['loadAllScripts', 'register', 'vite'])
    expect(outcomes.register).toEqual(outcomes.loadAllScripts)
    expect(outcomes.vite).toEqual(outcomes.loadAllScripts)
    const shas = Object.values(outcomes.loadAllScripts.scripts).map(s => (s as { sha1: string }).sha1)
    expect(new Set(shas).size).toBe(ENTRY_SCRIPTS.length)
  })
})
