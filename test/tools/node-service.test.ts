import { describe, expect, it } from 'vitest'
import { startRedis } from '../../src/testing/index.js'
import { bin, makeApp, run } from './app.js'
import { COUNTS } from './bad-scripts.js'

// A NestJS-style service: CommonJS, compiled by plain `tsc`, scripts loaded at start-up with a typed `loadScript`.
const TSCONFIG = JSON.stringify({
  compilerOptions: {
    module: 'nodenext',
    target: 'es2022',
    outDir: 'dist',
    rootDir: 'src',
    strict: true,
    types: ['node'],
  },
  include: ['src'],
})

const SERVICE = `import { Redis } from 'ioredis'
import { loadScript } from 'unplugin-redis-lua/node'

const counter = loadScript<{ counter: string; by: number }, number>('counter', { path: 'lua' })

async function main(): Promise<void> {
  const redis = new Redis(Number(process.env.REDIS_PORT), '127.0.0.1')
  const values: number[] = [await counter.run(redis, { counter: 'svc', by: 5 }), await counter.run(redis, { counter: 'svc', by: 5 })]
  console.log(JSON.stringify(values))
  redis.disconnect()
}
void main()
`

// Required at run time through the register hook, typed by the sidecar \`redis-lua types\` writes.
const REQUIRED = `import counter from '../lua/counter.lua'

export const name: string = counter.name
`

describe('a CommonJS service built with tsc', () => {
  it('type-checks loadScript calls, and runs the script', async () => {
    const dir = await makeApp('node-service', {
      'package.json': JSON.stringify({ name: 'node-service', private: true }),
      'tsconfig.json': TSCONFIG,
      'src/main.ts': SERVICE,
    })
    const tsc = await run(bin('tsc'), ['-p', '.'], dir)
    expect(tsc.code, tsc.output).toBe(0)
    const redis = await startRedis()
    try {
      const service = await run(process.execPath, ['dist/main.js'], dir, { REDIS_PORT: String(redis.port) })
      expect(service.code, service.output).toBe(0)
      expect(JSON.parse(service.output)).toEqual(COUNTS)
    } finally {
      await redis.stop()
    }
  })

  it('rejects a wrong argument type at compile time', async () => {
    const dir = await makeApp('node-service-typo', {
      'package.json': JSON.stringify({ name: 'node-service-typo', private: true }),
      'tsconfig.json': TSCONFIG,
      'src/main.ts': SERVICE.replace('by: 5 }), await', "by: '5' }), await"),
    })
    const tsc = await run(bin('tsc'), ['-p', '.'], dir)
    expect(tsc.code).not.toBe(0)
    expect(tsc.output).toMatch(
      /src\/main\.ts\(8,\d+\): error TS2322: Type 'string' is not assignable to type 'number'\./,
    )
  })

  it('requires a .lua file through the register hook, typed by its sidecar', async () => {
    const dir = await makeApp('node-service-require', {
      'package.json': JSON.stringify({ name: 'node-service-require', private: true }),
      'tsconfig.json': TSCONFIG.replace('"strict":true', '"strict":true,"allowArbitraryExtensions":true'),
      'src/main.ts': `import { name } from './script'\nconsole.log(name)\n`,
      'src/script.ts': REQUIRED,
    })
    const types = await run(process.execPath, ['node_modules/unplugin-redis-lua/dist/cli/main.js', 'types', 'lua'], dir)
    expect(types.code, types.output).toBe(0)
    const tsc = await run(bin('tsc'), ['-p', '.'], dir)
    expect(tsc.code, tsc.output).toBe(0)
    const service = await run(process.execPath, ['--import', 'unplugin-redis-lua/register', 'dist/main.js'], dir)
    expect(service.code, service.output).toBe(0)
    expect(service.output).toBe('lua/counter\n')
  })
})
