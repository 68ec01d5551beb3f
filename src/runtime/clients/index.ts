import { describe } from '../describe.js'
import type { Adapter, ClientFamily, DirectAdapter } from './adapter.js'
import { ioredis } from './ioredis/index.js'
import { bunFamily } from './bun/index.js'
import { glideFamily } from './glide/index.js'
import { nodeRedisFamily } from './node-redis/index.js'

/** Every supported client, tried in this order; the first whose duck type matches owns the object. */
const FAMILIES: readonly ClientFamily[] = [ioredis, nodeRedisFamily, glideFamily, bunFamily]

const ACCEPTS = FAMILIES.map(family => family.accepts).join('; ')

const known = new WeakMap<object, Adapter>()

/**
 * The adapter of a client object, or a `TypeError` naming the script, the method and what was passed:
 * something that is not a supported client, a closed one, or one of an unsupported version. Thrown
 * before anything is sent.
 */
export function adapterOf(client: unknown, script: string, method: string): Adapter {
  if (typeof client !== 'object' || client === null) throw notAClient(client, script, method)
  let adapter = known.get(client)
  if (adapter === undefined) {
    adapter = detect(client)
    if (adapter === undefined) throw notAClient(client, script, method)
    known.set(client, adapter)
  }
  const problem = adapter.problem?.(client)
  if (problem !== undefined) throw new TypeError(`${script}: ${method} got ${problem}`)
  return adapter
}

/** The adapter of a client that sends commands itself (not a batch), for `load()`. */
export function directAdapterOf(client: unknown, script: string, method: string): DirectAdapter {
  const adapter = adapterOf(client, script, method)
  if (adapter.kind === 'direct') return adapter
  throw new TypeError(`${script}: ${method} takes a client, not a batch (${adapter.label}): run exec() yourself`)
}

function detect(client: object): Adapter | undefined {
  for (const family of FAMILIES) {
    const adapter = family.detect(client)
    if (adapter) return adapter
  }
  return undefined
}

function notAClient(client: unknown, script: string, method: string): TypeError {
  return new TypeError(`${script}: ${method} takes a client: ${ACCEPTS}; got ${describe(client)}`)
}
