// Row 9: every client. For each, run() against that client's own raw EVALSHA on the same connection,
// encoding the same arguments on each call as a hand-written call does (the goals); with them encoded
// once, up front, and the floor (that raw call plus one then), both reported: throughput with 500
// concurrent calls, and p50 of sequential calls alternating call by call. Each client runs in a
// process of its own (node-client.mjs, bun-client.mjs).
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { PAUSE } from '../client-ratios.mjs'
import { CLIENTS } from '../node-client.mjs'
import { atLeast, atMost, BENCH_DIR, DIST_DIR, fmt, size } from '../lib.mjs'
import { benchServer } from '../redis-script.mjs'

export const id = 'clients'
export const title = 'Clients'

const SIZES = { calls: size(50_000, 1_000), batch: 500, rounds: size(7, 2), sequential: size(2_000, 200) }

const BUN = path.join(BENCH_DIR, '../node_modules/bun/bin/bun.exe')

export async function run() {
  const { server, version } = await benchServer()
  const lines = []
  const child = async (/** @type {string} */ command, /** @type {string[]} */ args) => {
    const { stdout } = await promisify(execFile)(command, args, { maxBuffer: 1 << 20 })
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '')
  }
  try {
    // Each client in a process of its own, as an app has one client (see node-client.mjs).
    for (const name of Object.keys(CLIENTS)) {
      const result = await child(process.execPath, [
        '--expose-gc',
        path.join(BENCH_DIR, 'node-client.mjs'),
        name,
        server.url,
        JSON.stringify(SIZES),
      ])
      lines.push(...linesOf(name, result))
    }
    const bun = await child(BUN, [path.join(BENCH_DIR, 'bun-client.mjs'), server.url, DIST_DIR, JSON.stringify(SIZES)])
    lines.push(...linesOf(`Bun ${bun.version} RedisClient`, bun))
  } finally {
    await server.stop()
  }
  return {
    redisVersion: version,
    lines,
    notes: [
      `clients: per client, in a process of its own, ${fmt.int(SIZES.calls)} calls in batches of ${SIZES.batch} concurrent per round, the variants alternating batch by batch in a seeded random order (${SIZES.rounds} rounds after 1 warm-up, a full GC before each; ratio = total time of every batch of the rounds; a batch over ${PAUSE}x the round's median batch, a pause of the machine, counts as a median one), then p50 of ${fmt.int(SIZES.sequential)} sequential calls alternating call by call (median of ${SIZES.rounds} rounds); the baselines are the client's own raw EVALSHA (ioredis/iovalkey evalsha(), node-redis sendCommand(), GLIDE customCommand(), Bun send()) on the same connection as run(), encoding the arguments on each call (String(), JSON.stringify(), as a hand-written call with new values must; the goals) and with them encoded once (reported); the floor is that raw call encoding per call with one then added (a reply check and an error handler, no closure per call), the least any wrapper that hands back a typed promise and maps errors adds (reported); run() is also measured against itself, which shows the error of the method`,
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
      measure: `${name}: throughput and p50 against raw EVALSHA with the arguments encoded once; throughput against the floor (raw EVALSHA encoding per call + one then, the least a typed promise API adds) ${speed.floor.toFixed(2)}x; run() against itself (the method's own error): ${speed.again.toFixed(2)}x, p50 ${latency.again.toFixed(2)}x; batches counted as paused (run/itself/raw/encoding/floor): ${['run', 'again', 'raw', 'encoding', 'floor'].map(variant => paused[variant]).join('/')}`,
      baseline: `${fmt.rate(rate.raw)}, ${fmt.us(p50.raw)}`,
      subject: `${fmt.rate(rate.run)}, ${fmt.us(p50.run)}`,
      ratio: speed.raw,
      goal: `(reported; p50 ${latency.raw.toFixed(2)}x)`,
      met: null,
    },
  ]
}
