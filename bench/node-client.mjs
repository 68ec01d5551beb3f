// Run in a child process by the clients row, one per client (as an app has one client: in one process
// the runtime's call sites would meet every client's objects): run() against the client's own raw
// EVALSHA on one connection. argv: client name, server URL, sizes as JSON. Prints the ratios as JSON.
import { GlideClient, Logger } from '@valkey/valkey-glide'
import { Redis as IORedis6 } from 'ioredis'
import { Redis as IORedis5 } from 'ioredis5'
import { Redis as IOValkey } from 'iovalkey'
import { createClient as createClient6 } from 'redis'
import { createClient as createClient5 } from 'redis5'
import { pathToFileURL } from 'node:url'
import { clientRatios } from './client-ratios.mjs'
import { settle } from './lib.mjs'
import { benchScript, encodedArgs, PARAMS, RAW_ARGS, withOneThen } from './redis-script.mjs'

/** @param {typeof IORedis6} Client */
const ioredisLike = Client => async (/** @type {URL} */ url) => {
  const redis = new Client({ host: url.hostname, port: Number(url.port) })
  return { client: redis, raw: (sha, argv) => redis.evalsha(sha, 1, ...argv), close: () => redis.quit() }
}

/** @param {typeof createClient6} create */
const nodeRedis = create => async (/** @type {URL} */ url) => {
  const client = await create({ url: url.href }).connect()
  return {
    client,
    raw: (sha, argv) => client.sendCommand(['EVALSHA', sha, '1', ...argv]),
    close: () => client.close(),
  }
}

/**
 * Each client: connect, run() and the client's own raw EVALSHA, close.
 * @type {Record<string, (url: URL) => Promise<{ client: any, raw: (sha: string, argv: string[]) => Promise<unknown>, close: () => Promise<unknown> }>>}
 */
export const CLIENTS = {
  'ioredis 6': ioredisLike(IORedis6),
  'ioredis 5': ioredisLike(/** @type {any} */ (IORedis5)),
  iovalkey: ioredisLike(/** @type {any} */ (IOValkey)),
  'node-redis 5 (RESP2)': nodeRedis(/** @type {any} */ (createClient5)),
  'node-redis 6 (RESP3)': nodeRedis(createClient6),
  'GLIDE (RESP3)': async url => {
    Logger.init('off')
    const client = await GlideClient.createClient({ addresses: [{ host: url.hostname, port: Number(url.port) }] })
    return {
      client,
      raw: (sha, argv) => client.customCommand(['EVALSHA', sha, '1', ...argv]),
      close: async () => client.close(),
    }
  },
}

// Run as a script (not imported by the row for the names).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [name, url, sizes] = process.argv.slice(2)
  const script = await benchScript()
  const { client, raw, close } = await CLIENTS[name](new URL(url))
  try {
    await script.load(client)
    const result = await clientRatios(
      {
        run: () => script.run(client, PARAMS),
        again: () => script.run(client, PARAMS),
        raw: () => raw(script.sha1, RAW_ARGS),
        encoding: () => raw(script.sha1, encodedArgs()),
        floor: () => withOneThen(raw(script.sha1, encodedArgs())),
      },
      { ...JSON.parse(sizes), between: settle },
    )
    console.log(JSON.stringify(result))
  } finally {
    await close()
  }
}
