// What the per-client rows measure, for any client: run() against the client's own raw EVALSHA on the
// same connection, as throughput (batches of concurrent calls) and as p50 latency (sequential calls,
// alternating call by call). Plain JavaScript with no Node-only imports, so Bun runs it too.
import { median, percentile } from './lib-core.mjs'

/** A batch slower than this many times the round's median batch was hit by a pause of the machine. */
export const PAUSE = 4

/**
 * `variants`: each `() => Promise` of one call: `run`, the subject, and the baselines, e.g. row 9's
 * `again` (run() measured again like a baseline: the method's own error), the raw EVALSHA with the
 * arguments encoded once and the raw EVALSHA encoding them on each call. Returns the rates and p50s of
 * each, and `run`'s ratios against each baseline: of all rounds' batches for throughput, of the rounds' p50s for latency.
 *
 * Throughput alternates the variants batch by batch inside each round (one batch of each, in an order
 * drawn anew each time, so no variant always follows the same one), so that every variant meets the
 * machine in the same state: on a shared 2-core machine the same 10,000 calls take from 180 to 330 ms
 * from one moment to the next, which whole-variant rounds cannot tell from a 3% difference. A batch slower than
 * {@link PAUSE} times the round's median batch (a pause of the machine: 30-50 ms where batches take 4)
 * counts as a median batch; `paused` says how many there were, per variant.
 */
export async function clientRatios(variants, { calls, batch, rounds, sequential, between }) {
  const names = Object.keys(variants)
  /** @returns {Record<string, number[]>} */
  const empty = () => Object.fromEntries(names.map(name => [name, []]))
  const times = empty()
  const paused = Object.fromEntries(names.map(name => [name, 0]))
  const random = seeded(1)
  for (let round = -1; round < rounds; round++) {
    await between()
    const batches = empty()
    for (let done = 0; done < calls; done += batch) {
      for (const name of shuffled(names, random)) {
        const start = performance.now()
        await Promise.all(Array.from({ length: batch }, variants[name]))
        batches[name].push(performance.now() - start)
      }
    }
    if (round < 0) continue
    const typical = median(names.flatMap(name => batches[name]))
    for (const name of names) {
      let ms = 0
      for (const time of batches[name]) {
        if (time > PAUSE * typical) paused[name]++
        ms += time > PAUSE * typical ? typical : time
      }
      times[name].push(ms)
    }
  }
  const p50 = empty()
  for (let round = -1; round < rounds; round++) {
    const ms = empty()
    for (let i = 0; i < sequential; i++) {
      for (const name of i % 2 ? names : [...names].reverse()) {
        const start = performance.now()
        await variants[name]()
        ms[name].push(performance.now() - start)
      }
    }
    if (round >= 0)
      for (const name of names)
        p50[name].push(
          percentile(
            ms[name].sort((a, b) => a - b),
            50,
          ),
        )
  }
  const each = f => Object.fromEntries(names.map(name => [name, f(name)]))
  return {
    rate: each(name => (calls * rounds) / (sum(times[name]) / 1000)),
    speed: each(name => sum(times[name]) / sum(times.run)),
    p50: each(name => median(p50[name])),
    latency: each(name => median(p50.run.map((ms, i) => ms / p50[name][i]))),
    paused,
  }
}

const sum = values => values.reduce((total, value) => total + value, 0)

/** `names` in a random order (Fisher-Yates). */
function shuffled(names, random) {
  const order = [...names]
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  return order
}

/** A seeded generator of numbers in [0, 1) (mulberry32): the same orders in every run. */
function seeded(seed) {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
