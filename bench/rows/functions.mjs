// Row 11: Redis Functions. The bench script compiled with `functions: true`: the commands its first and
// second run() send on a fresh server (MONITOR, as row 4), and run()'s throughput against a raw
// `fcall` of the same function with pre-encoded arguments on the same connection (as row 1).
import { atLeast, fmt, interleave, median, roundTripLine, settle, size, speedRatio, watchCommands } from '../lib.mjs'
import { benchScript, benchServer, PARAMS, RAW_ARGS } from '../redis-script.mjs'

export const id = 'functions'
export const title = 'Redis Functions'

export async function run() {
  const script = await benchScript({ functions: true })
  if (script.kind !== 'function') throw new Error('the bench script did not compile as a function')
  const { server, version } = await benchServer()
  try {
    const trips = await roundTrips(server, script)
    const redis = server.client()
    const calls = size(20_000, 2_000)
    const batch = 500
    const rounds = size(9, 3)
    const batches = call => async () => {
      for (let done = 0; done < calls; done += batch) await Promise.all(Array.from({ length: batch }, call))
    }
    const times = await interleave(
      {
        run: batches(() => script.run(redis, PARAMS)),
        raw: batches(() => redis.fcall(script.functionName, 1, ...RAW_ARGS)),
      },
      { rounds, warmup: 1, between: settle },
    )
    const rate = name => calls / (median(times[name]) / 1000)
    const vsRaw = speedRatio(times.run, times.raw)
    const trip = (measure, commands, limit) => roundTripLine(measure, commands, trips.raw, limit)
    return {
      redisVersion: version,
      lines: [
        trip('first run() of a function on a fresh server (library not loaded)', trips.first, 3),
        trip('second run() of it', trips.second, 1),
        {
          measure: `run() vs raw fcall, ${fmt.int(calls)} calls, ${batch} concurrent, 1 connection`,
          baseline: fmt.rate(rate('raw')),
          subject: fmt.rate(rate('run')),
          ...atLeast(vsRaw, 0.97),
        },
      ],
      notes: [
        'functions: round trips counted with MONITOR between two ECHO markers (baseline: one raw fcall of a loaded function); throughput as row 1, raw fcall with pre-encoded arguments',
      ],
    }
  } finally {
    await server.stop()
  }
}

/** The commands a fresh connection sends for run() on a server without the library, then again. */
async function roundTrips(server, script) {
  const watch = await watchCommands(server)
  // FUNCTION's subcommand counts: `function load` is the round trip that matters.
  const commandsOf = async (client, action) =>
    (await watch.commandsOf(client, action)).map(args =>
      args
        .slice(0, args[0].toLowerCase() === 'function' ? 2 : 1)
        .join(' ')
        .toLowerCase(),
    )
  const fresh = server.client()
  await fresh.ping()
  const first = await commandsOf(fresh, () => script.run(fresh, PARAMS))
  const second = await commandsOf(fresh, () => script.run(fresh, PARAMS))
  const raw = await commandsOf(fresh, () => fresh.fcall(script.functionName, 1, ...RAW_ARGS))
  await watch.stop()
  return { first, second, raw }
}
