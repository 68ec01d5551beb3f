import type { ReturnSpec } from '../shared/definition.js'
import { RedisLuaError } from '../shared/errors.js'

/**
 * A parameter of a script call is missing, unknown or of the wrong type (or, on a cluster, the keys
 * are in different slots). Thrown before anything is sent to Redis.
 */
export class ScriptArgumentError extends RedisLuaError {
  override name = 'ScriptArgumentError'
  /** The script's name, e.g. `create_foo`. */
  readonly script: string
  /** The parameter (key or arg) at fault. */
  readonly argument: string
  /** What the parameter should have been, e.g. `integer (a safe integer number or bigint)`. */
  readonly expected: string
  /** Where inside a structured argument the fault is, e.g. `job.attempts`; the argument's name otherwise. */
  readonly path: string

  constructor(script: string, argument: string, expected: string, message: string, path = argument) {
    super('ERR_SCRIPT_ARGUMENT', `${script}: ${message}`)
    this.script = script
    this.argument = argument
    this.expected = expected
    this.path = path
  }
}

/** The script's reply does not match its `%return` type. */
export class ScriptReturnError extends RedisLuaError {
  override name = 'ScriptReturnError'
  readonly script: string
  /** The declared `%return` type. */
  readonly expected: ReturnSpec
  /** The reply as the client gave it. */
  readonly received: unknown
  /** Where in the result the fault is: `result`, `result.remaining`, `result.leaders[0].score`. */
  readonly path: string

  constructor(script: string, expected: ReturnSpec, received: unknown, message: string, path = 'result') {
    super('ERR_SCRIPT_RETURN', `${script}: ${message}`)
    this.script = script
    this.expected = expected
    this.received = received
    this.path = path
  }
}

/**
 * A call queued in a `multi()` did not run because the transaction did not commit: `EXEC` returned
 * nil because a `WATCH`ed key changed.
 */
export class ScriptAbortedError extends RedisLuaError {
  override name = 'ScriptAbortedError'
  readonly script: string

  constructor(script: string) {
    super(
      'ERR_SCRIPT_ABORTED',
      `${script}: the transaction was aborted (a WATCHed key changed), so the script did not run`,
    )
    this.script = script
  }
}

/**
 * A function was called inside `multi()` on a connection not known to have its library: a
 * `Function not found` there could not be mended without running the call outside the transaction.
 * Thrown before anything is queued; `await script.load(client)` first (once per server).
 */
export class ScriptNotLoadedError extends RedisLuaError {
  override name = 'ScriptNotLoadedError'
  readonly script: string

  constructor(script: string, canKnow = true) {
    super(
      'ERR_SCRIPT_NOT_LOADED',
      canKnow
        ? `${script}: a Redis Function is called inside multi() only once its library is known loaded on that connection: call \`await script.load(client)\` (or run it once outside the transaction) first`
        : `${script}: this client's multi() does not say which connection it runs on, so a Redis Function's library cannot be known loaded there: run the function outside multi()`,
    )
    this.script = script
  }
}
