import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Cluster, Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisCluster, RedisServer } from '../../src/testing/index.js'
import { dist, REPO } from '../node/paths.js'
import { redis as redis7, servers } from '../support/servers.js'

type Client = Redis | Cluster
interface Built {
  scripts: { kind: string; name: string; libraryName?: string }[]
  exercise(client: Client, prefix: string): Promise<unknown>
}

/** Builds an app with the Vite plugin (SSR, for Node), in the script or the function form. */
async function build(root: string, entry: string, functions: boolean): Promise<Record<string, unknown>> {
  const { build } = await import('vite')
  dist('vite.js')
  const { default: redisLua } = await import('unplugin-redis-lua/vite')
  // Inside the repository, so the bundle's imports of ioredis and the runtime resolve as an app's would.
  const outDir = path.join(REPO, 'test/functions/.out', `${path.basename(root)}-${functions ? 'functions' : 'scripts'}`)
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [redisLua({ dts: false, functions })],
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      minify: false,
      // The fixture app has a package.json of its own: the runtime is resolved from the output instead.
      rolldownOptions: { external: [/^unplugin-redis-lua\//], output: { entryFileNames: 'main.mjs' } },
    },
  })
  return import(pathToFileURL(path.join(outDir, 'main.mjs')).href)
}

/** The fixture app: each script once. */
async function app(functions: boolean): Promise<Built> {
  const module = await build(path.join(REPO, 'test/fixtures/app'), 'src/main.js', functions)
  return {
    scripts: Object.values(module.scripts as Record<string, { kind: string; name: string }>),
    exercise: (client, prefix) => (module.run as (c: Client, p: string) => Promise<unknown>)(client, prefix),
  }
}

/** The playground service: rate limiter, leaderboard and job queue, with the clock-derived fields masked. */
async function playground(functions: boolean): Promise<Built> {
  const module = await build(path.join(REPO, 'playground'), 'src/main.ts', functions)
  const create = module.createService as (client: Client, prefix: string) => Record<string, (...a: never[]) => unknown>
  return {
    scripts: module.scripts as Built['scripts'],
    async exercise(client, prefix) {
      const service = create(client, prefix) as unknown as {
        hit(u: string, l: number, w: number): Promise<{ allowed: boolean; remaining: number; retry_after_ms: number }>
        score(p: string, n: number): Promise<unknown>
        enqueue(...jobs: string[]): Promise<number>
        claim(w: string, lease: number): Promise<{ job: string; reclaimed: boolean; lease_until: number } | null>
      }
      const hits = []
      for (let i = 0; i < 4; i++) {
        const hit = await service.hit('alice', 3, 60_000)
        hits.push({ ...hit, retry_after_ms: hit.retry_after_ms > 0 })
      }
      const scores = []
      for (const [player, points] of [
        ['ada', 30],
        ['grace', 50],
        ['ada', 40],
      ] as const)
        scores.push(await service.score(player, points))
      await service.enqueue('resize:1', 'email:2')
      const claims = []
      for (const worker of ['w1', 'w2', 'w3']) {
        const claim = await service.claim(worker, 60_000)
        claims.push(claim && { ...claim, lease_until: claim.lease_until > 0 })
      }
      return { hits, scores, claims }
    },
  }
}

const APPS = { app, playground }

async function bothForms(make: (functions: boolean) => Promise<Built>) {
  const [scripts, functions] = await Promise.all([make(false), make(true)])
  expect(scripts.scripts.map(s => s.kind)).toEqual(scripts.scripts.map(() => 'script'))
  expect(functions.scripts.map(s => s.kind)).toEqual(functions.scripts.map(() => 'function'))
  return { scripts, functions }
}

describe.each(servers)('the fixture app and the playground give the same results as functions on $name', target => {
  let server: RedisServer
  beforeAll(async () => {
    server = await target.start()
  })
  afterAll(() => server?.stop())

  for (const [name, make] of Object.entries(APPS)) {
    it(name, async () => {
      const { scripts, functions } = await bothForms(make)
      const client = server.client()
      const fromScripts = await scripts.exercise(client, `${name}:s`)
      const fromFunctions = await functions.exercise(client, `${name}:f`)
      expect(fromFunctions).toEqual(fromScripts)
      const listed = JSON.stringify(await client.call('FUNCTION', 'LIST'))
      for (const script of functions.scripts) expect(listed).toContain(script.libraryName)
    })
  }
})

describe('the same on a local Redis 7.0 cluster', () => {
  let cluster: RedisCluster
  beforeAll(async () => {
    cluster = await redis7.startCluster({ masters: 3 })
  }, 120_000)
  afterAll(() => cluster?.stop())

  for (const [name, make] of Object.entries(APPS)) {
    it(name, async () => {
      const { scripts, functions } = await bothForms(make)
      const client = cluster.client()
      // A hash tag keeps each script's keys in one slot.
      expect(await functions.exercise(client, `{${name}:f}`)).toEqual(await scripts.exercise(client, `{${name}:s}`))
    })
  }
})
