import { cp, mkdtemp, readFile, realpath, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startRedis } from '../../src/testing/index.js'
import { REPO } from '../plugin/fixture.js'
import { bin, makeApp, run } from './app.js'
import { COUNTS, counterMain } from './bad-scripts.js'

const VITE_CONFIG = `import redisLua from 'unplugin-redis-lua/vite'

export default { plugins: [redisLua()], build: { outDir: 'dist-ssr', ssr: 'server.js' } }
`

/** A package of the repository's `node_modules` and everything it depends on, copied into `dir`. */
async function copyInstalled(name: string, dir: string, seen = new Set<string>()): Promise<void> {
  if (seen.has(name)) return
  seen.add(name)
  const from = path.join(REPO, 'node_modules', name)
  await cp(from, path.join(dir, 'node_modules', name), { recursive: true, dereference: true })
  const manifest = JSON.parse(await readFile(path.join(from, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>
  }
  for (const dep of Object.keys(manifest.dependencies ?? {})) await copyInstalled(dep, dir, seen)
}

describe('Vite SSR', () => {
  it('bundles the runtime: the output runs from a folder holding only itself and ioredis', async () => {
    const dir = await makeApp('vite-ssr', {
      'package.json': JSON.stringify({ name: 'vite-ssr', private: true, type: 'module' }),
      'vite.config.js': VITE_CONFIG,
      'server.js': counterMain('ssr'),
    })
    const build = await run(bin('vite'), ['build'], dir)
    expect(build.code, build.output).toBe(0)
    const output = await readFile(path.join(dir, 'dist-ssr/server.js'), 'utf8')
    expect(output).toContain('defineScript')
    expect(output).not.toMatch(/(from|import\(|require\()\s*["']unplugin-redis-lua/)

    // Outside the repository, so nothing resolves from its node_modules.
    const deploy = await realpath(await mkdtemp(path.join(tmpdir(), 'redis-lua-deploy-')))
    const redis = await startRedis()
    try {
      await cp(path.join(dir, 'dist-ssr'), deploy, { recursive: true })
      await cp(path.join(dir, 'package.json'), path.join(deploy, 'package.json'))
      await copyInstalled('ioredis', deploy)
      expect(() => createRequire(path.join(deploy, 'x.js')).resolve('unplugin-redis-lua/runtime')).toThrow()
      const served = await run(process.execPath, ['server.js'], deploy, { REDIS_PORT: String(redis.port) })
      expect(served.code, served.output).toBe(0)
      expect(JSON.parse(served.output)).toEqual({ name: 'lua/counter', values: COUNTS })
    } finally {
      await redis.stop()
      await rm(deploy, { recursive: true, force: true })
    }
  })
})
