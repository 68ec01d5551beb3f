import { bodyArgv, bodyCommand, shaArgv, shaCommand, socketFor, type Call } from './call.js'
import { invoke, isCluster } from './client.js'
import { markLoaded } from './loaded.js'
import { isNoScript, mapError } from './map-error.js'

/** Runs a call on a `Redis` or `Cluster`: decoded result, or the mapped error. */
export function runDirect(client: object, call: Call): Promise<unknown> {
  return finish(call, send(client, call))
}

/** The decoded result of a reply, or the mapped error. */
export function finish(call: Call, reply: Promise<unknown>): Promise<unknown> {
  return reply.then(
    value => call.engine.decode(value),
    (error: unknown) => Promise.reject(mapError(call.engine, error)),
  )
}

/** EVALSHA first; on NOSCRIPT (never loaded here, SCRIPT FLUSH, restart, failover) the body. */
async function send(client: object, call: Call): Promise<unknown> {
  try {
    const reply = await invoke(client, shaCommand(call), shaArgv(call))
    // Cheap off a cluster (one property); on a cluster finding the node costs more than it saves.
    if (!isCluster(client)) markLoaded(socketFor(client, call), call.engine.sha1)
    return reply
  } catch (error) {
    if (!isNoScript(error)) throw error
  }
  return sendBody(client, call)
}

/** Sends the script body (`EVAL`/`EVAL_RO`), which also caches it on that server. */
export async function sendBody(client: object, call: Call): Promise<unknown> {
  const reply = await invoke(client, bodyCommand(call), bodyArgv(call))
  if (!isCluster(client)) markLoaded(socketFor(client, call), call.engine.sha1)
  return reply
}
