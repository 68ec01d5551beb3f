// Row 7: Vite build. An app importing every entry script of the corpus (500), built with the plugin,
// against the same app importing the same files with `?raw` (plain text, no plugin). Both are SSR
// builds (a service that runs scripts on Redis), not written to disk, interleaved in one process.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { generateCorpus } from '../corpus.mjs'
import { costRatio, DIST_DIR, fmt, fromDist, interleave, median, settle, size } from '../lib.mjs'

export const id = 'vite-build'
export const title = 'Vite build'

/** Writes `main.js` (plugin) and `main-raw.js` (`?raw`) into the corpus; returns their names. */
export function writeApp(corpus) {
  const imports = query => corpus.entries.map((entry, i) => `import s${i} from './${entry}${query}'`)
  const list = `export default [${corpus.entries.map((_, i) => `s${i}`).join(', ')}]`
  writeFileSync(path.join(corpus.root, 'main.js'), [...imports(''), list, ''].join('\n'))
  writeFileSync(path.join(corpus.root, 'main-raw.js'), [...imports('?raw'), list, ''].join('\n'))
  return { plugin: 'main.js', raw: 'main-raw.js' }
}

export async function run() {
  const entries = size(500, 100)
  const rounds = size(5, 2)
  const { build, version } = await import('vite')
  const redisLua = (await fromDist('vite.js')).default
  const corpus = generateCorpus(entries)
  const app = writeApp(corpus)
  const config = (input, plugins) => ({
    root: corpus.root,
    configFile: false,
    envFile: false,
    logLevel: 'silent',
    plugins,
    // The package is not installed under its own name here: point the generated imports at the build.
    resolve: { alias: { 'unplugin-redis-lua/runtime': path.join(DIST_DIR, 'runtime/index.js') } },
    build: { ssr: input, write: false, minify: false, reportCompressedSize: false },
  })
  const sizes = {}
  const variant = (name, input, plugins) => async () => {
    const output = await build(config(input, plugins()))
    const chunks = (Array.isArray(output) ? output : [output]).flatMap(o => o.output)
    sizes[name] = chunks.reduce((sum, chunk) => sum + (chunk.code?.length ?? 0), 0)
  }
  const { compile, generateModule } = await fromDist('core/index.js')
  const { fsHost } = await fromDist('node/fs-host.js')
  const files = corpus.entries.map(entry => path.join(corpus.root, entry))
  // The modules the plugin generates, made beforehand: bundling them alone is the build's share.
  const generated = new Map(files.map(file => [file, generateModule(compile(file, { ...fsHost, root: corpus.root }))]))
  const prebuilt = { name: 'bench-prebuilt-modules', load: id => generated.get(id) ?? null }
  const times = await interleave({
    plugin: variant('plugin', app.plugin, () => [redisLua()]),
    raw: variant('raw', app.raw, () => []),
    modules: variant('modules', app.plugin, () => [prebuilt]),
    // What the plugin's load hooks do besides handing modules to Vite: compile each script from disk.
    compile: () => { for (const file of files) compile(file, { ...fsHost, root: corpus.root }) },
  }, { rounds, warmup: 1, between: settle })
  const ratio = costRatio(times.plugin, times.raw)
  const compileShare = median(times.compile.map((ms, i) => ms / times.plugin[i]))
  const moduleBytes = [...generated.values()].reduce((sum, code) => sum + code.length, 0)
  return {
    lines: [
      { measure: `vite build of an app importing ${fmt.int(entries)} scripts, plugin vs ?raw`, baseline: fmt.ms(median(times.raw)), subject: fmt.ms(median(times.plugin)), ratio, goal: '<= 1.50x', met: ratio <= 1.5 },
      { measure: `compile() alone of the same scripts from disk, vs the ?raw build (${(compileShare * 100).toFixed(0)}% of the plugin build)`, baseline: fmt.ms(median(times.raw)), subject: fmt.ms(median(times.compile)), ratio: costRatio(times.compile, times.raw), goal: '(reported)', met: null },
      { measure: `building the generated modules alone (${fmt.mb(moduleBytes)}, made beforehand), vs the ?raw build`, baseline: fmt.ms(median(times.raw)), subject: fmt.ms(median(times.modules)), ratio: costRatio(times.modules, times.raw), goal: '(reported)', met: null },
    ],
    notes: [`vite build: Vite ${version}, SSR build, write: false, minify: false, default plugin options (sidecars written once, then left alone); output ${fmt.mb(sizes.plugin)} with the plugin (rendered scripts with includes, line maps) vs ${fmt.mb(sizes.raw)} raw; median of ${rounds} interleaved rounds after a warm-up round`],
  }
}
