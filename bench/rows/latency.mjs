// Row 2: latency. 5,000 sequential calls each of run(), raw `evalsha` and raw `evalsha` encoding per call,
// alternating call by call (forwards, then backwards) so all see the same moment of the machine; p50 and p99 per round, and
// the median of per-round ratios.
import { atMost, fmt, median, percentile, size } from '../lib.mjs'
import { encodedArgs, PARAMS, RAW_ARGS, withLoadedScript } from '../redis-script.mjs'

export const id = 'latency'
export const title = 'Latency'

export async function run() {
  const calls = size(5_000, 1_000)
  const rounds = size(9, 2)
  return withLoadedScript(async ({ script, redis }) => {
    const variants = {
      run: () => script.run(redis, PARAMS),
      raw: () => redis.evalsha(script.sha1, 1, ...RAW_ARGS),
      // A hand-written caller with new arguments per call: the same text, encoded per call.
      rawEncoding: () => redis.evalsha(script.sha1, 1, ...encodedArgs()),
    }
    const names = Object.keys(variants)
    const sample = async () => {
      const ms = Object.fromEntries(names.map(name => [name, new Float64Array(calls)]))
      for (let i = 0; i < calls; i++) {
        const order = i % 2 ? [...names].reverse() : names
        for (const name of order) {
          const start = performance.now()
          await variants[name]()
          ms[name][i] = performance.now() - start
        }
      }
      return Object.fromEntries(Object.entries(ms).map(([name, values]) => [name, [...values].sort((a, b) => a - b)]))
    }
    await sample() // warm-up
    /** @type {Record<string, number[]>} */
    const p50 = Object.fromEntries(names.map(name => [name, []]))
    /** @type {Record<string, number[]>} */
    const p99 = Object.fromEntries(names.map(name => [name, []]))
    for (let round = 0; round < rounds; round++) {
      const sorted = await sample()
      for (const name of names) {
        p50[name].push(percentile(sorted[name], 50))
        p99[name].push(percentile(sorted[name], 99))
      }
    }
    const ratio = (values, baseline = 'raw') => median(values.run.map((ms, i) => ms / values[baseline][i]))
    const r50 = ratio(p50)
    const r99 = ratio(p99)
    return {
      lines: [
        {
          measure: `p50, run() vs raw evalsha, ${fmt.int(calls)} sequential calls each`,
          baseline: fmt.us(median(p50.raw)),
          subject: fmt.us(median(p50.run)),
          ...atMost(r50, 1.03),
        },
        {
          measure: 'p99, same calls',
          baseline: fmt.us(median(p99.raw)),
          subject: fmt.us(median(p99.run)),
          ratio: r99,
          goal: '(reported)',
          met: null,
        },
        {
          measure: 'p50, run() vs raw evalsha encoding its arguments per call (String, JSON.stringify)',
          baseline: fmt.us(median(p50.rawEncoding)),
          subject: fmt.us(median(p50.run)),
          ratio: ratio(p50, 'rawEncoding'),
          goal: '(reported)',
          met: null,
        },
      ],
      notes: [
        `latency: calls alternate run/raw/raw encoding per call one by one; median over ${rounds} rounds (after a warm-up round) of each round's percentile; ratio = subject / baseline latency, lower is better`,
      ],
    }
  })
}
