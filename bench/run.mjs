// Runs the benchmark rows and prints one table; a full run also writes it to bench/RESULTS.md.
//
//   npm run bench                      build, then every row (writes bench/RESULTS.md)
//   node bench/run.mjs compile vite-dev   only these rows (prints, does not write RESULTS.md)
//   node bench/run.mjs --quick         small sizes and few rounds: checks that the rows run
//
// BENCH_DIST=<dir> measures another build output than dist/ (e.g. `tsc --outDir`).
//
// Each row runs in a Node process of its own (`run.mjs --row <name>`, which prints the row's result as
// JSON): a row measured after others met the heap and the optimized code they left (row 5's compile
// came out 1.3x-1.7x of Lua alone after rows 1-4, 1.26x-1.38x alone).
import { execFile, execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { BENCH_DIR, DIST_DIR, QUICK, fmt, since } from './lib.mjs'

const ROWS = [
  'throughput',
  'latency',
  'pipeline',
  'round-trips',
  'compile',
  'scaling',
  'vite-build',
  'vite-dev',
  'clients',
  'shapes',
  'functions',
]

const rowAt = process.argv.indexOf('--row')
if (rowAt > 0) {
  // A child: one row, its result as JSON on the last line of stdout.
  const row = await import(`./rows/${process.argv[rowAt + 1]}.mjs`)
  console.log(JSON.stringify(await row.run()))
  process.exit(0)
}

const wanted = process.argv.slice(2).filter(arg => !arg.startsWith('--'))
for (const name of wanted) {
  if (!ROWS.includes(name)) {
    console.error(`unknown row "${name}"; rows: ${ROWS.join(', ')}`)
    process.exit(2)
  }
}
const selected = wanted.length ? ROWS.filter(name => wanted.includes(name)) : ROWS
const full = selected.length === ROWS.length && !QUICK

const started = performance.now()
const results = []
let redisVersion = null
let failed = false
for (const [index, name] of selected.map(name => /** @type {const} */ ([ROWS.indexOf(name), name]))) {
  const row = await import(`./rows/${name}.mjs`)
  process.stderr.write(`[bench] ${index + 1}. ${row.title} ...`)
  const rowStart = performance.now()
  try {
    const result = await inChild(name)
    redisVersion ??= result.redisVersion ?? null
    results.push({ number: index + 1, title: row.title, ...result, ms: since(rowStart) })
    process.stderr.write(` ${fmt.ms(since(rowStart))}\n`)
  } catch (/** @type {any} */ error) {
    failed = true
    process.stderr.write(` failed\n${error?.stack ?? error}\n`)
    results.push({
      number: index + 1,
      title: row.title,
      lines: [
        {
          measure: `failed: ${String(error?.message ?? error).split('\n')[0]}`,
          baseline: '',
          subject: '',
          ratio: null,
          goal: '',
          met: false,
        },
      ],
      notes: [],
      ms: since(rowStart),
    })
  }
}

const table = renderTable(results)
const header = environment()
const output = [
  `# Benchmark results${QUICK ? ' (quick mode: small sizes, not comparable)' : ''}`,
  '',
  ...header.map(line => `- ${line}`),
  `- Total time: ${fmt.ms(since(started))} (${results.map(r => `${r.number}. ${fmt.ms(r.ms)}`).join(', ')})`,
  '',
  table,
  '',
  'Ratios compare the subject with a baseline measured in the same process and run (each row runs in a',
  'Node process of its own), in interleaved',
  'rounds after warm-up; each is the median of per-round ratios. Throughput-like ratios are above 1',
  'when the subject is faster; cost ratios (latency, build time) are below 1 when it is cheaper.',
  '',
  ...results.flatMap(r => (r.notes ?? []).map(note => `- ${r.number}. ${note}`)),
  '',
].join('\n')

console.log(output)
if (full) {
  writeFileSync(path.join(BENCH_DIR, 'RESULTS.md'), output)
  console.error(`[bench] wrote ${path.join('bench', 'RESULTS.md')}`)
} else console.error('[bench] partial or quick run: bench/RESULTS.md left as it was')
process.exit(failed ? 1 : 0)

/** Runs one row in a fresh Node process; its stderr (progress, errors) passes through. */
async function inChild(name) {
  const child = promisify(execFile)(
    process.execPath,
    [fileURLToPath(import.meta.url), '--row', name, ...(QUICK ? ['--quick'] : [])],
    { maxBuffer: 16 << 20 },
  )
  child.child.stderr?.pipe(process.stderr)
  const { stdout } = await child
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '')
}

function renderTable(results) {
  const rows = [['#', 'Measure', 'Baseline', 'Subject', 'Ratio', 'Goal', 'Met']]
  for (const result of results) {
    result.lines.forEach((line, i) => {
      const number = result.lines.length > 1 ? `${result.number}${String.fromCharCode(97 + i)}` : String(result.number)
      const ratio = typeof line.ratio === 'number' ? fmt.ratio(line.ratio) : (line.ratio ?? '')
      const met = line.met === null || line.met === undefined ? '' : line.met ? 'yes' : '**no**'
      rows.push([
        number,
        `${i === 0 ? `${result.title}: ` : ''}${line.measure}`,
        line.baseline,
        line.subject,
        ratio,
        line.goal,
        met,
      ])
    })
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map(row => String(row[c]).length)))
  const format = row => `| ${row.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ')} |`
  return [format(rows[0]), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(format)].join('\n')
}

function environment() {
  const cpus = os.cpus()
  let git = ''
  try {
    git = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: BENCH_DIR, encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '../src'], {
      cwd: BENCH_DIR,
      encoding: 'utf8',
    }).trim()
    if (dirty) git += ' (src has uncommitted changes)'
  } catch {}
  return [
    `Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `Node ${process.version}, Redis ${redisVersion ?? 'not used'}, ${os.platform()} ${os.arch()}, ${cpus.length} cores (${cpus[0]?.model?.trim() ?? 'unknown CPU'}), ${fmt.mb(os.totalmem())} RAM, load average ${os
      .loadavg()
      .map(l => l.toFixed(2))
      .join(' ')} at the end`,
    `Commit ${git || 'unknown'}${process.env.BENCH_DIST ? `, measuring the build in ${path.relative(path.join(BENCH_DIR, '..'), DIST_DIR)} (BENCH_DIST)` : ''}`,
  ]
}
