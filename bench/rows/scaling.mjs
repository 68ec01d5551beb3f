// Row 6: scaling. The corpus at 500, 2,000 and 5,000 entries (blocks of 500 entries sharing 50
// includes, so each entry is as much work at every size), each size compiled in a fresh child process; rounds interleave the sizes. Time should grow
// linearly (5,000 / 500 <= 12x, 10x being linear) and the peak resident memory stay under 300 MB.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { generateCorpus } from '../corpus.mjs'
import { fmt, median, size } from '../lib.mjs'

export const id = 'scaling'
export const title = 'Scaling'

const CHILD = fileURLToPath(new URL('./scaling-child.mjs', import.meta.url))
const LIMIT = 300 * 1024 * 1024

export async function run() {
  const sizes = size([500, 2_000, 5_000], [100, 400, 1_000])
  const rounds = size(7, 1)
  for (const entries of sizes) generateCorpus(entries)
  const runs = Object.fromEntries(sizes.map(entries => [entries, []]))
  for (let round = 0; round < rounds; round++) {
    for (const entries of round % 2 ? [...sizes].reverse() : sizes) {
      const output = execFileSync(process.execPath, [CHILD, String(entries)], {
        encoding: 'utf8',
        env: process.env,
        maxBuffer: 1 << 20,
      })
      runs[entries].push(JSON.parse(output))
    }
  }
  const [small, middle, large] = sizes
  const time = entries => median(runs[entries].map(r => r.ms))
  const peak = entries => Math.max(...runs[entries].map(r => Math.max(r.maxRssBytes, r.sampledRssBytes)))
  const growth = entries => median(runs[entries].map((r, i) => r.ms / runs[small][i].ms))
  const largest = Math.max(...sizes.map(peak))
  // Time per rendered line is what linear growth keeps flat, whatever the entries render.
  const lines = entries => runs[entries][0].renderedLines
  const perLine = entries =>
    median(runs[entries].map((r, i) => r.ms / r.renderedLines / (runs[small][i].ms / runs[small][i].renderedLines)))
  return {
    lines: [
      {
        measure: `time, ${fmt.int(middle)} vs ${fmt.int(small)} entries (linear: ${middle / small}x)`,
        baseline: fmt.ms(time(small)),
        subject: fmt.ms(time(middle)),
        ratio: growth(middle),
        goal: `<= ${(middle / small) * 1.2}x`,
        met: growth(middle) <= (middle / small) * 1.2,
      },
      {
        measure: `time, ${fmt.int(large)} vs ${fmt.int(small)} entries (linear: ${large / small}x)`,
        baseline: fmt.ms(time(small)),
        subject: fmt.ms(time(large)),
        ratio: growth(large),
        goal: `<= ${(large / small) * 1.2}x`,
        met: growth(large) <= (large / small) * 1.2,
      },
      {
        measure: `time per rendered line, ${fmt.int(large)} vs ${fmt.int(small)} entries (${fmt.int(Math.round(lines(large) / large))} vs ${fmt.int(Math.round(lines(small) / small))} rendered lines per entry; linear: 1x)`,
        baseline: fmt.ns(time(small) / lines(small)),
        subject: fmt.ns(time(large) / lines(large)),
        ratio: perLine(large),
        goal: '(reported)',
        met: null,
      },
      {
        measure: `peak RSS of the child compiling ${fmt.int(large)} entries (${sizes.map(s => `${fmt.int(s)}: ${fmt.mb(peak(s))}`).join(', ')})`,
        baseline: '300 MB',
        subject: fmt.mb(peak(large)),
        ratio: peak(large) / LIMIT,
        goal: '< 300 MB',
        met: largest < LIMIT,
      },
    ],
    notes: [
      `scaling: one child process per size and round (${rounds} rounds, sizes interleaved); time = compile() of every entry, after reading the corpus into memory; peak = max of getrusage maxRSS and sampled process.memoryUsage.rss()`,
    ],
  }
}
