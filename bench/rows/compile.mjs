// Row 5: compile time. compile() of every entry of the generated corpus (500 entries sharing 50
// includes, one compile session per round as in a build) against Lua 5.1.5's compiler alone (the WebAssembly
// build compile() runs, one instance per round) on the very text compile() renders. Files are read into memory
// first: no disk in either.
import path from 'node:path'
import { generateCorpus, readCorpus } from '../corpus.mjs'
import { atMost, costRatio, fmt, fromDist, interleave, median, settle, size } from '../lib.mjs'

export const id = 'compile'
export const title = 'Compile'

export async function run() {
  const entries = size(500, 100)
  const rounds = size(7, 3)
  const { compile, createCompileSession } = await fromDist('core/index.js')
  const { createLuaCompiler } = await fromDist('core/lua-compiler.js')
  const dialect = { chunkname: '@user_script', nestedLongBrackets: true }
  // A fresh instance each round too, as a build's session starts one (its memory grows in the first checks).
  const luaAlone = scripts => () => {
    const lua51 = createLuaCompiler()
    for (const lua of scripts) if (lua51.check(lua, dialect)) throw new Error('Lua refused a corpus script')
  }
  const corpus = generateCorpus(entries)
  const texts = readCorpus(corpus)
  const files = corpus.entries.map(entry => path.join(corpus.root, entry))
  const options = { root: corpus.root, readFile: file => texts.get(file), session: createCompileSession() }
  const rendered = files.map(file => {
    const result = compile(file, options)
    if (result.diagnostics.length)
      throw new Error(`corpus entry ${file} has diagnostics: ${result.diagnostics[0].message}`)
    return result.lua
  })
  const lines = rendered.reduce((sum, lua) => sum + lua.split('\n').length, 0)
  const times = await interleave(
    {
      // A fresh session each round: one round is one build (each include parsed and linted once in it).
      compile: () => {
        const build = { ...options, session: createCompileSession() }
        for (const file of files) compile(file, build)
      },
      lua: luaAlone(rendered),
    },
    { rounds, warmup: 1, between: settle },
  )
  const ratio = costRatio(times.compile, times.lua)

  // The same entries with one unused `%arg` each: every script has a warning (a lint finding to place).
  const flawedCount = size(100, 30)
  const flawedTexts = new Map(texts)
  for (const file of files.slice(0, flawedCount))
    flawedTexts.set(file, `--%arg bench_unused integer\n${texts.get(file)}`)
  const flawedOptions = { root: corpus.root, readFile: file => flawedTexts.get(file), session: createCompileSession() }
  const flawedFiles = files.slice(0, flawedCount)
  const flawedRendered = flawedFiles.map(file => {
    const result = compile(file, flawedOptions)
    if (result.diagnostics.map(d => d.code).join() !== 'unused-declaration')
      throw new Error(`flawed entry ${file} should have one warning`)
    return result.lua
  })
  const flawed = await interleave(
    {
      compile: () => {
        const build = { ...flawedOptions, session: createCompileSession() }
        for (const file of flawedFiles) compile(file, build)
      },
      lua: luaAlone(flawedRendered),
    },
    { rounds, warmup: 1, between: settle },
  )
  const flawedRatio = costRatio(flawed.compile, flawed.lua)
  return {
    lines: [
      {
        measure: `compile() vs Lua 5.1.5's compiler alone on the rendered text, ${fmt.int(entries)} entries (${fmt.int(Math.round(lines / entries))} rendered lines each)`,
        baseline: fmt.ms(median(times.lua)),
        subject: fmt.ms(median(times.compile)),
        ...atMost(ratio, 1.5),
      },
      {
        measure: `the same for ${fmt.int(flawedCount)} entries that each have a warning`,
        baseline: fmt.ms(median(flawed.lua)),
        subject: fmt.ms(median(flawed.compile)),
        ...atMost(flawedRatio, 1.5),
      },
    ],
    notes: [
      `compile: corpus of ${fmt.int(entries)} entries and ${corpus.includes.length} includes (bench/corpus.mjs), ${fmt.int(lines)} rendered lines in all, no diagnostics; median of ${rounds} interleaved rounds after a warm-up round, a full GC before each; ratio = subject / baseline time, lower is better. each round is one build with its own compile session; compile() = render + Lua 5.1.5's compiler + one lint pass (src/core/lint-pass.ts), which reads each distinct include text once per build; 5b adds an unused \`%arg\` to each entry, so every one has a warning`,
    ],
  }
}
