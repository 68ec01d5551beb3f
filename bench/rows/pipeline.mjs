// Row 3: pipelines. 10,000 calls queued in one pipeline and executed: run(pipeline, ...) (every call
// settles its own promise with the decoded result) against raw `evalsha` queued in a pipeline.
import { atLeast, fmt, interleave, median, settle, size, speedRatio } from '../lib.mjs'
import { encodedArgs, PARAMS, RAW_ARGS, withLoadedScript } from '../redis-script.mjs'

export const id = 'pipeline'
export const title = 'Pipeline'

export async function run() {
  const calls = size(10_000, 2_000)
  // Single rounds' ratios spread by ±20-30% on a 2-core machine (the CPU's speed varies from one tenth of a
  // second to the next): many rounds, and 3e (the floor against itself) says how far off the median can be.
  const rounds = size(301, 3)
  return withLoadedScript(async ({ script, redis }) => {
    const raw = argv => async () => {
      const pipeline = redis.pipeline()
      for (let i = 0; i < calls; i++) pipeline.evalsha(script.sha1, 1, ...argv())
      const replies = await pipeline.exec()
      if (replies.length !== calls || replies.some(([error]) => error)) throw new Error('raw pipeline failed')
    }
    const floor = async () => {
      const pipeline = redis.pipeline()
      const resolvers = []
      const results = []
      for (let i = 0; i < calls; i++) {
        pipeline.evalsha(script.sha1, 1, ...encodedArgs())
        results.push(new Promise(resolve => resolvers.push(resolve)))
      }
      const replies = await pipeline.exec()
      replies.forEach(([, reply], i) => resolvers[i](reply))
      await Promise.all(results)
    }
    const times = await interleave(
      {
        run: async () => {
          const pipeline = redis.pipeline()
          const results = Array.from({ length: calls }, () => script.run(pipeline, PARAMS))
          await pipeline.exec()
          await Promise.all(results)
        },
        raw: raw(() => RAW_ARGS),
        // What a hand-written caller with new arguments per call sends: the same text, encoded per call.
        rawEncoding: raw(encodedArgs),
        // The least an API that hands back a promise per queued call can do: the raw calls above, each
        // also given a bare promise resolved with its reply from exec()'s array.
        promisePerCall: floor,
        // The floor measured again like a subject: its ratio to the floor is the error of the method.
        floorAgain: floor,
      },
      { rounds, warmup: 1, between: settle },
    )
    const rate = name => fmt.rate(calls / (median(times[name]) / 1000))
    const ratio = speedRatio(times.run, times.raw)
    const vsEncoding = speedRatio(times.run, times.rawEncoding)
    const floorVsRaw = speedRatio(times.promisePerCall, times.raw)
    const floorVsItself = speedRatio(times.floorAgain, times.promisePerCall)
    const vsFloor = speedRatio(times.run, times.promisePerCall)
    return {
      lines: [
        {
          measure: `run(pipeline) vs raw evalsha in a pipeline, ${fmt.int(calls)} calls, one exec()`,
          baseline: rate('raw'),
          subject: rate('run'),
          ...atLeast(ratio, 0.95),
        },
        {
          measure: 'run(pipeline) vs raw evalsha encoding its arguments per call (String, JSON.stringify)',
          baseline: rate('rawEncoding'),
          subject: rate('run'),
          ratio: vsEncoding,
          goal: '(reported)',
          met: null,
        },
        {
          measure:
            'floor of any promise-per-call API: raw evalsha encoding per call + a bare promise per call resolved from exec(), vs raw evalsha',
          baseline: rate('raw'),
          subject: rate('promisePerCall'),
          ratio: floorVsRaw,
          goal: '(reported)',
          met: null,
        },
        {
          measure: 'run(pipeline) vs that floor',
          baseline: rate('promisePerCall'),
          subject: rate('run'),
          ...atLeast(vsFloor, 0.95),
        },
        {
          measure: 'the floor vs itself, measured the same way (the error of the method)',
          baseline: rate('promisePerCall'),
          subject: rate('floorAgain'),
          ratio: floorVsItself,
          goal: '(reported)',
          met: null,
        },
      ],
      notes: [
        `pipeline: time from pipeline() to every result settled; median of ${rounds} interleaved rounds after a warm-up round, a full GC before each variant (each pays for its own garbage: a pipeline keeps every queued call alive until exec(), so the collector is most of what run() adds)`,
      ],
    }
  })
}
