// What the per-client rows measure, for any client: run() against the client's own raw EVALSHA on the
// same connection, as throughput (batches of concurrent calls) and as p50 latency (sequential calls,
// alternating call by call). Plain JavaScript with no Node-only imports, so Bun runs it too.
import { median, percentile } from './lib-core.mjs'

/**
 * `variants`: `{ run: () => Promise, raw: () => Promise }`. Returns the rates, p50s and the medians of
 * per-round ratios.
 */
export async function clientRatios(variants, { calls, batch, rounds, sequential, between }) {
  const names = ['run', 'raw']
  const times = { run: [], raw: [] }
  for (let round = -1; round < rounds; round++) {
    for (const name of round % 2 ? names : [...names].reverse()) {
      await between()
      const start = performance.now()
      for (let done = 0; done < calls; done += batch) await Promise.all(Array.from({ length: batch }, variants[name]))
      if (round >= 0) times[name].push(performance.now() - start)
    }
  }
  const p50 = { run: [], raw: [] }
  for (let round = -1; round < rounds; round++) {
    const ms = { run: [], raw: [] }
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
  return {
    rate: { run: calls / (median(times.run) / 1000), raw: calls / (median(times.raw) / 1000) },
    speed: median(times.run.map((ms, i) => times.raw[i] / ms)),
    p50: { run: median(p50.run), raw: median(p50.raw) },
    latency: median(p50.run.map((ms, i) => ms / p50.raw[i])),
  }
}
