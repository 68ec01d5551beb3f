import { bodyArgv, bodyCommand, shaCommand, socketFor, type Call } from './call.js'
import { invoke, isCluster } from './client.js'
import { coalesceWrites } from './coalesce-writes.js'
import { markLoaded } from './loaded.js'
import { isNoScript, mapError } from './map-error.js'

/**
 * Runs a call on a `Redis` or `Cluster`: EVALSHA first; on NOSCRIPT (never loaded there, SCRIPT
 * FLUSH, restart, failover) the body. Resolves to the decoded result, or rejects with the mapped error.
 */
export function runDirect(client: object, call: Call): Promise<unknown> {
  coalesceWrites(client, call)
  // One `then` on the hot path: besides encoding, this is all that run() adds to a raw evalsha.
  return (invoke(client, shaCommand(call), call.argv) as Promise<unknown>).then(
    reply => {
      remember(client, call)
      return call.engine.decode(reply)
    },
    (error: unknown) =>
      isNoScript(error) ? finish(call, sendBody(client, call)) : Promise.reject(mapError(call.engine, error)),
  )
}

/** The decoded result of a reply, or the mapped error. */
export function finish(call: Call, reply: Promise<unknown>): Promise<unknown> {
  return reply.then(
    value => call.engine.decode(value),
    (error: unknown) => Promise.reject(mapError(call.engine, error)),
  )
}

/** Sends the script body (`EVAL`/`EVAL_RO`), which also caches it on that server. */
export async function sendBody(client: object, call: Call): Promise<unknown> {
  const reply = await invoke(client, bodyCommand(call), bodyArgv(call))
  remember(client, call)
  return reply
}

// Cheap off a cluster (one property); on a cluster finding the node would cost more than it saves.
function remember(client: object, call: Call): void {
  if (!isCluster(client)) markLoaded(socketFor(client, call), call.engine.sha1)
}
