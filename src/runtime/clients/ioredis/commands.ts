import { loose } from './internals.js'

type Method = (...args: unknown[]) => unknown

// ioredis names its command methods in lower case; the script commands are known up front.
const METHODS: Record<string, string> = {
  EVALSHA: 'evalsha',
  EVALSHA_RO: 'evalsha_ro',
  EVAL: 'eval',
  EVAL_RO: 'eval_ro',
  FCALL: 'fcall',
  FCALL_RO: 'fcall_ro',
}

/**
 * Calls a command through the client's own method (`evalsha`, `eval_ro`, ...) so ioredis applies
 * `keyPrefix` to the key positions only and a Cluster sees the command's read-only flag; `call` when
 * the client lacks the method. On a pipeline this queues the command.
 */
export function invoke(client: object, command: string, argv: unknown[]): unknown {
  const name = METHODS[command] ?? command.toLowerCase()
  const target = loose(client)
  const method = target[name]
  if (typeof method === 'function') return (method as Method).apply(client, argv)
  return (target.call as Method).call(client, name, ...argv)
}
