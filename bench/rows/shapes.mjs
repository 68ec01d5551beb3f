// Row 10: shaped results. The same script, returning a 10-field object with cjson.encode, compiled twice:
// with `%return dict` (JSON.parse, no checks) and with a 10-field shape (parsed, then every field checked
// and unknown fields refused). Throughput and p50 measured as row 9 (client-ratios.mjs): batches of 500
// concurrent calls alternating variant by variant, and sequential calls alternating call by call.
import { clientRatios } from '../client-ratios.mjs'
import { atLeast, atMost, fmt, fromDist, settle, size } from '../lib.mjs'
import { benchServer } from '../redis-script.mjs'

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
  const sizes = { calls: size(20_000, 2_000), batch: 500, rounds: size(9, 3), sequential: size(2_000, 200) }
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
    // Row 9's method: whole-variant rounds on this shared machine gave a run against itself 0.6x-1.3x.
    const { rate, speed, p50, latency, paused } = await clientRatios(
      {
        run: () => shaped.run(redis, params),
        again: () => shaped.run(redis, params),
        dict: () => dict.run(redis, params),
      },
      { ...sizes, between: settle },
    )
    return {
      redisVersion: version,
      lines: [
        {
          measure: `throughput, a 10-field shaped %return vs %return dict, same script, ${fmt.int(sizes.calls)} calls, ${sizes.batch} concurrent (the shaped one against itself: ${speed.again.toFixed(2)}x; batches counted as paused, shaped/itself/dict: ${paused.run}/${paused.again}/${paused.dict})`,
          baseline: fmt.rate(rate.dict),
          subject: fmt.rate(rate.run),
          ...atLeast(speed.dict, 0.95),
        },
        {
          measure: `p50, the same two, ${fmt.int(sizes.sequential)} sequential calls each (against itself: ${latency.again.toFixed(2)}x)`,
          baseline: fmt.us(p50.dict),
          subject: fmt.us(p50.run),
          ...atMost(latency.dict, 1.05),
        },
      ],
      notes: [
        `shapes: the shaped result is parsed like the dict one, then its 10 fields are checked (a list, a map, a nullable field among them); measured as row 9 (batches alternating in a seeded random order, ${sizes.rounds} rounds; p50 of sequential calls alternating call by call), the shaped script also against itself, which shows the error of the method`,
      ],
    }
  } finally {
    await server.stop()
  }
}
