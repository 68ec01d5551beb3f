import type { RedisOptions } from 'ioredis'

/**
 * The client set-ups every live result test runs under: ioredis 6's default (RESP3, legacy reply
 * mapping), RESP2, RESP3 with `replyMapping: 'resp3'`, and `stringNumbers`.
 */
export const CLIENT_MODES: [string, RedisOptions][] = [
  ['RESP3 (ioredis 6 default)', {}],
  ['RESP2 (protocol: 2)', { protocol: 2 }],
  ["RESP3 replyMapping 'resp3'", { protocol: 3, replyMapping: 'resp3' }],
  ['stringNumbers', { stringNumbers: true }],
]
