/** What a Redis error reply says about a script that failed. */
export interface ParsedRedisError {
  /** The error code: the one Lua raised (`WRONGTYPE`, a user's `MYCODE`) or the reply's; `ERR` when none. */
  code: string
  /** The message alone: no code, no location, no `script: <sha>` suffix. */
  message: string
  /** The line of the rendered script Redis blames, or `null` when it names none. */
  line: number | null
  /** `compile` for a body Redis could not compile, `run` for an error while it ran, `null` when unknown. */
  phase: 'compile' | 'run' | null
}

// Redis 7: `<code> [user_script:N: ]<msg> script: <sha or function>, on @user_script:N.`
const REDIS7 = /^([\s\S]*?) script: [^\s,]+, on @user_(?:script|function):(\d+)\.$/
// Redis <= 6.2: `ERR Error running script (call to f_<sha>): @<chunk>:N: <inner>`
const RUNNING = /^(?:ERR )?Error running script \(call to f_[0-9a-f]+\): @(\w+): ?(\d+): ([\s\S]*)$/
const COMPILING = /^(?:ERR )?Error compiling script \([^)]*\): ([\s\S]*)$/
// A Lua chunk position: `user_script:3: `, `@user_script: 113: ` (Redis 2.8 to 6), `f_<sha>:11: ` (pre-2.8).
const POSITION = /^@?(?:user_script|user_function|f_[0-9a-f]+): ?(\d+): /
const ANY_POSITION = /(?:^|\s)(@?(?:user_script|user_function|f_[0-9a-f]+): ?\d+: [\s\S]*)$/
const CODE = /^([A-Z][A-Z0-9_]+) ([\s\S]*)$/

/**
 * Parses the error reply of a script call, in every format Redis 5 to 7 has used.
 * Pure: the caller maps `line` through the script's line map.
 */
export function parseRedisError(reply: string): ParsedRedisError {
  return redis7(reply) ?? running(reply) ?? compiling(reply) ?? positioned(reply) ?? unlocated(reply)
}

function redis7(reply: string): ParsedRedisError | undefined {
  const match = REDIS7.exec(reply)
  if (!match) return undefined
  const { code, rest } = splitCode(match[1])
  const inner = stripPositions(rest)
  return { code, message: inner.message, line: inner.line ?? Number(match[2]), phase: 'run' }
}

function running(reply: string): ParsedRedisError | undefined {
  const match = RUNNING.exec(reply)
  if (!match) return undefined
  const inner = stripPositions(match[3])
  const outer = match[1] === 'user_script' || match[1] === 'user_function' ? Number(match[2]) : null
  const { code, rest } = splitCode(inner.message)
  return { code, message: rest, line: inner.line ?? outer, phase: 'run' }
}

function compiling(reply: string): ParsedRedisError | undefined {
  const match = COMPILING.exec(reply)
  if (!match) return undefined
  const inner = stripPositions(match[1])
  return { code: 'ERR', message: inner.message, line: inner.line, phase: 'compile' }
}

/** Any other text that still names a chunk position, e.g. `ERR boom: f_1234abc:11: my lua error`. */
function positioned(reply: string): ParsedRedisError | undefined {
  const match = ANY_POSITION.exec(reply)
  if (!match) return undefined
  const inner = stripPositions(match[1])
  return { code: splitCode(reply).code, message: inner.message, line: inner.line, phase: 'run' }
}

function unlocated(reply: string): ParsedRedisError {
  const { code, rest } = splitCode(reply)
  return { code, message: rest, line: null, phase: null }
}

/** Removes leading chunk positions (6.2 nests two); the innermost line wins. */
function stripPositions(text: string): { message: string; line: number | null } {
  let message = text
  let line: number | null = null
  for (let match = POSITION.exec(message); match; match = POSITION.exec(message)) {
    line = Number(match[1])
    message = message.slice(match[0].length)
  }
  return { message, line }
}

function splitCode(text: string): { code: string; rest: string } {
  const match = CODE.exec(text)
  return match ? { code: match[1], rest: match[2] } : { code: 'ERR', rest: text }
}
