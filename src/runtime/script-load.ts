import type { Engine } from './call.js'
import { clusterNodes, invoke, isClient, isCluster, isPipeline, socketOf } from './client.js'
import { describe } from './describe.js'
import { markLoaded } from './loaded.js'
import { mapError } from './map-error.js'

/**
 * SCRIPT LOAD on a `Redis`, or on every master of a `Cluster` (and every replica too for a read-only
 * script, which `scaleReads` may send there). Resolves to the SHA-1.
 */
export async function scriptLoad(client: unknown, engine: Engine): Promise<string> {
  if (!isClient(client) || isPipeline(client))
    throw new TypeError(`${engine.name}: load() takes an ioredis Redis or Cluster, got ${describe(client)}`)
  const nodes = isCluster(client) ? await clusterNodes(client, engine.readOnly) : [client]
  await Promise.all(nodes.map(node => loadOn(node, engine)))
  return engine.sha1
}

async function loadOn(node: object, engine: Engine): Promise<void> {
  let sha1: unknown
  try {
    sha1 = await invoke(node, 'script', ['LOAD', engine.lua])
  } catch (error) {
    throw mapError(engine, error)
  }
  // Catches a definition whose sha1 does not match its lua (edited by hand or stale).
  if (sha1 !== engine.sha1)
    throw new Error(`${engine.name}: Redis hashed the script to ${String(sha1)}, but its sha1 says ${engine.sha1}`)
  markLoaded(socketOf(node, null), engine.sha1)
}
