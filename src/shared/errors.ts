/**
 * The base of every error this package throws on purpose, so one `instanceof RedisLuaError` catches
 * them all. `code` says which kind it is: `ERR_SCRIPT_ARGUMENT`, `ERR_SCRIPT_RETURN`, `ERR_SCRIPT_ABORTED`,
 * `ERR_SCRIPT_COMPILE`, `ERR_USAGE`, `ERR_OPTIONS`, or for a `LuaScriptError` the code Redis gave (`ERR`, `WRONGTYPE`, ...).
 *
 * Messages name their subject first: `<script>: ...` for an error about one script, and
 * `[unplugin-redis-lua] ...` for one about the package's own options.
 */
export class RedisLuaError extends Error {
  override name = 'RedisLuaError'
  /** Which kind of error this is. */
  readonly code: string

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** An error about the package's options or set-up, prefixed the one way. */
export function optionsError(message: string): RedisLuaError {
  return new RedisLuaError('ERR_OPTIONS', `[unplugin-redis-lua] ${message}`)
}
