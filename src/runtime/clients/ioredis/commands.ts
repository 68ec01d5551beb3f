import { loose } from './internals.js'

type Method = (...args: unknown[]) => unknown

// ioredis names its command methods in lower case.
const METHODS = new Map<string, string>()

/**
 * Calls a command through the client's own method (`evalsha`, `eval_ro`, ...) so ioredis applies
 * `keyPrefix` to the key positions only and a Cluster sees the command's read-only flag; `call` when
 * the client lacks the method. On a pipeline this queues the command.
 */
export function invoke(client: object, command: string, argv: unknown[]): unknown {
  let name = METHODS.get(command)
  if (name === undefined) METHODS.set(command, (name = command.toLowerCase()))
  const target = loose(client)
  const method = target[name]
  if (typeof method === 'function') return (method as Method).apply(client, argv)
  return (target.call as Method).call(client, name, ...argv)
}
