import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Configuration as WebpackConfig, WebpackPluginInstance } from 'webpack'

/** Where a bundler placed an error, when it keeps that at all (webpack, Rspack and Farm keep only text). */
export interface ErrorLoc {
  file?: string
  line: number
  column: number
}

/** What a bundler reported for one failure: the text users see and the location it kept. */
export interface BuildError {
  text: string
  loc?: ErrorLoc
}

/** The result of one build: the ESM entry it wrote, or the errors; the warnings; the watched files where exposed. */
export interface BuildOutcome {
  file?: string
  errors: BuildError[]
  warnings: string[]
  watchFiles?: string[]
}

/** Builds `<root>/src/main.js` with the plugin into `<root>/out/<bundler>/main.js`, for Node, as ESM. */
export type Bundler = (root: string) => Promise<BuildOutcome>

const ENTRY = 'src/main.js'
const RUNTIME = /^unplugin-redis-lua\//
/** Where a bundler named `name` writes the entry of a fixture at `root`. */
export const outFile = (root: string, name: string) => path.join(root, 'out', name, 'main.js')

async function vite(root: string): Promise<BuildOutcome> {
  const { build } = await import('vite')
  const { default: redisLua } = await import('../../src/vite.js')
  const file = outFile(root, 'vite')
  return attempt(async onwarn => {
    const rolldownOptions = { output: { entryFileNames: 'main.js' }, onwarn }
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [redisLua()],
      build: { ssr: ENTRY, outDir: path.dirname(file), minify: false, rolldownOptions },
    })
    return { file, errors: [] }
  })
}

async function rollup(root: string): Promise<BuildOutcome> {
  const { rollup } = await import('rollup')
  const { default: redisLua } = await import('../../src/rollup.js')
  const file = outFile(root, 'rollup')
  return attempt(async onwarn => {
    // Rollup has no root of its own (the plugin would take the working directory): say where it is.
    const plugins = [redisLua({ root })]
    const bundle = await rollup({
      input: path.join(root, ENTRY),
      plugins,
      external: RUNTIME,
      onwarn,
    })
    await bundle.write({ file, format: 'es' })
    await bundle.close()
    return { file, errors: [], watchFiles: bundle.watchFiles }
  })
}

async function rolldown(root: string): Promise<BuildOutcome> {
  const { rolldown } = await import('rolldown')
  const { default: redisLua } = await import('../../src/rolldown.js')
  const file = outFile(root, 'rolldown')
  return attempt(async onwarn => {
    const bundle = await rolldown({
      input: path.join(root, ENTRY),
      cwd: root,
      platform: 'node',
      plugins: [redisLua()],
      onwarn,
    })
    await bundle.write({ file, format: 'esm' })
    const watchFiles = await bundle.watchFiles
    await bundle.close()
    return { file, errors: [], watchFiles }
  })
}

interface EsbuildMessage {
  text: string
  location: { file: string; line: number; column: number } | null
}

async function esbuild(root: string): Promise<BuildOutcome> {
  const { build } = await import('esbuild')
  const { default: redisLua } = await import('../../src/esbuild.js')
  const file = outFile(root, 'esbuild')
  const texts = (messages: EsbuildMessage[]) => messages.map(m => m.text)
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [ENTRY],
      outfile: file,
      bundle: true,
      format: 'esm',
      platform: 'node',
      plugins: [redisLua()],
      logLevel: 'silent',
    })
    return { file, errors: [], warnings: texts(result.warnings) }
  } catch (error) {
    const { errors, warnings } = error as { errors?: EsbuildMessage[]; warnings: EsbuildMessage[] }
    if (!errors) throw error
    return { errors: errors.map(e => ({ text: e.text, loc: e.location ?? undefined })), warnings: texts(warnings) }
  }
}

/** The webpack (and Rspack) configuration of a fixture build into `out/<name>/main.js`. */
export function webpackConfig(root: string, name: string, plugin: unknown): WebpackConfig {
  const file = outFile(root, name)
  return {
    mode: 'none',
    context: root,
    entry: `./${ENTRY}`,
    target: 'node',
    devtool: false,
    output: {
      path: path.dirname(file),
      filename: path.basename(file),
      module: true,
      library: { type: 'module' },
      chunkFormat: 'module',
    },
    experiments: { outputModule: true },
    optimization: { minimize: false },
    plugins: [plugin as WebpackPluginInstance],
    infrastructureLogging: { level: 'none' },
  }
}

interface StatsLike {
  hasErrors: () => boolean
  compilation: { errors: { message: string }[]; warnings: { message: string }[]; fileDependencies: Iterable<string> }
}

interface CompilerLike {
  run: (callback: (error: Error | null, stats?: StatsLike) => void) => void
  close: (callback: () => void) => void
}

async function webpack(root: string): Promise<BuildOutcome> {
  const { default: webpack } = await import('webpack')
  const { default: redisLua } = await import('../../src/webpack.js')
  return runCompiler(
    webpack(webpackConfig(root, 'webpack', redisLua())) as unknown as CompilerLike,
    outFile(root, 'webpack'),
  )
}

async function rspack(root: string): Promise<BuildOutcome> {
  const { rspack } = await import('@rspack/core')
  const { default: redisLua } = await import('../../src/rspack.js')
  const config = webpackConfig(root, 'rspack', redisLua()) as Parameters<typeof rspack>[0]
  return runCompiler(rspack(config) as unknown as CompilerLike, outFile(root, 'rspack'))
}

// `unplugin-redis-lua/loader` in `module.rules` instead of the plugin (what Next.js's Turbopack takes too).
const LOADER = fileURLToPath(new URL('../../dist/loader.js', import.meta.url))
const loaderRules = { rules: [{ test: /\.lua$/, use: [{ loader: LOADER }] }] }

async function webpackLoader(root: string): Promise<BuildOutcome> {
  const { default: webpack } = await import('webpack')
  const config = { ...webpackConfig(root, 'webpack-loader', undefined), plugins: [], module: loaderRules }
  return runCompiler(webpack(config) as unknown as CompilerLike, outFile(root, 'webpack-loader'))
}

async function rspackLoader(root: string): Promise<BuildOutcome> {
  const { rspack } = await import('@rspack/core')
  const config = { ...webpackConfig(root, 'rspack-loader', undefined), plugins: [], module: loaderRules }
  return runCompiler(
    rspack(config as Parameters<typeof rspack>[0]) as unknown as CompilerLike,
    outFile(root, 'rspack-loader'),
  )
}

/** webpack and Rspack report errors in the stats, never by throwing. */
function runCompiler(compiler: CompilerLike, file: string): Promise<BuildOutcome> {
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => {
        if (error || !stats) return reject(error ?? new Error('no stats'))
        const { errors, warnings, fileDependencies } = stats.compilation
        const outcome = {
          errors: errors.map(e => ({ text: e.message })),
          warnings: warnings.map(w => w.message),
          watchFiles: [...fileDependencies],
        }
        resolve(stats.hasErrors() ? outcome : { file, ...outcome })
      })
    })
  })
}

/** The script that builds (or watches) a fixture with Farm in a child process. */
export const FARM_BUILD = fileURLToPath(new URL('farm-build.js', import.meta.url))

// Farm ends the process when a build fails, so it builds in a child process; it prints warnings and errors.
async function farm(root: string): Promise<BuildOutcome> {
  const { code, output } = await spawnNode([FARM_BUILD, root])
  return code === 0
    ? { file: outFile(root, 'farm'), errors: [], warnings: [output] }
    : { errors: [{ text: output }], warnings: [] }
}

function spawnNode(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    for (const stream of [child.stdout, child.stderr])
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk
      })
    child.on('error', reject).on('close', code => resolve({ code, output }))
  })
}

/** Runs `build` with an `onwarn` (Rollup's, Rolldown's, Vite's) that collects the outcome's warnings; a throw is errors. */
async function attempt(
  build: (onwarn: (warning: { message: string }) => void) => Promise<Omit<BuildOutcome, 'warnings'>>,
): Promise<BuildOutcome> {
  const warnings: string[] = []
  try {
    return { ...(await build(warning => void warnings.push(warning.message))), warnings }
  } catch (error) {
    // Rolldown (and Vite on it) throw one error that holds each plugin error in `errors`.
    const { errors = [error] } = error as { errors?: unknown[] }
    return { errors: errors.map(e => ({ text: (e as Error).message, loc: (e as { loc?: ErrorLoc }).loc })), warnings }
  }
}

/** Every bundler the plugin supports, by name. */
export const BUNDLERS: Record<string, Bundler> = {
  vite,
  rollup,
  rolldown,
  esbuild,
  webpack,
  rspack,
  farm,
  'webpack-loader': webpackLoader,
  'rspack-loader': rspackLoader,
}
