// One size of row 6, in its own process: compiles every entry of the corpus of that size and prints
// JSON { ms, maxRssBytes, sampledRssBytes, entries, files, renderedLines }. Results are not kept (as in `redis-lua
// check`): the peak is the compiler's own working set plus the corpus text held in memory.
import path from 'node:path'
import { generateCorpus, readCorpus } from '../corpus.mjs'
import { fromDist } from '../lib.mjs'

const entries = Number(process.argv[2])
const { compile } = await fromDist('core/index.js')
const corpus = generateCorpus(entries)
const texts = readCorpus(corpus)
const options = { root: corpus.root, readFile: file => texts.get(file) }
const files = corpus.entries.map(entry => path.join(corpus.root, entry))
// Warm the JIT up on a few entries first, so the smallest size is not mostly warm-up.
for (const file of files.slice(0, 50)) compile(file, options)
let sampled = process.memoryUsage.rss()
let diagnostics = 0
let renderedLines = 0
const start = performance.now()
for (let i = 0; i < files.length; i++) {
  const result = compile(files[i], options)
  diagnostics += result.diagnostics.length
  renderedLines += lineCount(result.lua)
  if (i % 25 === 0) sampled = Math.max(sampled, process.memoryUsage.rss())
}
const ms = performance.now() - start
sampled = Math.max(sampled, process.memoryUsage.rss())
if (diagnostics) throw new Error(`corpus ${entries} has ${diagnostics} diagnostics`)
process.stdout.write(
  JSON.stringify({
    ms,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    sampledRssBytes: sampled,
    entries,
    files: texts.size,
    renderedLines,
  }),
)

function lineCount(text) {
  let count = 0
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++
  return count
}
