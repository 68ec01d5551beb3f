import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bin, makeApp, run } from './app.js'
import { expectBadScriptErrors } from './bad-scripts.js'

// Jest 30, `.lua` through `unplugin-redis-lua/jest`, scripts run on a server from `unplugin-redis-lua/testing`.
const COMMONJS_TEST = `const { startRedis } = require('unplugin-redis-lua/testing')
const { loadScript } = require('unplugin-redis-lua/node')
const { LuaScript } = require('unplugin-redis-lua/runtime')
const counter = require('./lua/counter.lua').default

let redis
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(() => redis.stop())

test('a required script runs, and so does one from loadScript', async () => {
  const client = redis.client()
  expect(counter).toBeInstanceOf(LuaScript)
  expect(await counter.run(client, { counter: 'jest', by: 5 })).toBe(5)
  const loaded = loadScript('counter', { path: __dirname + '/lua' })
  expect(await loaded.run(client, { counter: 'jest', by: 5 })).toBe(10)
})
`

const ESM_TEST = `import { startRedis } from 'unplugin-redis-lua/testing'
import { LuaScript } from 'unplugin-redis-lua/runtime'
import counter from './lua/counter.lua'

let redis
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(() => redis.stop())

test('an imported script runs', async () => {
  expect(counter).toBeInstanceOf(LuaScript)
  expect(await counter.run(redis.client(), { counter: 'jest', by: 5 })).toBe(5)
  expect(await counter.run(redis.client(), { counter: 'jest', by: 5 })).toBe(10)
})
`

// Runs the script once and prints what it returned: the cache test edits an include between runs.
const CACHE_TEST = `const { startRedis } = require('unplugin-redis-lua/testing')
const counter = require('./lua/counter.lua').default

test('prints what the script returns', async () => {
  const redis = await startRedis()
  try {
    console.log('RESULT=' + (await counter.run(redis.client(), { counter: 'jest', by: 5 })))
  } finally {
    await redis.stop()
  }
})
`

const badTest = (script: string, esm: boolean) =>
  `${esm ? `import script from './${script}'` : `const script = require('./${script}').default`}
test('never runs', () => expect(script).toBeDefined())
`

const MODES = {
  commonjs: {
    packageType: 'commonjs',
    config: `module.exports = { testEnvironment: 'node', transform: { '\\\\.lua$': 'unplugin-redis-lua/jest' } }\n`,
    test: COMMONJS_TEST,
    env: {},
  },
  esm: {
    packageType: 'module',
    config: `export default {
  testEnvironment: 'node',
  transform: { '\\\\.lua$': 'unplugin-redis-lua/jest' },
  extensionsToTreatAsEsm: ['.lua'],
}
`,
    test: ESM_TEST,
    env: { NODE_OPTIONS: '--experimental-vm-modules' },
  },
}

describe.each(Object.entries(MODES))('Jest 30, %s mode', (mode, setup) => {
  const app = () =>
    makeApp(`jest-${mode}`, {
      'package.json': JSON.stringify({ name: `jest-${mode}`, private: true, type: setup.packageType }),
      'jest.config.js': setup.config,
      'counter.test.js': setup.test,
      'failing/directive.test.js': badTest('../bad/directive.lua', mode === 'esm'),
      'failing/missing.test.js': badTest('../bad/missing.lua', mode === 'esm'),
    })

  it('runs a test that imports a script', async () => {
    const dir = await app()
    const jest = await run(bin('jest'), ['--ci', 'counter.test.js'], dir, setup.env)
    expect(jest.output).toContain('Tests:       1 passed, 1 total')
    expect(jest.code, jest.output).toBe(0)
  })

  it('fails the test files of scripts with a directive error or a missing include', async () => {
    const dir = await app()
    const jest = await run(bin('jest'), ['--ci', 'failing'], dir, setup.env)
    expect(jest.code).toBe(1)
    expect(jest.output).toContain('Test Suites: 2 failed, 2 total')
    expectBadScriptErrors(jest.output)
  })
})

describe('Jest 30 cache', () => {
  it("serves no stale script from Jest's cache after an include changes", async () => {
    const dir = await makeApp('jest-cache', {
      'package.json': JSON.stringify({ name: 'jest-cache', private: true }),
      'jest.config.js': MODES.commonjs.config,
      'cache.test.js': CACHE_TEST,
    })
    const result = async () => /RESULT=(\d+)/.exec((await run(bin('jest'), ['--ci', 'cache.test.js'], dir)).output)?.[1]
    expect(await result()).toBe('5')
    const clamp = path.join(dir, 'lua/lib/clamp.lua')
    await writeFile(
      clamp,
      (await readFile(clamp, 'utf8')).replace(
        'math.min(math.max(n, low), high)',
        '2 * math.min(math.max(n, low), high)',
      ),
    )
    expect(await result()).toBe('10')
  })
})
