// Row 5: compile time. compile() of every entry of the generated corpus (500 entries sharing 50
// includes) against luaparse alone, `luaparse.parse(text, { luaVersion: '5.1' })` with its default
// options, on the very text compile() renders. Files are read into memory first: no disk in either.
import path from 'node:path'
import luaparse from 'luaparse'
import { generateCorpus, readCorpus } from '../corpus.mjs'
import { costRatio, fmt, fromDist, interleave, median, settle, size } from '../lib.mjs'

export const id = 'compile'
export const title = 'Compile'

export async function run() {
  const entries = size(500, 100)
  const rounds = size(7, 3)
  const { compile } = await fromDist('core/index.js')
  const corpus = generateCorpus(entries)
  const texts = readCorpus(corpus)
  const files = corpus.entries.map(entry => path.join(corpus.root, entry))
  const options = { root: corpus.root, readFile: file => texts.get(file) }
  const rendered = files.map((file) => {
    const result = compile(file, options)
    if (result.diagnostics.length) throw new Error(`corpus entry ${file} has diagnostics: ${result.diagnostics[0].message}`)
    return result.lua
  })
  const lines = rendered.reduce((sum, lua) => sum + lua.split('\n').length, 0)
  const times = await interleave({
    compile: () => { for (const file of files) compile(file, options) },
    luaparse: () => { for (const lua of rendered) luaparse.parse(lua, { luaVersion: '5.1' }) },
  }, { rounds, warmup: 1, between: settle })
  const ratio = costRatio(times.compile, times.luaparse)
  return {
    lines: [
      { measure: `compile() vs luaparse alone on the rendered text, ${fmt.int(entries)} entries (${fmt.int(Math.round(lines / entries))} rendered lines each)`, baseline: fmt.ms(median(times.luaparse)), subject: fmt.ms(median(times.compile)), ratio, goal: '<= 1.50x', met: ratio <= 1.5 },
    ],
    notes: [`compile: corpus of ${fmt.int(entries)} entries and ${corpus.includes.length} includes (bench/corpus.mjs), ${fmt.int(lines)} rendered lines in all, no diagnostics; median of ${rounds} interleaved rounds after a warm-up round, a full GC before each; ratio = subject / baseline time, lower is better`],
  }
}
