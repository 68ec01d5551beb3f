import type { Engine } from './call.js'
import { directAdapterOf } from './clients/index.js'
import { markLoaded } from './loaded.js'
import { failure } from './failure.js'

/**
 * SCRIPT LOAD on a client, or on every master of a cluster (and every replica too for a read-only
 * script, which may be sent there). Resolves to the SHA-1.
 */
export async function scriptLoad(client: unknown, engine: Engine): Promise<string> {
  const adapter = directAdapterOf(client, engine.name, 'load()')
  let replies
  try {
    replies = await adapter.everyNode(client as object, 'SCRIPT', ['LOAD', engine.lua], engine.readOnly)
  } catch (error) {
    throw failure(engine, 'load()', client as object, adapter, error, adapter.serverError(error))
  }
  for (const { reply, connection } of replies) {
    // Catches a definition whose sha1 does not match its lua (edited by hand or stale).
    if (reply !== engine.sha1)
      throw new Error(`${engine.name}: Redis hashed the script to ${String(reply)}, but its sha1 says ${engine.sha1}`)
    markLoaded(connection, engine.sha1)
  }
  return engine.sha1
}
