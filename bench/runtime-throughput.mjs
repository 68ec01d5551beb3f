// Throughput of LuaScript.run() against raw ioredis evalsha with pre-encoded arguments, on one
// connection to a throw-away redis-server. Run after `npm run build`: node bench/runtime-throughput.mjs
import { createHash } from 'node:crypto'
import { defineScript } from '../dist/runtime/index.js'
import { startRedis } from '../dist/testing/index.js'

const CALLS = 20_000
const BATCH = 500
const ROUNDS = 5

const lua = [
  'local counter = KEYS[1]',
  'local n = tonumber(ARGV[1])',
  'local label = ARGV[2]',
  'local tags = cjson.decode(ARGV[3])',
  'return n + #tags',
].join('\n')

const script = defineScript({
  name: 'bench',
  lua,
  sha1: createHash('sha1').update(lua).digest('hex'),
  keys: ['counter'],
  args: [{ name: 'n', type: 'integer' }, { name: 'label', type: 'string' }, { name: 'tags', type: 'list' }],
  returns: 'integer',
  readOnly: false,
  lineMap: { files: ['bench.lua'], lines: [[0, 1], [0, 2], [0, 3], [0, 4], [0, 5]], directives: {} },
})

async function batches(call) {
  const started = process.hrtime.bigint()
  for (let done = 0; done < CALLS; done += BATCH) {
    await Promise.all(Array.from({ length: BATCH }, (_, i) => call(done + i)))
  }
  return Number(process.hrtime.bigint() - started) / 1e9
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

const server = await startRedis()
try {
  const redis = server.client()
  await script.load(redis)
  const variants = {
    'run()': i => script.run(redis, { counter: 'c', n: i, label: 'x', tags: ['a', 'b'] }),
    'raw evalsha': i => redis.evalsha(script.sha1, 1, 'c', String(i), 'x', '["a","b"]'),
  }
  for (const call of Object.values(variants)) await batches(call)
  const seconds = { 'run()': [], 'raw evalsha': [] }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, call] of Object.entries(variants)) seconds[name].push(await batches(call))
  }
  const rate = name => CALLS / median(seconds[name])
  console.log(`${CALLS} calls, batches of ${BATCH} concurrent, one connection, median of ${ROUNDS} rounds (redis-server on ${server.url})`)
  for (const name of Object.keys(variants)) console.log(`  ${name.padEnd(12)} ${Math.round(rate(name)).toLocaleString('en')} calls/s`)
  console.log(`  run() / raw evalsha throughput: ${(rate('run()') / rate('raw evalsha')).toFixed(3)}`)
} finally {
  await server.stop()
}
