// What the per-client rows measure, for any client: run() against the client's own raw EVALSHA on the
// same connection, as throughput (batches of concurrent calls) and as p50 latency (sequential calls,
// alternating call by call). Plain JavaScript with no Node-only imports, so Bun runs it too.
import { median, percentile } from './lib-core.mjs'

/**
 * `variants`: `{ run, raw, encoding }`, each `() => Promise`: run(), the raw EVALSHA with arguments
 * encoded once, and the raw EVALSHA encoding them on each call. Returns the rates and p50s of each, and
 * run()'s medians of per-round ratios against each baseline.
 */
export async function clientRatios(variants, { calls, batch, rounds, sequential, between }) {
  const names = Object.keys(variants)
  /** @returns {Record<string, number[]>} */
  const empty = () => Object.fromEntries(names.map(name => [name, []]))
  const times = empty()
  for (let round = -1; round < rounds; round++) {
    for (const name of round % 2 ? names : [...names].reverse()) {
      await between()
      const start = performance.now()
      for (let done = 0; done < calls; done += batch) await Promise.all(Array.from({ length: batch }, variants[name]))
      if (round >= 0) times[name].push(performance.now() - start)
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
    rate: each(name => calls / (median(times[name]) / 1000)),
    speed: each(name => median(times.run.map((ms, i) => times[name][i] / ms))),
    p50: each(name => median(p50[name])),
    latency: each(name => median(p50.run.map((ms, i) => ms / p50[name][i]))),
  }
}
