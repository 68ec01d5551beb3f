// Row 8: Vite dev server. Every entry script of the corpus is transformed once; then an include is
// edited (a shared leaf, a middle file, a file entries include directly), and every entry is requested
// again, as a browser does after the reload: a counting plugin records which modules Vite transforms
// again. Only the scripts that render the edited include (from the corpus manifest) should be.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { generateCorpus } from '../corpus.mjs'
import { DIST_DIR, fmt, fromDist, since, size } from '../lib.mjs'

export const id = 'vite-dev'
export const title = 'Vite dev'

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

export async function run() {
  const entries = size(500, 100)
  const { createServer, version } = await import('vite')
  const redisLua = (await fromDist('vite.js')).default
  const corpus = generateCorpus(entries)
  const transformed = []
  const server = await createServer({
    root: corpus.root,
    configFile: false,
    envFile: false,
    logLevel: 'silent',
    server: { middlewareMode: true, ws: false },
    resolve: { alias: { 'unplugin-redis-lua/runtime': path.join(DIST_DIR, 'runtime/index.js') } },
    plugins: [
      redisLua(),
      {
        name: 'bench-count-transforms',
        enforce: 'post',
        transform(_code, id) {
          if (id.endsWith('.lua')) transformed.push(id)
        },
      },
    ],
  })
  const env = server.environments.client
  const payloads = []
  const send = env.hot.send.bind(env.hot)
  env.hot.send = payload => {
    payloads.push(payload)
    send(payload)
  }
  const edited = new Map()
  try {
    const watching = new Promise(resolve => (server.watcher.once('ready', resolve), setTimeout(resolve, 5000)))
    const requestAll = async () => {
      const start = performance.now()
      for (const entry of corpus.entries) await env.transformRequest(`/${entry}`)
      return since(start)
    }
    const payloadAfter = async count => {
      const deadline = Date.now() + 10_000
      while (payloads.length === count && Date.now() < deadline) await sleep(20)
      if (payloads.length === count) throw new Error('no HMR payload after an edit')
    }
    const initialMs = await requestAll()
    const initial = transformed.length
    await watching
    const pick = (from, to) =>
      corpus.includes
        .slice(from, to)
        .reduce((best, file) => (corpus.importers[file].length > corpus.importers[best].length ? file : best))
    const leaves = Math.round(corpus.includes.length * 0.2)
    const middles = Math.round(corpus.includes.length * 0.4)
    const targets = [
      ['shared leaf', pick(0, leaves)],
      ['middle include', pick(leaves, leaves + middles)],
      ['top include', pick(leaves + middles, corpus.includes.length)],
    ]
    const lines = []
    for (const [kind, include] of targets) {
      const file = path.join(corpus.root, include)
      const original = readFileSync(file, 'utf8')
      edited.set(file, original)
      await sleep(150) // the watcher drops a change that follows the previous one too closely
      const before = payloads.length
      transformed.length = 0
      writeFileSync(file, `${original}-- edited by the benchmark\n`)
      await payloadAfter(before)
      const againMs = await requestAll()
      const again = new Set(transformed.map(id => path.relative(corpus.root, id)))
      const expected = new Set(corpus.importers[include])
      const exact = again.size === expected.size && [...expected].every(entry => again.has(entry))
      const extra = [...again].filter(entry => !expected.has(entry)).length
      const missed = [...expected].filter(entry => !again.has(entry)).length
      lines.push({
        measure: `edit a ${kind} (${include}): entries transformed again, of ${fmt.int(entries)} (${fmt.ms(againMs)} to request all again)`,
        baseline: `${fmt.int(expected.size)} importers`,
        subject: `${fmt.int(again.size)} transformed${exact ? ', same set' : `, ${extra} extra, ${missed} missed`}`,
        ratio: again.size / expected.size,
        goal: 'only its importers',
        met: exact,
      })
      await sleep(150)
      const restored = payloads.length
      writeFileSync(file, original)
      edited.delete(file)
      await payloadAfter(restored)
      await requestAll()
    }
    return {
      lines,
      notes: [
        `vite dev: Vite ${version}, middleware-mode server, real file edits seen by Vite's watcher; a counting plugin (enforce: 'post') records transforms; first request of all ${fmt.int(entries)} entries: ${fmt.int(initial)} transforms in ${fmt.ms(initialMs)}`,
      ],
    }
  } finally {
    for (const [file, original] of edited) writeFileSync(file, original)
    await server.close()
  }
}
