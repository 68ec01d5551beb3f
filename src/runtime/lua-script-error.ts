import { RedisLuaError } from '../shared/errors.js'
import type { LuaFrame } from './frames.js'

/** What {@link LuaScriptError} is built from. */
export interface LuaScriptErrorInit {
  script: string
  code: string
  luaError: string
  frames: LuaFrame[]
  redisError: Error
}

/**
 * An error Redis raised while compiling or running a script, mapped back to the source files:
 * `frames` is the Lua traceback through `%include`s, outermost first.
 */
export class LuaScriptError extends RedisLuaError {
  override name = 'LuaScriptError'
  /** The script's name, e.g. `create_foo`. */
  readonly script: string
  /** `ERR`, `WRONGTYPE`, or the code a script raised with `error({ err = 'MYCODE ...' })`. */
  declare readonly code: string
  /** The clean message, e.g. `Script attempted to access nonexistent global variable 'x'`. */
  readonly luaError: string
  /** Where it happened, outermost first; empty when Redis named no line (`redis.error_reply`). */
  readonly frames: readonly LuaFrame[]
  /** The error reply as the client raised it. */
  readonly redisError: Error

  constructor(init: LuaScriptErrorInit) {
    super(init.code, formatMessage(init), { cause: init.redisError })
    this.script = init.script
    this.luaError = init.luaError
    this.frames = init.frames
    this.redisError = init.redisError
    this.stack = withLuaFrames(this.stack, `${this.name}: ${this.message}`, init)
  }
}

function formatMessage({ script, code, luaError, frames }: LuaScriptErrorInit): string {
  const headline = code === 'ERR' ? luaError : `${code} ${luaError}`
  if (!frames.length) return `${headline} (script "${script}")`
  const trace = frames.map(f => `  Script "${f.file}", line ${f.line}\n    ${f.source}`)
  return [headline, 'LUA Traceback (most recent script last):', ...trace].join('\n')
}

/** Puts `at <script> (<file>:<line>)` lines, innermost first as in JS stacks, above the JS frames. */
function withLuaFrames(
  stack: string | undefined,
  header: string,
  { script, frames }: LuaScriptErrorInit,
): string | undefined {
  if (stack === undefined || !frames.length) return stack
  const jsFrames = stack.startsWith(header) ? stack.slice(header.length) : `\n${stack}`
  const luaFrames = frames
    .slice()
    .reverse()
    .map(f => `\n    at ${script} (${f.file}:${f.line})`)
    .join('')
  return header + luaFrames + jsFrames
}
