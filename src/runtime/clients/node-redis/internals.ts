/**
 * The node-redis (`redis`, `@redis/client` 5 and 6) members the runtime reads, in one place. All are
 * public; `_keyPrefix` is underscore-named but documented ("The configured key prefix"), and exists
 * from 6.1 on, the first release that applies `keyPrefix` (5 ignores the option, and so do we).
 */
type Method = (...args: unknown[]) => unknown

export interface NodeRedisLoose {
  [member: string]: unknown
  isOpen?: unknown
  _keyPrefix?: unknown
  sendCommand?: Method
  withTypeMapping?: unknown
  multi?: unknown
  /** A cluster's masters and replicas. */
  masters?: NodeRedisNode[]
  replicas?: NodeRedisNode[]
  nodeClient?: (node: NodeRedisNode) => unknown
  /** A multi's queueing hook and its two ways of running. */
  addCommand?: (args: unknown[], transformReply?: (reply: unknown) => unknown) => unknown
  exec?: Method
  execAsPipeline?: Method
  EXEC?: Method
}

/** A cluster node as node-redis lists it: only handed back to `nodeClient()`. */
export type NodeRedisNode = object

export const nodeRedis = (client: object): NodeRedisLoose => client as NodeRedisLoose

/** node-redis' server errors are `ErrorReply`s (`SimpleError`, `BlobError`): `name` is plain `Error`. */
export function errorReplyText(error: unknown): string | null {
  if (!(error instanceof Error)) return null
  for (let proto: unknown = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name
    // A MultiErrorReply is one too, but says how many commands failed, not what the server said.
    if (name === 'MultiErrorReply') return null
    if (name === 'ErrorReply') return error.message
  }
  return null
}
