// Run under Bun by the clients row: run() against Bun's own raw `send('EVALSHA', ...)` on one
// RedisClient (arguments encoded once, and encoded per call). argv: server URL, dist directory, sizes as JSON. Prints the ratios as JSON.
import { RedisClient } from 'bun'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { clientRatios } from './client-ratios.mjs'
import { encodedArgs, LUA, PARAMS, RAW_ARGS, withOneThen } from './script-text.mjs'

const [url, dist, sizes] = process.argv.slice(2)
const fromDist = file => import(pathToFileURL(path.join(dist, file)).href)
const { compile, toDefinition } = await fromDist('core/index.js')
const { defineScript } = await fromDist('runtime/index.js')
const script = defineScript(
  toDefinition(
    compile('/bench/bench.lua', { root: '/bench', readFile: f => (f === '/bench/bench.lua' ? LUA : undefined) }),
  ),
)
const client = new RedisClient(url)
await script.load(client)
const result = await clientRatios(
  {
    run: () => script.run(client, PARAMS),
    again: () => script.run(client, PARAMS),
    raw: () => client.send('EVALSHA', [script.sha1, '1', ...RAW_ARGS]),
    encoding: () => client.send('EVALSHA', [script.sha1, '1', ...encodedArgs()]),
    floor: () => withOneThen(client.send('EVALSHA', [script.sha1, '1', ...encodedArgs()])),
  },
  {
    ...JSON.parse(sizes),
    between: async () => {
      Bun.gc(true)
      await new Promise(resolve => setTimeout(resolve, 10))
    },
  },
)
client.close()
console.log(JSON.stringify({ ...result, version: Bun.version }))
