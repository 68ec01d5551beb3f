import type { ClientFamily, DirectAdapter } from '../adapter.js'
import { glideServerError } from './server-error.js'

type Method = (...args: unknown[]) => Promise<unknown>

interface GlideLoose {
  [member: string]: unknown
  customCommand?: Method
  invokeScript?: unknown
  fcallWithRoute?: unknown
  isClosed?: unknown
}

const glide = (client: object): GlideLoose => client as GlideLoose

/**
 * A multi-node route's reply: one value per node, as a `{ key, value }[]` record (RESP3), an object
 * keyed by address, or a single value when the core answered once.
 */
function perNode(reply: unknown): unknown[] {
  if (Array.isArray(reply)) return reply.map(entry => (entry as { value?: unknown }).value)
  if (typeof reply === 'object' && reply !== null) return Object.values(reply)
  return [reply]
}

function problem(client: object): string | undefined {
  if (glide(client).isClosed === true) return 'a closed GLIDE client (close() was called)'
  return undefined
}

/**
 * Valkey GLIDE `GlideClient` and `GlideClusterClient`, through `customCommand`: GLIDE's own
 * `invokeScript` never sends EVALSHA_RO and needs a `Script` object released by hand. GLIDE keeps its
 * connections to itself, so nothing is remembered per connection (nothing needs it: GLIDE batches
 * are not supported). The core routes EVALSHA/EVAL(_RO) by their first key.
 */
const glideClient = (cluster: boolean): DirectAdapter => ({
  kind: 'direct',
  label: cluster ? 'GLIDE cluster client' : 'GLIDE client',
  // GLIDE takes the command and its arguments in one array of strings and Buffers (`GlideString`).
  head: 1,
  cluster: () => cluster,
  keyPrefix: () => undefined,
  send(client, command, argv) {
    argv[0] = command
    return glide(client).customCommand!(argv)
  },
  async everyNode(client, command, args, withReplicas) {
    const options = cluster ? [{ route: withReplicas ? 'allNodes' : 'allPrimaries' }] : []
    const reply = await glide(client).customCommand!([command, ...args], ...options)
    return (cluster ? perNode(reply) : [reply]).map(value => ({ reply: value, connection: null }))
  },
  serverError: glideServerError,
  problem,
})

const standalone = glideClient(false)
const clustered = glideClient(true)

export const glideFamily: ClientFamily = {
  accepts: 'a GLIDE GlideClient or GlideClusterClient',
  detect(client) {
    const target = glide(client)
    if (typeof target.customCommand !== 'function' || typeof target.invokeScript !== 'function') return undefined
    return typeof target.fcallWithRoute === 'function' ? clustered : standalone
  },
}
