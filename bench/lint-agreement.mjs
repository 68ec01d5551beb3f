// Checks the compiler's fast lint path (src/core/quick-lint.ts) against the precise one: whenever
// certainlyClean() calls a script clean, preciseLint() must find nothing in it. Inputs: every .lua file
// of the repository's tests and playground, the generated corpus, thousands of corpus scripts with a
// line inserted, removed or made global, small scripts of every construct with tokens edited, and
// scripts at Lua 5.1's limits. Run after a build:
//
//   node bench/lint-agreement.mjs [mutations]      (BENCH_DIST=<dir> for another build output)
//
// Prints how many inputs each path called clean; exits 1 on a disagreement that matters.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { generateCorpus, readCorpus } from './corpus.mjs'
import { BENCH_DIR, fromDist } from './lib.mjs'

const MUTATIONS = Number(process.argv[2] ?? 3000)
const { compile, REDIS_GLOBALS } = await fromDist('core/index.js')
const { preciseLint } = await fromDist('core/lint.js')
const { certainlyClean } = await fromDist('core/quick-lint.js')

/** The lint input of a compiled script: its declarations are the generated `local name = ...` lines. */
function lintInput(result) {
  const lines = result.lua.split('\n')
  const declarations = [
    ...result.keys.map(name => ({ kind: 'key', name })),
    ...result.args.map(arg => ({ kind: 'arg', name: arg.name })),
  ]
    .map(d => ({
      ...d,
      file: '',
      line: 1,
      column: 0,
      chain: [],
      outputLine: lines.findIndex(line => line.startsWith(`local ${d.name} = `)) + 1,
    }))
    .filter(d => d.outputLine > 0)
  return { lua: result.lua, declarations, allowedGlobals: REDIS_GLOBALS }
}

const repo = path.join(BENCH_DIR, '..')
const inputs = []
const files = execFileSync('git', ['ls-files', '*.lua'], { cwd: repo, encoding: 'utf8' }).split('\n').filter(Boolean)
for (const file of files.map(f => path.join(repo, f))) {
  const readFile = f => {
    try {
      return readFileSync(f, 'utf8')
    } catch {
      return undefined
    }
  }
  inputs.push({ ...lintInput(compile(file, { root: repo, readFile })), tag: 'repository' })
}
const corpus = generateCorpus(100)
const texts = readCorpus(corpus)
const scripts = corpus.entries.map(entry =>
  lintInput(compile(path.join(corpus.root, entry), { root: corpus.root, readFile: f => texts.get(f) })),
)
inputs.push(...scripts.map(input => ({ ...input, tag: 'corpus' })))

let seed = 42
const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
const pick = list => list[Math.floor(random() * list.length)]
const SNIPPETS = [
  'x = 1',
  'local y = undefined_global',
  'redis.foo = 1',
  'KEYS[1] = 2',
  'local a = KEYS[1]',
  'local b = ARGV[2]',
  'print(1)',
  'local n = 0x1.8',
  'local n = 1..2',
  'local n = 3e',
  'local n = 0x1p4',
  'local n = .5',
  'local n = 5.',
  'local s = "1.2.3"',
  'f(, 1)',
  'return , 1',
  'return 1, 2, 3',
  'local x = f( -- c\n, 1)',
  'for i = i, 10 do end',
  'for k, v in pairs(k) do end',
  'for _, v in ipairs({}) do for _, w in ipairs({}) do end end',
  'function g() end',
  'local function h(...) return arg end',
  'local t = {} function t:m() return self end',
  'function string.x() end',
  'local z = ((((((1))))))',
  'do local self = 1 end',
  'goto done',
  'local KEYS = {}',
  'local ARGV = 1 return ARGV',
  'local c = cjson',
  'local tonumber = tonumber',
  'local function r(a) return function() return a end end',
  'repeat local u = 1 until u',
  'local e = {...}',
  'local w w = function() return w end',
  'local v = 1 v = v + 1',
  'local q = -(-(-1))',
  'local p = not not true',
]
for (let i = 0; i < MUTATIONS; i++) {
  const source = pick(scripts)
  const lines = source.lua.split('\n')
  const at = Math.floor(random() * (lines.length + 1))
  const kind = random()
  let tag = 'remove a line'
  if (kind < 0.6) lines.splice(at, 0, (tag = pick(SNIPPETS)))
  else if (kind < 0.8) lines.splice(at, 1)
  else if (lines[at]?.includes('local ')) {
    tag = 'drop a `local`'
    lines[at] = lines[at].replace('local ', '')
  }
  const declarations = source.declarations.filter(d => lines[d.outputLine - 1]?.startsWith(`local ${d.name} = `))
  inputs.push({ ...source, lua: lines.join('\n'), declarations, tag })
}
const plain = (lua, tag) => inputs.push({ lua, declarations: [], allowedGlobals: REDIS_GLOBALS, tag })

// Small scripts of every construct, with tokens deleted, inserted, replaced or swapped.
const PIECES = [
  'x = 1',
  'local a = x',
  'local a, b = x, y',
  'local a',
  'x, y = y, x',
  't.k = 1',
  't[x] = y',
  't.a.b = 1',
  'f(x)',
  'f(x, y)',
  'f()',
  'f"s"',
  'f{1, 2}',
  'f[[s]]',
  't:m(1)',
  't:m"s"',
  't:m{}',
  'x = t.k',
  'x = t[1]',
  'x = #t',
  'x = -x',
  'x = not x',
  'x = x .. y .. "z"',
  'x = 1 + 2 * 3 ^ 4',
  'x = (x)',
  'x = (f(x))',
  'x = f(x)(y)',
  'x = {}',
  'x = {1, 2, 3}',
  'x = {a = 1, b = 2}',
  'x = {[1] = 2}',
  'x = {1; 2}',
  'x = {a = 1,}',
  'x = function() end',
  'x = function(a, b) return a end',
  'x = function(...) return ... end',
  'local function g() end',
  'local function g(a) return g end',
  'function t.f() end',
  'function t:m() return self end',
  'function t.a.b:m(x) return x end',
  'do local z = 1 end',
  'while x do x = nil end',
  'while x do break end',
  'repeat local z = x until z',
  'repeat break until x',
  'if x then y = 1 elseif y then x = 2 else x = 3 end',
  'for i = 1, 10, 2 do x = i end',
  'for k, v in pairs(t) do x = v end',
  'for k in next, t do end',
  'return',
  'return x, y',
  'return;',
  'x = 1e3',
  'x = 0x1F',
  'x = .5',
  'x = 3.',
  'x = "a\\nb"',
  'x = [==[a]]b]==]',
  '-- comment',
  '--[[ long\ncomment ]]',
  'x = KEYS[1]',
  'x = a and b or c',
  'x = a ~= b',
]
const TOKENS = [
  'end',
  'do',
  'then',
  'else',
  'elseif',
  'if',
  'while',
  'for',
  'in',
  'repeat',
  'until',
  'function',
  'local',
  'return',
  'break',
  'nil',
  'and',
  'or',
  'not',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '[[',
  ']]',
  '=',
  '==',
  '~=',
  '<=',
  ',',
  ';',
  ':',
  '.',
  '..',
  '...',
  '+',
  '-',
  '^',
  '#',
  '~',
  '//',
  '!',
  'x',
  't',
  'f',
  'self',
  'goto',
  'arg',
  'KEYS',
  'unknown',
  '1',
  '0x',
  '1e',
  '1..2',
  '0x1.8',
  '"s"',
  '"\\300"',
  '"\\\n"',
  '[=[s]=]',
  '--',
  '\n',
  '\r',
  '\r\n',
  '#!lua',
]
const TOKEN_RE =
  /\[=*\[[\s\S]*?\]=*\]|--\[\[[\s\S]*?\]\]|--[^\n]*|"(?:\\.|[^"\\])*"|\d+\.?\d*(?:e[+-]?\d+)?|0x\w+|\.\d+|\.\.\.|\.\.|[=~<>]=|[A-Za-z_]\w*|\S/g
const SEPARATORS = [' ', ' ', '\n', '\t', '\r\n']
for (let i = 0; i < MUTATIONS * 5; i++) {
  const body = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(PIECES)).join('\n')
  const tokens = (
    random() < 0.4 ? `while x do\n${body}\nend` : random() < 0.5 ? `local function h(...)\n${body}\nend` : body
  ).match(TOKEN_RE)
  for (let edit = Math.floor(random() * 3); edit > 0; edit--) {
    const at = Math.floor(random() * tokens.length)
    const kind = random()
    if (kind < 0.3) tokens.splice(at, 1)
    else if (kind < 0.6) tokens.splice(at, 0, pick(TOKENS))
    else if (kind < 0.8) tokens[at] = pick(TOKENS)
    else if (at + 1 < tokens.length) [tokens[at], tokens[at + 1]] = [tokens[at + 1], tokens[at]]
  }
  plain(
    `local t, x, y, a, b, f = {}, 1, 2, 3, 4, tostring\n${tokens.map((t, j) => (j ? pick(SEPARATORS) : '') + t).join('')}`,
    'token edits',
  )
}
const locals = n => Array.from({ length: n }, (_, i) => `local v${i} = ${i}`).join('\n')
for (const n of [199, 200, 201]) plain(`${locals(n)}\nreturn v0`, 'locals limit')
for (const n of [59, 60, 61])
  plain(
    `${locals(n)}\nlocal function f()\n  return ${Array.from({ length: n }, (_, i) => `v${i}`).join(' + ')}\nend\nreturn f`,
    'upvalue limit',
  )
for (const n of [60, 150, 199, 200, 201])
  plain(`return ${Array.from({ length: n }, (_, i) => `'${i}'`).join(' .. ')}`, 'levels (concatenation)')
for (const n of [60, 98, 99, 100, 150]) plain(`return ${'('.repeat(n)}1${')'.repeat(n)}`, 'levels (parentheses)')
for (const n of [240, 248, 249, 250])
  plain(`return redis.call(${Array.from({ length: n }, (_, i) => String(i)).join(', ')})`, 'register limit')

const byTag = new Map()
let wrong = 0
for (const input of inputs) {
  const fast = certainlyClean(input)
  const findings = preciseLint(input)
  const counts = byTag.get(input.tag) ?? { inputs: 0, fastClean: 0, preciseClean: 0 }
  byTag.set(input.tag, counts)
  counts.inputs++
  if (fast) counts.fastClean++
  if (!findings.length) counts.preciseClean++
  if (fast && findings.length) {
    wrong++
    console.error(`DISAGREE (${input.tag}): fast path says clean, precise pass says ${JSON.stringify(findings[0])}`)
  }
}
console.table(Object.fromEntries([...byTag].sort((a, b) => b[1].inputs - a[1].inputs)))
console.log(
  `${inputs.length} inputs, ${wrong} disagreements (the fast path may only be more careful than the precise one)`,
)
process.exit(wrong ? 1 : 0)
