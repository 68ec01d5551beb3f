// Row 9: every client. For each, run() against that client's own raw EVALSHA on the same connection,
// encoding the same arguments on each call as a hand-written call does (the goals), and with them
// encoded once, up front (reported): throughput with 500 concurrent calls, and p50 of sequential calls
// alternating call by call. Bun runs in its own process.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { GlideClient, Logger } from '@valkey/valkey-glide'
import { Redis as IORedis6 } from 'ioredis'
import { Redis as IORedis5 } from 'ioredis5'
import { Redis as IOValkey } from 'iovalkey'
import { createClient as createClient6 } from 'redis'
import { createClient as createClient5 } from 'redis5'
import { clientRatios } from '../client-ratios.mjs'
import { atLeast, atMost, BENCH_DIR, DIST_DIR, fmt, settle, size } from '../lib.mjs'
import { encodedArgs, PARAMS, RAW_ARGS, benchScript, benchServer } from '../redis-script.mjs'

export const id = 'clients'
export const title = 'Clients'

const SIZES = { calls: size(50_000, 1_000), batch: 500, rounds: size(7, 2), sequential: size(2_000, 200) }

/**
 * Each client: connect, run() and the client's own raw EVALSHA, close.
 * @type {[string, (server: any) => Promise<any>][]}
 */
const CLIENTS = [
  .../** @type {[string, any][]} */ ([
    ['ioredis 6', IORedis6],
    ['ioredis 5', IORedis5],
    ['iovalkey', IOValkey],
  ]).map(
    ([name, Client]) =>
      /** @type {[string, (server: any) => Promise<any>]} */ ([
        name,
        async server => {
          const redis = new Client({ host: server.host, port: server.port })
          return { client: redis, raw: (sha, argv) => redis.evalsha(sha, 1, ...argv), close: () => redis.quit() }
        },
      ]),
  ),
  .../** @type {[string, any][]} */ ([
    ['node-redis 5 (RESP2)', createClient5],
    ['node-redis 6 (RESP3)', createClient6],
  ]).map(
    ([name, create]) =>
      /** @type {[string, (server: any) => Promise<any>]} */ ([
        name,
        async server => {
          const client = await create({ url: server.url }).connect()
          return {
            client,
            raw: (sha, argv) => client.sendCommand(['EVALSHA', sha, '1', ...argv]),
            close: () => client.close(),
          }
        },
      ]),
  ),
  [
    'GLIDE (RESP3)',
    async server => {
      Logger.init('off')
      const client = await GlideClient.createClient({ addresses: [{ host: server.host, port: server.port }] })
      return {
        client,
        raw: (sha, argv) => client.customCommand(['EVALSHA', sha, '1', ...argv]),
        close: async () => client.close(),
      }
    },
  ],
]

const BUN = path.join(BENCH_DIR, '../node_modules/bun/bin/bun.exe')

export async function run() {
  const script = await benchScript()
  const { server, version } = await benchServer()
  const lines = []
  try {
    for (const [name, connect] of CLIENTS) {
      const { client, raw, close } = await connect(server)
      try {
        await script.load(client)
        const result = await clientRatios(
          {
            run: () => script.run(client, PARAMS),
            again: () => script.run(client, PARAMS),
            raw: () => raw(script.sha1, RAW_ARGS),
            encoding: () => raw(script.sha1, encodedArgs()),
          },
          { ...SIZES, between: settle },
        )
        lines.push(...linesOf(name, result))
      } finally {
        await close()
      }
    }
    const { stdout } = await promisify(execFile)(
      BUN,
      [path.join(BENCH_DIR, 'bun-client.mjs'), server.url, DIST_DIR, JSON.stringify(SIZES)],
      { maxBuffer: 1 << 20 },
    )
    const bun = JSON.parse(stdout.trim().split('\n').at(-1) ?? '')
    lines.push(...linesOf(`Bun ${bun.version} RedisClient`, bun))
  } finally {
    await server.stop()
  }
  return {
    redisVersion: version,
    lines,
    notes: [
      `clients: per client, ${fmt.int(SIZES.calls)} calls in batches of ${SIZES.batch} concurrent per round, the variants alternating batch by batch in a seeded random order (${SIZES.rounds} rounds after 1 warm-up, a full GC before each; ratio = total time of every batch of the rounds; a batch over 4x the round's median batch, a pause of the machine, counts as a median one), then p50 of ${fmt.int(SIZES.sequential)} sequential calls alternating call by call (median of ${SIZES.rounds} rounds); the baselines are the client's own raw EVALSHA (ioredis/iovalkey evalsha(), node-redis sendCommand(), GLIDE customCommand(), Bun send()) on the same connection as run(), encoding the arguments on each call (String(), JSON.stringify(), as a hand-written call with new values must; the goals) and with them encoded once (reported); run() is also measured against itself, which shows the error of the method`,
    ],
  }
}

function linesOf(name, { rate, speed, p50, latency, paused }) {
  const batch = `${fmt.int(SIZES.calls)} calls, ${SIZES.batch} concurrent`
  return [
    {
      measure: `${name}: throughput, run() vs its raw EVALSHA encoding per call, ${batch}`,
      baseline: fmt.rate(rate.encoding),
      subject: fmt.rate(rate.run),
      ...atLeast(speed.encoding, 0.97),
    },
    {
      measure: `${name}: p50, run() vs its raw EVALSHA encoding per call, sequential calls`,
      baseline: fmt.us(p50.encoding),
      subject: fmt.us(p50.run),
      ...atMost(latency.encoding, 1.03),
    },
    {
      measure: `${name}: throughput and p50 against raw EVALSHA with the arguments encoded once; run() against itself (the method's own error): ${speed.again.toFixed(2)}x, p50 ${latency.again.toFixed(2)}x; batches counted as paused (run/itself/raw/encoding): ${['run', 'again', 'raw', 'encoding'].map(variant => paused[variant]).join('/')}`,
      baseline: `${fmt.rate(rate.raw)}, ${fmt.us(p50.raw)}`,
      subject: `${fmt.rate(rate.run)}, ${fmt.us(p50.run)}`,
      ratio: speed.raw,
      goal: `(reported; p50 ${latency.raw.toFixed(2)}x)`,
      met: null,
    },
  ]
}
