import type { LineMap } from '../shared/definition.js'
import { framesAt } from './frames.js'
import { LuaScriptError } from './lua-script-error.js'
import { parseRedisError } from './parse-redis-error.js'

/** The parts of a script that error mapping needs. */
export interface ErrorSource {
  name: string
  lua: string
  lineMap: LineMap
  /** How many lines the text the server ran has before the script's line 1 (a function's library: 1). @default 0 */
  lineOffset?: number
}

// Replies about the server, the connection or the cluster, not about what the script did.
const SERVER_CODES = new Set([
  'NOSCRIPT',
  'BUSY',
  'LOADING',
  'READONLY',
  'MASTERDOWN',
  'MISCONF',
  'OOM',
  'NOREPLICAS',
  'NOAUTH',
  'NOPERM',
  'WRONGPASS',
  'CROSSSLOT',
  'MOVED',
  'ASK',
  'TRYAGAIN',
  'CLUSTERDOWN',
  'EXECABORT',
])

/**
 * The error a caller sees for a failed script call: a {@link LuaScriptError} for an error reply the
 * script caused; a server's refusal (`BUSY`, `OOM`, `READONLY`...) named after the script; anything
 * else (connection errors) unchanged. `text` is the server's reply in Redis' own words, as the
 * client's adapter read it from the error (`null`: not a server error).
 */
export function mapError(script: ErrorSource, error: unknown, text: string | null): unknown {
  if (text === null || !(error instanceof Error)) return error
  const parsed = parseRedisError(text)
  if (parsed.phase === null && SERVER_CODES.has(parsed.code)) return refusal(script.name, parsed.code, text, error)
  return new LuaScriptError({
    script: script.name,
    code: parsed.code,
    luaError: parsed.message,
    frames: parsed.line === null ? [] : framesAt(script.lua, script.lineMap, parsed.line - (script.lineOffset ?? 0)),
    redisError: error,
  })
}

/**
 * A server's refusal, naming the script: Redis' `BUSY Redis is busy running a script...` does not say
 * which call it refused, nor that it was this script's. Kept the same kind of error as the client's
 * (ioredis' `ReplyError`, node-redis' `SimpleError`...), its message starting with the code, so
 * handling written for the client's errors still matches; `cause` is the client's error itself.
 */
function refusal(script: string, code: string, text: string, error: Error): Error {
  const named = new Error(`${text} (script "${script}")`, { cause: error })
  Object.setPrototypeOf(named, Object.getPrototypeOf(error))
  // ioredis names its errors in a prototype getter; another client may set its own `name`.
  if (named.name !== error.name) named.name = error.name
  return Object.assign(named, { script, code })
}

/** True for the text of the error NOSCRIPT replies raise: the script is not in that server's cache. */
export function isNoScript(text: string | null): boolean {
  return text !== null && text.startsWith('NOSCRIPT')
}

/** True for FCALL's answer when the server has no such function (never loaded there, FUNCTION FLUSH). */
export function isFunctionNotFound(text: string | null): boolean {
  return text !== null && text.startsWith('ERR Function not found')
}

// A cluster's answers that the command did not run there: it belongs elsewhere, or not yet.
const REDIRECTION = /^(?:MOVED|ASK|TRYAGAIN|CLUSTERDOWN) /

/** True for a cluster's refusal to run the command where it was sent (`MOVED`, `ASK`, `TRYAGAIN`...). */
export function isRedirection(text: string | null): boolean {
  return text !== null && REDIRECTION.test(text)
}

/** True when the server lacks what the call names: the script's or the function's "not found". */
export function isMissing(source: { library: unknown }, text: string | null): boolean {
  return source.library === null ? isNoScript(text) : isFunctionNotFound(text)
}
