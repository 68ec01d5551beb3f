import { describe, expect, it } from 'vitest'
import { startRedis } from '../../src/testing/index.js'
import { bin, makeApp, run } from './app.js'
import { COUNTS, counterMain, expectBadScriptErrors } from './bad-scripts.js'

// Bun (the `bun` npm package's binary): `unplugin-redis-lua/bun` in Bun.build and as a runtime plugin.
const PRELOAD = `import { plugin } from 'bun'
import redisLua from 'unplugin-redis-lua/bun'

plugin(redisLua())
`

// \`bun test\` reads only its own section's preload.
const BUNFIG = `preload = ["./preload.ts"]

[test]
preload = ["./preload.ts"]
`

const BUILD = `import redisLua from 'unplugin-redis-lua/bun'

await Bun.build({ entrypoints: process.argv.slice(2), outdir: 'out', target: 'bun', plugins: [redisLua()] })
`

const TEST = `import { expect, test } from 'bun:test'
import { LuaScript } from 'unplugin-redis-lua/runtime'
import counter from './lua/counter.lua'

test('the script imports as a script object', () => {
  expect(counter).toBeInstanceOf(LuaScript)
  expect(counter.name).toBe('lua/counter')
})
`

const badTest = (script: string) => `import { expect, test } from 'bun:test'
import script from '${script}'

test('never runs', () => expect(script).toBeDefined())
`

const BAD_MAIN = `import directive from './bad/directive.lua'
import missing from './bad/missing.lua'

console.log(directive, missing)
`

const bunApp = () =>
  makeApp('bun', {
    'package.json': JSON.stringify({ name: 'bun-app', private: true, type: 'module' }),
    'bunfig.toml': BUNFIG,
    'preload.ts': PRELOAD,
    'main.ts': counterMain('bun'),
    'bad-main.ts': BAD_MAIN,
    'build.ts': BUILD,
    'counter.test.ts': TEST,
    'failing/directive.test.ts': badTest('../bad/directive.lua'),
    'failing/missing.test.ts': badTest('../bad/missing.lua'),
  })

describe('Bun', () => {
  it('bun run and a Bun.build output run the script; bun test imports it', async () => {
    const dir = await bunApp()
    const redis = await startRedis()
    const env = { REDIS_PORT: String(redis.port) }
    try {
      const direct = await run(bin('bun'), ['run', 'main.ts'], dir, env)
      expect(direct.code, direct.output).toBe(0)
      expect(JSON.parse(direct.output)).toEqual({ name: 'lua/counter', values: COUNTS })

      const build = await run(bin('bun'), ['build.ts', 'main.ts'], dir)
      expect(build.code, build.output).toBe(0)
      // The bundle runs without the preload: the script was compiled into it.
      const built = await run(bin('bun'), ['--no-install', '--config=/dev/null', 'out/main.js'], dir, env)
      expect(built.code, built.output).toBe(0)
      expect(JSON.parse(built.output)).toEqual({ name: 'lua/counter', values: COUNTS.map(n => n + 10) })
    } finally {
      await redis.stop()
    }
    const test = await run(bin('bun'), ['test', 'counter.test.ts'], dir)
    expect(test.code, test.output).toBe(0)
    expect(test.output).toContain('1 pass')
  })

  it('Bun.build, bun run and bun test fail on a directive error and a missing include', async () => {
    const dir = await bunApp()
    const build = await run(bin('bun'), ['build.ts', 'bad-main.ts'], dir)
    expect(build.code).not.toBe(0)
    expectBadScriptErrors(build.output)

    const direct = await run(bin('bun'), ['run', 'bad-main.ts'], dir)
    expect(direct.code).not.toBe(0)
    expect(direct.output).toContain('bad/lib/typo.lua:2:11: error: unknown type `integr`')
    expect(direct.output).toMatch(/\n\s+included from bad\/directive\.lua:2:1/)

    const test = await run(bin('bun'), ['test', 'failing'], dir)
    expect(test.code).not.toBe(0)
    expectBadScriptErrors(test.output)
  })
})
