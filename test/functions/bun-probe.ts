// Run by the real Bun (test/functions/bun.test.ts spawns it): the function form on Bun's own RedisClient,
// against the server at argv[2]. Prints one JSON object of observations.
import { RedisClient } from 'bun'
import { deleteStaleLibraries, LuaScriptError, type LuaScript } from '../../src/runtime/index.js'
import { bothForms } from './helpers.js'

const run = (script: unknown, client: object, params?: object): Promise<unknown> =>
  (script as LuaScript).run(client as never, params as never)

const client = new RedisClient(process.argv[2])
const admin = new RedisClient(process.argv[2])
const counts = async (): Promise<Record<string, number>> => {
  const info = String(await admin.send('INFO', ['commandstats']))
  const found: Record<string, number> = {}
  for (const match of info.matchAll(/^cmdstat_(fcall\w*|function\|load):calls=(\d+)/gm))
    found[match[1]] = Number(match[2])
  return found
}

const counter = bothForms({
  'main.lua': '%key k\n%arg by integer\n%return integer\nreturn redis.call("INCRBY", k, by)',
})
const read = bothForms(
  { 'read.lua': '#!lua flags=no-writes\n%key k\n%return string?\nreturn redis.call("GET", k)' },
  'read.lua',
)
const boom = bothForms(
  {
    'boom.lua': '%key k\n%include "lib/deep"\nreturn deep(k)',
    'lib/deep.lua': "local function deep(key)\n  local t = redis.call('SET', key, 'x')\n  return t.missing.field\nend",
  },
  'boom.lua',
)
const out: Record<string, unknown> = {}
await admin.send('FUNCTION', ['FLUSH'])
out.results = [
  await run(counter.fn, client, { k: 'bun:c', by: 2 }),
  await run(counter.fn, client, { k: 'bun:c', by: 3 }),
]
await admin.send('SET', ['bun:r', 'v'])
out.read = await run(read.fn, client, { k: 'bun:r' })
out.counts = await counts()
const fromScript = (await run(boom.script, client, { k: 'bun:s' }).catch(e => e)) as LuaScriptError
const fromFunction = (await run(boom.fn, client, { k: 'bun:f' }).catch(e => e)) as LuaScriptError
out.errors = {
  isLuaScriptError: fromFunction instanceof LuaScriptError,
  same: JSON.stringify(fromFunction.frames) === JSON.stringify(fromScript.frames),
  frames: fromFunction.frames?.map(f => `${f.file}:${f.line}`),
}
out.load = await counter.fn.load(client as never)
out.stale = await deleteStaleLibraries(client, [counter.fn])
out.expected = { functionName: counter.fn.functionName, stale: [boom.fn.libraryName!, read.fn.libraryName!].sort() }
client.close()
admin.close()
console.log(JSON.stringify(out))
