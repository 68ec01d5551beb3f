import type { LineMap } from './definition.js'
import { framesAt } from './frames.js'
import { LuaScriptError } from './lua-script-error.js'
import { parseRedisError } from './parse-redis-error.js'

/** The parts of a script that error mapping needs. */
export interface ErrorSource {
  name: string
  lua: string
  lineMap: LineMap
}

// Replies about the server, the connection or the cluster, not about what the script did.
const SERVER_CODES = new Set([
  'NOSCRIPT', 'BUSY', 'LOADING', 'READONLY', 'MASTERDOWN', 'MISCONF', 'OOM', 'NOREPLICAS', 'NOAUTH',
  'NOPERM', 'WRONGPASS', 'CROSSSLOT', 'MOVED', 'ASK', 'TRYAGAIN', 'CLUSTERDOWN', 'EXECABORT',
])

/**
 * The error a caller sees for a failed script call: a {@link LuaScriptError} for an error reply the
 * script caused, anything else (connection errors, `BUSY`, `MOVED`...) unchanged.
 */
export function mapError(script: ErrorSource, error: unknown): unknown {
  if (!isReplyError(error)) return error
  const parsed = parseRedisError(error.message)
  if (parsed.phase === null && SERVER_CODES.has(parsed.code)) return error
  return new LuaScriptError({
    script: script.name,
    code: parsed.code,
    luaError: parsed.message,
    frames: parsed.line === null ? [] : framesAt(script.lua, script.lineMap, parsed.line),
    redisError: error,
  })
}

/** True for the error NOSCRIPT replies raise: the script is not in that server's cache. */
export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT')
}

function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ReplyError'
}
