// Row 9: shaped results. The same script, returning a 10-field object with cjson.encode, compiled twice:
// with `%return dict` (JSON.parse, no checks) and with a 10-field shape (parsed, then every field checked
// and unknown fields refused). Throughput as row 1 (batches of 500 concurrent), p50 as row 2 (sequential,
// alternating call by call); ratios are medians of per-round ratios.
import { atLeast, atMost, fmt, interleave, median, percentile, settle, size, speedRatio } from '../lib.mjs'
import { benchServer } from '../redis-script.mjs'
import { fromDist } from '../lib.mjs'

export const id = 'shapes'
export const title = 'Shaped results'

const SHAPE =
  '{ id: string, count: integer, score: number, active: boolean, tags: string[], owner: string?, ' +
  'created: integer, ratio: number, label: string, flags: dict<boolean> }'

const body = returns => `\
%key counter
%arg step integer
%return ${returns}
local total = redis.call('INCRBY', counter, step)
return cjson.encode({ id = 'item:' .. total, count = total, score = total / 4, active = total % 2 == 0,
  tags = { 'alpha', 'beta', 'gamma' }, owner = 'ada', created = 1700000000000, ratio = 0.25,
  label = 'a label of some length', flags = { hot = true, new = false } })
`

async function scriptOf(returns) {
  const { compile, toDefinition } = await fromDist('core/index.js')
  const { defineScript } = await fromDist('runtime/index.js')
  const lua = body(returns)
  const result = compile('/bench/shaped.lua', {
    root: '/bench',
    readFile: file => (file === '/bench/shaped.lua' ? lua : undefined),
  })
  const errors = result.diagnostics.filter(d => d.severity === 'error')
  if (errors.length) throw new Error(`bench script does not compile: ${errors[0].message}`)
  return defineScript(toDefinition(result))
}

export async function run() {
  const calls = size(20_000, 2_000)
  const batch = 500
  const rounds = size(9, 3)
  const sequential = size(5_000, 500)
  const dict = await scriptOf('dict')
  const shaped = await scriptOf(SHAPE)
  const { server, version } = await benchServer()
  try {
    const redis = server.client()
    await dict.load(redis)
    await shaped.load(redis)
    const params = { counter: 'bench:shaped', step: 1 }
    const first = await shaped.run(redis, params)
    if (typeof first.count !== 'number' || first.tags.length !== 3) throw new Error('the shaped result is not decoded')
    const batches = script => async () => {
      for (let done = 0; done < calls; done += batch)
        await Promise.all(Array.from({ length: batch }, () => script.run(redis, params)))
    }
    const times = await interleave(
      { shaped: batches(shaped), dict: batches(dict) },
      { rounds, warmup: 1, between: settle },
    )
    const throughput = speedRatio(times.shaped, times.dict)

    const variants = { shaped, dict }
    const names = Object.keys(variants)
    const sample = async () => {
      const ms = Object.fromEntries(names.map(name => [name, new Float64Array(sequential)]))
      for (let i = 0; i < sequential; i++) {
        for (const name of i % 2 ? [...names].reverse() : names) {
          const start = performance.now()
          await variants[name].run(redis, params)
          ms[name][i] = performance.now() - start
        }
      }
      return Object.fromEntries(
        names.map(name => [
          name,
          percentile(
            [...ms[name]].sort((a, b) => a - b),
            50,
          ),
        ]),
      )
    }
    await sample()
    const p50 = { shaped: [], dict: [] }
    for (let round = 0; round < rounds; round++) {
      const result = await sample()
      for (const name of names) p50[name].push(result[name])
    }
    const latency = median(p50.shaped.map((ms, i) => ms / p50.dict[i]))
    const rate = name => calls / (median(times[name]) / 1000)
    return {
      redisVersion: version,
      lines: [
        {
          measure: `throughput, a 10-field shaped %return vs %return dict, same script, ${fmt.int(calls)} calls, ${batch} concurrent`,
          baseline: fmt.rate(rate('dict')),
          subject: fmt.rate(rate('shaped')),
          ...atLeast(throughput, 0.95),
        },
        {
          measure: `p50, the same two, ${fmt.int(sequential)} sequential calls each`,
          baseline: fmt.us(median(p50.dict)),
          subject: fmt.us(median(p50.shaped)),
          ...atMost(latency, 1.05),
        },
      ],
      notes: [
        `shapes: the shaped result is parsed like the dict one, then its 10 fields are checked (a list, a map, a nullable field among them); median of ${rounds} interleaved rounds`,
      ],
    }
  } finally {
    await server.stop()
  }
}
