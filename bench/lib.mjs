// Shared helpers of the benchmark rows: where the built package is, timing, medians, interleaving.
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'

import { median, percentile } from './lib-core.mjs'

export { median, percentile }

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url))

/**
 * The built package the rows measure: `dist/` (what `npm run bench` builds), or BENCH_DIST, a
 * directory holding another `tsc -p tsconfig.build.json --outDir ...` output.
 */
export const DIST_DIR = process.env.BENCH_DIST
  ? path.resolve(process.env.BENCH_DIST)
  : path.join(BENCH_DIR, '..', 'dist')

/** Imports a module of the built package, e.g. `fromDist('runtime/index.js')`. */
export function fromDist(file) {
  return import(pathToFileURL(path.join(DIST_DIR, file)).href)
}

/** `--quick` (or BENCH_QUICK=1): small sizes and few rounds, to check that the rows run. */
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1'

/** The full size, or a smaller one in quick mode. */
export const size = (full, quick) => (QUICK ? quick : full)

/** Milliseconds since `start` (a `performance.now()` value). */
export const since = start => performance.now() - start

/** Runs `fn` (sync or async) and returns how long it took in milliseconds. */
export async function timed(fn) {
  const start = performance.now()
  await fn()
  return since(start)
}

/**
 * Runs every variant once per round, `warmup` unmeasured rounds first, alternating the order from
 * round to round (forwards, then backwards) so that no variant always runs first or right after
 * the same one. Returns `{ [name]: ms[] }`, one time per measured round.
 * @param {Record<string, () => unknown>} variants
 * @param {{ rounds: number, warmup?: number, between?: () => unknown }} options
 * @returns {Promise<Record<string, number[]>>}
 */
export async function interleave(variants, { rounds, warmup = 1, between }) {
  const names = Object.keys(variants)
  /** @type {Record<string, number[]>} */
  const times = Object.fromEntries(names.map(name => [name, []]))
  for (let round = -warmup; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse()
    for (const name of order) {
      await between?.()
      const ms = await timed(variants[name])
      if (round >= 0) times[name].push(ms)
    }
  }
  return times
}

/** The median over rounds of `baseline[i] / subject[i]`: above 1 when the subject is faster. */
export function speedRatio(subject, baseline) {
  return median(subject.map((ms, i) => baseline[i] / ms))
}

/** The median over rounds of `subject[i] / baseline[i]`: above 1 when the subject costs more. */
export function costRatio(subject, baseline) {
  return median(subject.map((ms, i) => ms / baseline[i]))
}

/** A ratio with its goal `>= limit`: the `ratio`, `goal` and `met` of a table line, from one number. */
export const atLeast = (/** @type {number} */ ratio, /** @type {number} */ limit) => ({
  ratio,
  goal: `>= ${limit.toFixed(2)}x`,
  met: ratio >= limit,
})

/** A ratio with its goal `<= limit`, as {@link atLeast}. */
export const atMost = (/** @type {number} */ ratio, /** @type {number} */ limit) => ({
  ratio,
  goal: `<= ${limit.toFixed(2)}x`,
  met: ratio <= limit,
})

/** Commands as a table shows them: how many, then each. */
export const showCommands = (/** @type {unknown[]} */ sent) => `${sent.length} (${sent.join(', ')})`

/**
 * A table line of round trips: the commands a call sent (from `watchCommands`) against the raw call's,
 * with the goal of at most `limit` of them.
 * @param {string} measure
 * @param {unknown[]} commands
 * @param {unknown[]} raw
 * @param {number} limit
 */
export function roundTripLine(measure, commands, raw, limit) {
  return {
    measure,
    baseline: showCommands(raw),
    subject: showCommands(commands),
    ratio: commands.length / raw.length,
    goal: limit === 1 ? '1 round trip' : `<= ${limit} round trips`,
    met: commands.length <= limit,
  }
}

export const fmt = {
  ms: ms => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`),
  us: ms => `${(ms * 1000).toFixed(0)} µs`,
  ns: ms => `${(ms * 1e6).toFixed(0)} ns`,
  rate: perSecond => `${Math.round(perSecond).toLocaleString('en')}/s`,
  ratio: ratio => `${ratio.toFixed(2)}x`,
  mb: bytes => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`,
  int: n => n.toLocaleString('en'),
}

v8.setFlagsFromString('--expose-gc')
/** A full garbage collection, so that a variant does not pay for the garbage of the one before. */
export const gc = globalThis.gc ?? vm.runInNewContext('gc')

/** Collects garbage and lets timers and I/O run: call between timed variants. */
export async function settle() {
  gc()
  await new Promise(resolve => setTimeout(resolve, 10))
}

/**
 * Watches a server with MONITOR. `commandsOf(client, action)` gives the commands (their arguments as
 * text) that `client` sent during `action`, bracketed by two ECHO markers it sends itself.
 * @param {{ client(): any }} server
 */
export async function watchCommands(server) {
  const monitor = await server.client().monitor()
  /** @type {{ args: string[], source: string }[]} */
  const seen = []
  /** @type {(() => void)[]} */
  const waiters = []
  monitor.on('monitor', (/** @type {string} */ _time, /** @type {unknown[]} */ args, /** @type {string} */ source) => {
    seen.push({ args: args.map(String), source })
    for (const waiter of waiters.splice(0)) waiter()
  })
  let marker = 0
  /**
   * @param {any} client
   * @param {() => Promise<unknown>} action
   * @returns {Promise<string[][]>}
   */
  const commandsOf = async (client, action) => {
    const name = `bench-marker-${++marker}`
    await client.echo(`${name}-start`)
    await action()
    await client.echo(`${name}-end`)
    const find = (/** @type {string} */ suffix) =>
      seen.findIndex(c => c.args[0].toLowerCase() === 'echo' && c.args[1] === `${name}-${suffix}`)
    while (find('end') < 0) await new Promise(resolve => waiters.push(() => resolve(undefined)))
    const start = find('start')
    const source = seen[start].source
    return seen
      .slice(start + 1, find('end'))
      .filter(c => c.source === source)
      .map(c => c.args)
  }
  return { commandsOf, stop: () => monitor.disconnect() }
}
