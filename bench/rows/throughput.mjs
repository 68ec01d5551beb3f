// Row 1: throughput. 20,000 calls in batches of 500 concurrent on one connection: run() against raw
// `evalsha` with pre-encoded arguments and against ioredis `defineCommand` (arguments encoded per call,
// as its callers must). Rounds interleave the three; the ratio is the median of per-round ratios.
import { atLeast, fmt, interleave, median, settle, size, speedRatio } from '../lib.mjs'
import { KEY, PARAMS, RAW_ARGS, STEP, TAGS, withLoadedScript } from '../redis-script.mjs'

export const id = 'throughput'
export const title = 'Throughput'

export async function run() {
  const calls = size(20_000, 2_000)
  const batch = 500
  const rounds = size(9, 3)
  return withLoadedScript(async ({ script, redis }) => {
    redis.defineCommand('benchScript', { numberOfKeys: 1, lua: script.lua })
    await redis.benchScript(KEY, STEP, JSON.stringify(TAGS))
    const batches = call => async () => {
      for (let done = 0; done < calls; done += batch) {
        await Promise.all(Array.from({ length: batch }, call))
      }
    }
    const times = await interleave(
      {
        run: batches(() => script.run(redis, PARAMS)),
        raw: batches(() => redis.evalsha(script.sha1, 1, ...RAW_ARGS)),
        defineCommand: batches(() => redis.benchScript(KEY, STEP, JSON.stringify(TAGS))),
      },
      { rounds, warmup: 1, between: settle },
    )
    const rate = name => calls / (median(times[name]) / 1000)
    const vsRaw = speedRatio(times.run, times.raw)
    const vsDefine = speedRatio(times.run, times.defineCommand)
    return {
      lines: [
        {
          measure: `run() vs raw evalsha, ${fmt.int(calls)} calls, ${batch} concurrent, 1 connection`,
          baseline: fmt.rate(rate('raw')),
          subject: fmt.rate(rate('run')),
          ...atLeast(vsRaw, 0.97),
        },
        {
          measure: 'run() vs ioredis defineCommand, same load',
          baseline: fmt.rate(rate('defineCommand')),
          subject: fmt.rate(rate('run')),
          ...atLeast(vsDefine, 1.0),
        },
      ],
      notes: [
        `throughput: median of ${rounds} interleaved rounds after 1 warm-up round, a full GC before each variant; ratio = median of per-round rate ratios. run() leads because the calls made in one tick while replies are awaited leave in one socket write per 32 calls (src/runtime/clients/ioredis/coalesce-writes.ts); raw evalsha and defineCommand write each command alone`,
      ],
    }
  })
}
