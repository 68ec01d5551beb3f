// The script rows 1-4 run: one key, an integer and a 10-element list, compiled like a `.lua` import.
import { fromDist } from './lib.mjs'

export { encodedArgs, KEY, LUA, PARAMS, RAW_ARGS, STEP, TAGS, withOneThen } from './script-text.mjs'
import { LUA } from './script-text.mjs'

/**
 * The compiled script object (what `import script from './bench.lua'` gives); `{ functions: true }`
 * compiles it as a Redis Function.
 */
export async function benchScript(options = {}) {
  const { compile, toDefinition } = await fromDist('core/index.js')
  const { defineScript } = await fromDist('runtime/index.js')
  const result = compile('/bench/bench.lua', {
    root: '/bench',
    readFile: file => (file === '/bench/bench.lua' ? LUA : undefined),
    functions: options.functions === true,
  })
  const errors = result.diagnostics.filter(d => d.severity === 'error')
  if (errors.length) throw new Error(`bench script does not compile: ${errors[0].message}`)
  return defineScript(toDefinition(result))
}

/** A throw-away redis-server (never the shared one on 6379), its version, and a stop(). */
export async function benchServer() {
  const { startRedis } = await fromDist('testing/index.js')
  const server = await startRedis()
  const admin = server.client()
  const info = await admin.info('server')
  const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'
  return { server, admin, version }
}

/**
 * Runs `body({ script, redis, server, version })` with the script loaded on a fresh connection to a
 * throw-away server, and stops the server afterwards; adds `redisVersion` to what body returns.
 */
export async function withLoadedScript(body) {
  const script = await benchScript()
  const { server, version } = await benchServer()
  try {
    const redis = server.client()
    await script.load(redis)
    return { redisVersion: version, ...(await body({ script, redis, server, version })) }
  } finally {
    await server.stop()
  }
}
