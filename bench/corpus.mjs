// A generated corpus of realistic Redis Lua scripts for the compile, scaling and Vite rows.
//
//   node bench/corpus.mjs [entries]      writes bench/.corpus/<entries>/ (default 500)
//
// Every 500 entry scripts share 50 include files in three layers: leaves, files
// including two leaves, and files including a middle file and a leaf, so entries reach shared files
// through several paths (diamonds) and every shared file says `%pragma once`. Files are about 150
// lines of ordinary Redis Lua: locals, redis.call, numeric and generic loops, tables, cjson, string
// and math functions, local helper functions, long strings, comments, both directive forms. The
// output is deterministic (a seeded generator), and every entry compiles without a diagnostic.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const VERSION = 4
export const CORPUS_ROOT = fileURLToPath(new URL('./.corpus/', import.meta.url))

/** A small seeded PRNG (mulberry32): the same corpus on every machine. */
function random(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1))
  const pick = list => list[Math.floor(next() * list.length)]
  const chance = p => next() < p
  return { next, int, pick, chance }
}

const WORDS = [
  'user',
  'order',
  'cart',
  'item',
  'score',
  'session',
  'quota',
  'event',
  'token',
  'bucket',
  'stream',
  'member',
  'slot',
  'batch',
  'price',
  'stock',
]
const RETURN_TYPES = ['integer', 'string', 'list', 'dict', 'boolean', 'number']
const ARG_TYPES = ['integer', 'string', 'list', 'dict', 'number', 'boolean', null]

/**
 * Generates Lua statements into `out` (an array of lines) using and extending a scope of typed local
 * names: `num` (numbers), `str` (strings), `tab` (arrays of strings), `map` (string-keyed tables),
 * `key` (Redis keys, strings), and `lib` (callable library functions with their signatures).
 */
class Writer {
  constructor(rng, prefix) {
    this.rng = rng
    this.prefix = prefix
    this.counter = 0
  }

  fresh(kind) {
    return `${kind}_${this.prefix}${++this.counter}`
  }

  word() {
    return this.rng.pick(WORDS)
  }

  /** An expression of `kind` from the scope (or a literal). */
  expr(scope, kind) {
    const { rng } = this
    const names = scope[kind]
    if (names.length && rng.chance(0.85)) return rng.pick(names)
    switch (kind) {
      case 'num':
        return String(rng.int(1, 500))
      case 'str':
        return `'${this.word()}:${rng.int(1, 99)}'`
      case 'key':
        return `'${this.word()}:{${rng.int(1, 9)}}'`
      case 'tab':
        return `{ '${this.word()}', '${this.word()}' }`
      case 'map':
        return `{ ${this.word()} = ${rng.int(1, 9)}, name = '${this.word()}' }`
    }
  }

  /** Appends statements to `out` until it has about `lines` more lines. */
  block(out, scope, indent, lines, depth) {
    const target = out.length + lines
    while (out.length < target) this.statement(out, scope, indent, depth)
  }

  statement(out, scope, indent, depth) {
    const { rng } = this
    const pad = '  '.repeat(indent)
    const e = kind => this.expr(scope, kind)
    const add = (kind, name) => {
      scope[kind].push(name)
      return name
    }
    const choice = rng.int(0, depth > 2 ? 11 : 21)
    switch (choice) {
      case 0: {
        const n = add('num', this.fresh('n'))
        out.push(`${pad}local ${n} = tonumber(redis.call('HGET', ${e('key')}, '${this.word()}')) or ${rng.int(0, 9)}`)
        break
      }
      case 1: {
        const a = e('num'),
          b = e('num')
        const n = add('num', this.fresh('n'))
        out.push(`${pad}local ${n} = math.floor((${a} * ${rng.int(2, 9)} + ${b}) / ${rng.int(2, 7)})`)
        break
      }
      case 2: {
        const a = e('str'),
          b = e('num')
        out.push(`${pad}local ${add('str', this.fresh('s'))} = string.format('%s:%d', ${a}, ${b})`)
        break
      }
      case 3: {
        const a = e('str'),
          b = e('num')
        out.push(`${pad}local ${add('str', this.fresh('s'))} = ${a} .. ':' .. tostring(${b})`)
        break
      }
      case 4: {
        const t = this.fresh('t')
        const s = e('str'),
          count = e('num')
        out.push(`${pad}local ${t} = {}`)
        out.push(`${pad}for i = 1, math.min(${count}, ${rng.int(5, 20)}) do`)
        out.push(`${pad}  ${t}[#${t} + 1] = ${s} .. ':' .. i`)
        out.push(`${pad}end`)
        add('tab', t)
        break
      }
      case 5: {
        const n = e('num'),
          s = e('str'),
          t = e('tab')
        out.push(
          `${pad}local ${add('map', this.fresh('m'))} = { count = ${n}, name = ${s}, tags = ${t}, ${this.word()} = ${rng.int(1, 100)} }`,
        )
        break
      }
      case 6:
        out.push(`${pad}redis.call('SET', ${e('key')} .. ':json', cjson.encode(${e('map')}))`)
        break
      case 7: {
        const k = e('key')
        out.push(
          `${pad}local ${add('map', this.fresh('m'))} = cjson.decode(redis.call('GET', ${k} .. ':json') or '{}')`,
        )
        break
      }
      case 8: {
        const t = e('tab'),
          k = e('key'),
          n = scope.num.length ? rng.pick(scope.num) : null
        out.push(`${pad}for _, item in ipairs(${t}) do`)
        out.push(`${pad}  if string.len(item) > ${rng.int(3, 12)} then`)
        out.push(`${pad}    redis.call('SADD', ${k} .. ':set', item)`)
        if (n) {
          out.push(`${pad}  else`)
          out.push(`${pad}    ${n} = ${n} + 1`)
        }
        out.push(`${pad}  end`)
        out.push(`${pad}end`)
        break
      }
      case 9: {
        const m = e('map'),
          k = e('key')
        out.push(`${pad}for field, value in pairs(${m}) do`)
        out.push(`${pad}  if type(value) == 'number' then`)
        out.push(`${pad}    redis.call('HINCRBY', ${k}, field, value)`)
        out.push(`${pad}  elseif type(value) == 'string' then`)
        out.push(`${pad}    redis.call('HSET', ${k}, field, value)`)
        out.push(`${pad}  end`)
        out.push(`${pad}end`)
        break
      }
      case 10: {
        const k = e('key')
        const n = this.fresh('n')
        out.push(`${pad}local ${n} = 0`)
        out.push(`${pad}while ${n} < ${rng.int(3, 12)} do`)
        out.push(`${pad}  ${n} = ${n} + 1`)
        out.push(`${pad}  if ${n} % 3 == 0 then`)
        out.push(`${pad}    redis.call('LPUSH', ${k} .. ':log', ${n})`)
        out.push(`${pad}  end`)
        out.push(`${pad}end`)
        add('num', n)
        break
      }
      case 11: {
        out.push(
          rng.chance(0.5)
            ? `${pad}-- ${this.word()} ${this.word()}: keep the ${this.word()} in step with the ${this.word()}`
            : '',
        )
        break
      }
      case 12: {
        const f = this.fresh('f')
        out.push(`${pad}local function ${f}(values, limit)`)
        out.push(`${pad}  local result = {}`)
        out.push(`${pad}  for i = 1, math.min(#values, limit) do`)
        out.push(`${pad}    table.insert(result, values[i])`)
        out.push(`${pad}  end`)
        out.push(`${pad}  return result`)
        out.push(`${pad}end`)
        const t = e('tab')
        out.push(`${pad}local ${add('tab', this.fresh('t'))} = ${f}(${t}, ${rng.int(2, 9)})`)
        break
      }
      case 13: {
        if (!scope.lib.length) return this.statement(out, scope, indent, depth)
        const fn = rng.pick(scope.lib)
        const args = fn.params.map(kind => e(kind)).join(', ')
        const name = this.fresh(fn.returns[0])
        out.push(`${pad}local ${name} = ${fn.name}(${args})`)
        add(fn.returns, name)
        break
      }
      case 14: {
        const k = e('key'),
          n = e('num')
        out.push(`${pad}redis.call('EXPIRE', ${k}, ${n} + ${rng.int(60, 3600)})`)
        break
      }
      case 15: {
        const k = e('key')
        out.push(`${pad}if redis.call('EXISTS', ${k}) == 1 then`)
        this.block(out, { ...copy(scope) }, indent + 1, rng.int(2, 6), depth + 1)
        out.push(`${pad}else`)
        this.block(out, { ...copy(scope) }, indent + 1, rng.int(1, 4), depth + 1)
        out.push(`${pad}end`)
        break
      }
      case 16: {
        const s = e('str')
        const ok = this.fresh('ok'),
          value = this.fresh('m')
        out.push(`${pad}local ${ok}, ${value} = pcall(cjson.decode, ${s})`)
        out.push(`${pad}if not ${ok} or type(${value}) ~= 'table' then`)
        out.push(`${pad}  ${value} = {}`)
        out.push(`${pad}end`)
        add('map', value)
        break
      }
      case 17: {
        const t = e('tab')
        out.push(`${pad}local ${add('str', this.fresh('s'))} = table.concat(${t}, ',')`)
        break
      }
      case 18: {
        out.push(`${pad}do`)
        this.block(out, copy(scope), indent + 1, rng.int(3, 8), depth + 1)
        out.push(`${pad}end`)
        break
      }
      case 19: {
        const k = e('key'),
          n = e('num')
        out.push(`${pad}for i = ${rng.int(3, 10)}, 1, -1 do`)
        out.push(`${pad}  redis.call('ZADD', ${k} .. ':z', ${n} * i, '${this.word()}:' .. i)`)
        out.push(`${pad}end`)
        break
      }
      case 20: {
        // A long string whose lines look like directives: they stay text.
        const s = this.fresh('s')
        out.push(`${pad}local ${s} = [[`)
        out.push(`%d ${this.word()} items in ${this.word()}`)
        out.push(`  -- not a comment, %include "nothing"]]`)
        add('str', s)
        break
      }
      case 21: {
        const k = e('key')
        const n = this.fresh('n')
        out.push(`${pad}local ${n} = redis.call('ZCARD', ${k} .. ':z')`)
        out.push(`${pad}if ${n} > ${rng.int(50, 500)} then`)
        out.push(`${pad}  redis.call('ZREMRANGEBYRANK', ${k} .. ':z', 0, ${n} - ${rng.int(10, 50)})`)
        out.push(`${pad}elseif ${n} == 0 then`)
        out.push(`${pad}  redis.call('DEL', ${k} .. ':z')`)
        out.push(`${pad}end`)
        add('num', n)
        break
      }
    }
  }
}

function copy(scope) {
  return {
    num: [...scope.num],
    str: [...scope.str],
    tab: [...scope.tab],
    map: [...scope.map],
    key: [...scope.key],
    lib: scope.lib,
  }
}

/** @typedef {{ num: string[], str: string[], tab: string[], map: string[], key: string[], lib: any[] }} Scope */
/** @returns {Scope} */
const emptyScope = () => ({ num: [], str: [], tab: [], map: [], key: [], lib: [] })

const SIGNATURES = [
  { params: ['key', 'num'], returns: 'num' },
  { params: ['key', 'str'], returns: 'str' },
  { params: ['tab', 'num'], returns: 'tab' },
  { params: ['key', 'map'], returns: 'map' },
  { params: ['str', 'tab'], returns: 'str' },
  { params: ['key', 'tab', 'num'], returns: 'num' },
]

const PARAM_NAMES = { key: 'key', num: 'count', str: 'label', tab: 'values', map: 'record' }

/** One shared library file: a module table of functions; returns its text and exported functions. */
function libraryFile(rng, index, includes, imported) {
  const lib = `lib_${index}`
  const out = [
    `-- ${lib}: shared ${rng.pick(WORDS)} helpers`,
    rng.chance(0.5) ? '%pragma once' : '--%pragma once',
    ...includes.map(file => (rng.chance(0.5) ? `%include "${file}"` : `--%include '${file}'`)),
  ]
  const declared = index % 7 === 3 ? `${lib}_audit` : null
  if (declared) out.push(`%key ${declared}`)
  out.push(`local ${lib} = {}`, '')
  if (declared)
    out.push(`function ${lib}.audit(event)`, `  redis.call('XADD', ${declared}, '*', 'event', event)`, 'end', '')
  const exported = []
  const target = rng.int(130, 170)
  const writer = new Writer(rng, `${index}_`)
  while (out.length < target - 12) {
    const signature = rng.pick(SIGNATURES)
    const name = `${lib}.${rng.pick(WORDS)}_${exported.length + 1}`
    const params = signature.params.map((kind, i) => `${PARAM_NAMES[kind]}${i + 1}`)
    out.push(`function ${name}(${params.join(', ')})`)
    const scope = emptyScope()
    signature.params.forEach((kind, i) => scope[kind].push(params[i]))
    scope.lib = imported
    if (declared) scope.key.push(declared)
    writer.block(out, scope, 1, rng.int(8, 20), 1)
    out.push(`  return ${writer.expr(scope, signature.returns)}`, 'end', '')
    exported.push({ name, params: signature.params, returns: signature.returns })
  }
  return { text: `${out.join('\n')}\n`, exported }
}

const RETURN_EXPR = {
  integer: scope => `math.floor(${scope.num.at(-1) ?? '0'})`,
  number: scope => `${scope.num.at(-1) ?? '0'} / 2`,
  string: scope => scope.str.at(-1) ?? "''",
  list: scope => scope.tab.at(-1) ?? '{}',
  dict: scope => `cjson.encode(${scope.map.at(-1) ?? '{}'})`,
  boolean: scope => `${scope.num.at(-1) ?? '0'} > 0`,
}

/** @type {Record<string, keyof Scope | null>} */
const ARG_KIND = {
  integer: 'num',
  number: 'num',
  string: 'str',
  list: 'tab',
  dict: 'map',
  boolean: null,
  null: 'str',
}

/** One entry script: keys, args, a return type, a few includes, and about 150 lines of body. */
function entryFile(rng, index, includes, libs) {
  const out = [`-- entry ${index}: ${rng.pick(WORDS)} ${rng.pick(WORDS)}`]
  const scope = emptyScope()
  const keyCount = rng.int(1, 3)
  for (let k = 0; k < keyCount; k++) {
    const name = `${rng.pick(WORDS)}_key_${k + 1}`
    out.push(rng.chance(0.7) ? `%key ${name}` : `--%key ${name}`)
    scope.key.push(name)
  }
  const argCount = rng.int(2, 4)
  const flags = []
  for (let a = 0; a < argCount; a++) {
    const type = rng.pick(ARG_TYPES)
    const name = `${rng.pick(WORDS)}_arg_${a + 1}`
    out.push(`${rng.chance(0.7) ? '%' : '--%'}arg ${name}${type ? ` ${type}` : ''}`)
    if (ARG_KIND[type]) scope[ARG_KIND[type]].push(name)
    else flags.push(name)
  }
  const returns = rng.pick(RETURN_TYPES)
  out.push(`%return ${returns}`)
  for (const file of includes) out.push(rng.chance(0.6) ? `%include "${file}"` : `--%include '${file}'`)
  scope.lib = includes.flatMap(file => libs.get(file))
  out.push('')
  // Every declared name is read at least once.
  for (const name of flags) out.push(`if ${name} then`, `  redis.call('INCR', ${scope.key[0]} .. ':flag')`, 'end')
  const used = [...scope.key, ...scope.num, ...scope.str, ...scope.tab, ...scope.map]
  const writer = new Writer(rng, '')
  writer.block(out, scope, 0, Math.max(10, rng.int(130, 170) - out.length - 2 - used.length), 0)
  for (const name of used) out.push(`redis.call('HSET', ${scope.key[0]} .. ':seen', '${name}', tostring(${name}))`)
  out.push(`return ${RETURN_EXPR[returns](scope)}`)
  return `${out.join('\n')}\n`
}

/** Entries per block: a larger corpus is several blocks, each with its own shared includes. */
const BLOCK = 500

/**
 * Writes a corpus of `entries` entry scripts to `bench/.corpus/<entries>/` (reused when already
 * there) and returns its manifest: `{ root, entries: [relative paths], includes, importers }`, where
 * `importers[include]` lists the entries that render that include (directly or through others).
 * Above 500 entries the corpus is made of blocks of 500 entries sharing 50 includes each, so every
 * entry renders about as many lines whatever the size (one pool of entries/10 includes would give
 * `%pragma once` fewer repeats to drop as it grows) and 10x the entries is 10x the work.
 */
export function generateCorpus(entries = 500, { force = false } = {}) {
  const dir = path.join(CORPUS_ROOT, String(entries))
  const manifestFile = path.join(dir, 'manifest.json')
  if (!force && existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
    if (manifest.version === VERSION) return { ...manifest, root: dir }
  }
  rmSync(dir, { recursive: true, force: true })
  const corpus = { files: new Map(), entries: [], importers: {}, width: String(entries - 1).length }
  for (let first = 0, block = 0; first < entries; first += BLOCK, block++) {
    const count = Math.min(BLOCK, entries - first)
    // Block 0 keeps the seed a corpus of its size always had: the 500-entry corpus is unchanged.
    const rng = random(0x5eed + (block === 0 ? entries : BLOCK + block * 7919))
    generateBlock(corpus, rng, { first, count, libFirst: block * 50 })
  }
  for (const [file, text] of corpus.files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), text)
  }
  const manifest = {
    version: VERSION,
    entries: corpus.entries,
    includes: Object.keys(corpus.importers),
    importers: corpus.importers,
  }
  writeFileSync(manifestFile, JSON.stringify(manifest))
  return { ...manifest, root: dir }
}

/** `count` entries (numbered from `first`) and their shared includes (numbered from `libFirst`), added to `corpus`. */
function generateBlock(corpus, rng, { first, count, libFirst }) {
  const { files, importers } = corpus
  const includeCount = Math.max(50, Math.round(count / 10))
  const leaves = Math.round(includeCount * 0.2)
  const middles = Math.round(includeCount * 0.4)
  const libs = new Map()
  /** For each include, the includes it renders (itself and everything below). */
  const closure = new Map()
  const libPath = i => `lib/lib_${libFirst + i}.lua`
  for (let i = 0; i < includeCount; i++) {
    let deps = []
    if (i >= leaves + middles) deps = [libPath(rng.int(leaves, leaves + middles - 1)), libPath(rng.int(0, leaves - 1))]
    else if (i >= leaves) deps = [...new Set([libPath(rng.int(0, leaves - 1)), libPath(rng.int(0, leaves - 1))])]
    const imported = deps.flatMap(dep => libs.get(dep))
    // An include names its includes relative to itself: lib files are siblings.
    const { text, exported } = libraryFile(
      rng,
      libFirst + i,
      deps.map(dep => path.basename(dep, '.lua')),
      imported,
    )
    files.set(libPath(i), text)
    libs.set(libPath(i), exported)
    closure.set(libPath(i), new Set([libPath(i), ...deps.flatMap(dep => [...closure.get(dep)])]))
    importers[libPath(i)] = []
  }
  for (let e = first; e < first + count; e++) {
    const picks = rng.int(2, 4)
    const direct = [...new Set(Array.from({ length: picks }, () => libPath(rng.int(leaves, includeCount - 1))))]
    if (rng.chance(0.5)) direct.push(libPath(rng.int(0, leaves - 1)))
    const unique = [...new Set(direct)]
    const name = `scripts/s${String(e).padStart(corpus.width, '0')}.lua`
    // Entries write includes with `../lib/...` and sometimes without `.lua`.
    const specs = unique.map(file => `../${rng.chance(0.5) ? file : file.replace(/\.lua$/, '')}`)
    files.set(name, entryFile(rng, e, specs, new Map(unique.map((file, i) => [specs[i], libs.get(file)]))))
    corpus.entries.push(name)
    const rendered = new Set(unique.flatMap(file => [...closure.get(file)]))
    for (const file of rendered) importers[file].push(name)
  }
}

/** Reads every file of a corpus into memory: `Map<absolute path, text>`, so timings leave the disk out. */
export function readCorpus(corpus) {
  const texts = new Map()
  for (const file of [...corpus.entries, ...corpus.includes]) {
    const absolute = path.join(corpus.root, file)
    texts.set(absolute, readFileSync(absolute, 'utf8'))
  }
  return texts
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const entries = Number(process.argv[2] ?? 500)
  const started = performance.now()
  const corpus = generateCorpus(entries, { force: true })
  const texts = readCorpus(corpus)
  const lines = [...texts.values()].reduce((sum, text) => sum + text.split('\n').length - 1, 0)
  console.log(
    `${corpus.entries.length} entries + ${corpus.includes.length} includes, ${lines} lines, in ${corpus.root} (${Math.round(performance.now() - started)} ms)`,
  )
}
