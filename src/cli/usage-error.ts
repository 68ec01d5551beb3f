import { RedisLuaError } from '../shared/errors.js'

/** The command line is wrong: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends RedisLuaError {
  override name = 'UsageError'

  /** `command` picks which `--help` the message points to. */
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super('ERR_USAGE', message)
  }
}
