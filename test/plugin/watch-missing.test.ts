import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { outFile, webpackConfig } from './bundlers.js'
import { copyFixture } from './fixture.js'

const RUNTIME = /^unplugin-redis-lua\//

// Built outputs import `unplugin-redis-lua/runtime` from `dist/`: `npm run build` first.

/** One build of a watcher: the errors it reported, or the output it wrote. */
interface WatchedBuild {
  errors: string[]
  output?: string
}

/** Starts a bundler watching `<root>/src/main.js`; `onBuild` sees every build; the result stops it. */
type Watcher = (root: string, onBuild: (build: WatchedBuild) => void) => Promise<() => Promise<void>>

const messages = (errors: readonly unknown[]) => errors.map(e => (e as Error).message ?? String(e))

/** What Rollup's and Rolldown's `watch()` return, as far as these tests use it. */
interface RollupLikeWatcher {
  on: (
    name: 'event',
    listener: (event: { code: string; error?: Error; result?: { close: () => Promise<void> } }) => void,
  ) => unknown
  close: () => Promise<void>
}

/** Reports the builds of a Rollup or Rolldown watcher that writes `file`. */
function rollupLike(
  watcher: RollupLikeWatcher,
  file: string,
  onBuild: (build: WatchedBuild) => void,
): () => Promise<void> {
  watcher.on('event', event => {
    if (event.code === 'ERROR') onBuild({ errors: [event.error!.message] })
    if (event.code === 'BUNDLE_END')
      void event
        .result!.close()
        .then(() => readFile(file, 'utf8'))
        .then(output => onBuild({ errors: [], output }))
  })
  return () => watcher.close()
}

const rollupWith =
  (includeDirs?: string[]): Watcher =>
  async (root, onBuild) => {
    const { watch } = await import('rollup')
    const { default: redisLua } = await import('../../src/rollup.js')
    const file = outFile(root, 'rollup')
    const watcher = watch({
      input: path.join(root, 'src/main.js'),
      plugins: [redisLua({ root, includeDirs })],
      external: RUNTIME,
      output: { file, format: 'es' },
      onwarn: () => {},
    })
    return rollupLike(watcher as unknown as RollupLikeWatcher, file, onBuild)
  }
const rollup = rollupWith()

const rolldown: Watcher = async (root, onBuild) => {
  const { watch } = await import('rolldown')
  const { default: redisLua } = await import('../../src/rolldown.js')
  const file = outFile(root, 'rolldown')
  const watcher = watch({
    input: path.join(root, 'src/main.js'),
    cwd: root,
    platform: 'node',
    plugins: [redisLua()],
    external: RUNTIME,
    output: { file, format: 'esm' },
    onLog: () => {},
  })
  return rollupLike(watcher as unknown as RollupLikeWatcher, file, onBuild)
}

const esbuild: Watcher = async (root, onBuild) => {
  const { context } = await import('esbuild')
  const { default: redisLua } = await import('../../src/esbuild.js')
  const report = {
    name: 'report',
    setup: (build: import('esbuild').PluginBuild) =>
      build.onEnd(result => {
        onBuild({
          errors: result.errors.map(e => e.text),
          output: result.errors.length ? undefined : result.outputFiles?.map(f => f.text).join('\n'),
        })
      }),
  }
  const ctx = await context({
    absWorkingDir: root,
    entryPoints: ['src/main.js'],
    bundle: true,
    write: false,
    outdir: 'out/esbuild',
    platform: 'node',
    format: 'esm',
    external: ['unplugin-redis-lua'],
    plugins: [redisLua(), report],
    logLevel: 'silent',
  })
  await ctx.watch()
  return () => ctx.dispose()
}

interface WatchingCompiler {
  watch: (
    options: object,
    handler: (error: Error | null, stats?: { hasErrors: () => boolean; compilation: { errors: unknown[] } }) => void,
  ) => { close: (callback: () => void) => void }
}

function watchCompiler(
  compiler: WatchingCompiler,
  file: string,
  onBuild: (build: WatchedBuild) => void,
): () => Promise<void> {
  const watching = compiler.watch({ aggregateTimeout: 20 }, (error, stats) => {
    if (error || !stats) return onBuild({ errors: [String(error)] })
    if (stats.hasErrors()) return onBuild({ errors: messages(stats.compilation.errors) })
    void readFile(file, 'utf8').then(output => onBuild({ errors: [], output }))
  })
  return () => new Promise(resolve => watching.close(() => resolve()))
}

const webpack: Watcher = async (root, onBuild) => {
  const { default: webpack } = await import('webpack')
  const { default: redisLua } = await import('../../src/webpack.js')
  const compiler = webpack(webpackConfig(root, 'webpack', redisLua()))
  return watchCompiler(compiler as unknown as WatchingCompiler, outFile(root, 'webpack'), onBuild)
}

const rspack: Watcher = async (root, onBuild) => {
  const { rspack } = await import('@rspack/core')
  const { default: redisLua } = await import('../../src/rspack.js')
  const compiler = rspack(webpackConfig(root, 'rspack', redisLua()) as Parameters<typeof rspack>[0])
  return watchCompiler(compiler as unknown as WatchingCompiler, outFile(root, 'rspack'), onBuild)
}

const WATCHERS: Record<string, Watcher> = { rollup, esbuild, webpack, rspack }

/** Watches a copy of the app whose script includes the missing `lib/later`, checks the first build fails, then creates it. */
async function createMissingInclude(watcher: Watcher, then: (builds: WatchedBuild[]) => Promise<void>): Promise<void> {
  const fixture = await copyFixture('app')
  const { root } = fixture
  await writeFile(path.join(root, 'src/main.js'), "import early from '../lua/early.lua'\nexport default early\n")
  await writeFile(path.join(root, 'lua/early.lua'), '%include "lib/later"\nreturn later\n')
  const builds: WatchedBuild[] = []
  const stop = await watcher(root, build => builds.push(build))
  try {
    await until(() => builds.length > 0)
    expect(builds[0].errors.join('\n')).toContain('cannot find include "lib/later"')
    // Watchers that poll compare modification times: a file created in the same instant can go unseen.
    await sleep(100)
    await writeFile(path.join(root, 'lua/lib/later.lua'), 'local later = "created_later"\n')
    await then(builds)
  } finally {
    await stop()
    await fixture.remove()
  }
}

const rebuilt = (builds: WatchedBuild[]) => builds.some(build => build.output?.includes('created_later'))

describe('a missing include created later rebuilds its importer in watch mode', () => {
  it.each(Object.keys(WATCHERS))('%s', async name => {
    await createMissingInclude(WATCHERS[name], builds => until(() => rebuilt(builds)))
  })

  // Rolldown (and so `vite build --watch`) watches only paths that exist: docs/reference.md says so. When this
  // fails, Rolldown has learnt to watch missing paths: move it up and drop the caveat in docs/reference.md.
  it('Rolldown does not rebuild: its watcher skips a path that does not exist yet', async () => {
    await createMissingInclude(rolldown, async builds => {
      await sleep(1_500)
      expect(builds.length).toBe(1)
    })
  })
})

describe('an include created where it would be found first rebuilds its importer', () => {
  it('rollup: a file next to the script shadows the one found in an include dir', async () => {
    const fixture = await copyFixture('app')
    const { root } = fixture
    await writeFile(path.join(root, 'src/main.js'), "import uses from '../lua/uses.lua'\nexport default uses\n")
    await writeFile(path.join(root, 'lua/uses.lua'), '%include "util"\nreturn util\n')
    await mkdir(path.join(root, 'shared'))
    await writeFile(path.join(root, 'shared/util.lua'), 'local util = "from_shared"\n')
    const builds: WatchedBuild[] = []
    const stop = await rollupWith([path.join(root, 'shared')])(root, build => builds.push(build))
    try {
      await until(() => builds.length > 0)
      expect(builds[0].output).toContain('from_shared')
      await sleep(100)
      await writeFile(path.join(root, 'lua/util.lua'), 'local util = "from_beside"\n')
      await until(() => builds.some(build => build.output?.includes('from_beside')))
    } finally {
      await stop()
      await fixture.remove()
    }
  })
})

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

async function until(done: () => boolean, timeout = 8_000): Promise<void> {
  for (const deadline = Date.now() + timeout; !done(); await sleep(25)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms`)
  }
}
