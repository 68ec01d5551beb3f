// Run by the real Bun (test/clients/bun.test.ts spawns it): every conformance behaviour on Bun's
// own RedisClient, against the server at argv[2]. Prints one JSON object of observations.
import { RedisClient } from 'bun'
import { LuaScriptError, ScriptArgumentError, type LuaScript } from '../../../src/runtime/index.js'
import { customCode, deep, echo, ECHO_PARAMS, incr, peek, returns, wrongType } from '../scripts.js'

type Script = LuaScript<Record<string, unknown>, unknown>
const run = (script: unknown, client: object, params?: object): Promise<unknown> =>
  (script as Script).run(client as never, params as never)

const url = process.argv[2]
const client = new RedisClient(url)
const admin = new RedisClient(url)
const out: Record<string, unknown> = {}

async function counts(): Promise<Record<string, number>> {
  const info = String(await admin.send('INFO', ['commandstats']))
  const found: Record<string, number> = {}
  for (const match of info.matchAll(/^cmdstat_(eval\w*):calls=(\d+)/gm)) found[match[1]] = Number(match[2])
  return found
}

const settle = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    value => ({ value }),
    (error: unknown) => ({
      error: (error as Error).name,
      isLuaScriptError: error instanceof LuaScriptError,
      isArgumentError: error instanceof ScriptArgumentError,
      isTypeError: error instanceof TypeError,
      message: (error as Error).message,
      code: (error as { code?: unknown }).code,
      luaError: (error as { luaError?: unknown }).luaError,
      frames: (error as { frames?: unknown }).frames,
      stack: (error as Error).stack,
    }),
  )

out.roundTrip = await run(echo, client, { key: 'bun:echo', ...ECHO_PARAMS })
out.returns = Object.fromEntries(
  await Promise.all(Object.entries(returns).map(async ([name, script]) => [name, await run(script, client)])),
)

// SCRIPT FLUSH from another client during 1,000 concurrent calls.
await admin.send('DEL', ['bun:flushed'])
let flushes = 0
let running = true
const flusher = (async () => {
  while (running) {
    await admin.send('SCRIPT', ['FLUSH'])
    flushes++
    await new Promise(resolve => setImmediate(resolve))
  }
})()
const flushed = await Promise.allSettled(
  Array.from({ length: 1000 }, () => run(incr, client, { counter: 'bun:flushed', by: 1 })),
)
running = false
await flusher
out.flush = {
  flushes,
  rejected: flushed.filter(r => r.status === 'rejected').map(r => String((r as PromiseRejectedResult).reason)),
  distinct: new Set(flushed.map(r => (r as PromiseFulfilledResult<unknown>).value)).size,
  total: await admin.send('GET', ['bun:flushed']),
}

// Read-only: EVALSHA_RO, then EVAL_RO when the server lacks the script.
await admin.send('SET', ['bun:ro', 'v'])
await admin.send('SCRIPT', ['FLUSH'])
const before = await counts()
const ro = [await run(peek, client, { key: 'bun:ro' }), await run(peek, client, { key: 'bun:ro' })]
const after = await counts()
out.readOnly = {
  results: ro,
  counts: Object.fromEntries(
    Object.entries(after)
      .map(([name, calls]) => [name, calls - (before[name] ?? 0)])
      .filter(([, calls]) => calls !== 0),
  ),
}

await admin.send('SET', ['bun:string', 'x'])
out.deep = await settle(run(deep, client, { key: 'bun:deep' }))
out.wrongType = await settle(run(wrongType, client, { key: 'bun:string' }))
out.customCode = await settle(run(customCode, client))
const beforeBad = await counts()
out.badParams = await settle(run(incr, client, { counter: 'bun:c', by: '1' }))
out.badParamsSent = JSON.stringify(await counts()) !== JSON.stringify(beforeBad)
out.load = await incr.load(client as never)

const closed = new RedisClient(url)
await closed.send('PING', [])
closed.close()
out.closed = await settle(run(incr, closed, { counter: 'bun:c', by: 1 }))

client.close()
admin.close()
console.log(JSON.stringify(out))
