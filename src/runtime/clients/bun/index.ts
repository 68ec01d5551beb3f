import type { ClientFamily, DirectAdapter } from '../adapter.js'

interface BunLoose {
  [member: string]: unknown
  send?: (command: string, args: unknown[]) => Promise<unknown>
  connected?: unknown
}

const bun = (client: object): BunLoose => client as BunLoose

/** Bun's `RedisClient` (and `Bun.redis`): RESP3 only, no cluster, no pipeline object, no key prefix. */
const bunClient: DirectAdapter = {
  kind: 'direct',
  label: 'Bun RedisClient',
  head: 0,
  cluster: () => false,
  keyPrefix: () => undefined,
  // Bun's `send` takes the arguments after the command, as strings or Buffers: argv as it is.
  send: (client, command, argv) => bun(client).send!(command, argv),
  everyNode: async (client, command, args) => [{ reply: await bun(client).send!(command, args), connection: null }],
  // Bun's server errors carry `code: 'ERR_REDIS_SERVER_ERROR'` and the server's text as the message.
  serverError: error =>
    error instanceof Error && (error as { code?: unknown }).code === 'ERR_REDIS_SERVER_ERROR' ? error.message : null,
  // Bun cannot say beforehand that it was closed: `connected` is false before the first command too.
  closedBy: (client, error) =>
    (error as { code?: unknown } | null)?.code === 'ERR_REDIS_CONNECTION_CLOSED' && bun(client).connected === false
      ? 'a closed Bun RedisClient (close() was called or its connection failed)'
      : undefined,
}

export const bunFamily: ClientFamily = {
  accepts: 'a Bun RedisClient (or Bun.redis)',
  detect: client => (typeof bun(client).send === 'function' && 'connected' in client ? bunClient : undefined),
}
