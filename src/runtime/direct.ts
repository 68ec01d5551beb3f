import { bodyArgv, type Call } from './call.js'
import type { DirectAdapter } from './clients/adapter.js'
import { failure } from './failure.js'
import { markLoaded } from './loaded.js'
import { loadAndCall } from './function-load.js'
import { isMissing, mapError } from './map-error.js'

/**
 * Runs a call on a client that sends commands itself: EVALSHA first; on NOSCRIPT (never loaded
 * there, SCRIPT FLUSH, restart, failover) the body. Resolves to the decoded result, or rejects with
 * the mapped error.
 */
export function runDirect(client: object, adapter: DirectAdapter, call: Call): Promise<unknown> {
  // One `then` on the hot path: besides encoding, this is all that run() adds to a raw evalsha. Its
  // success handler is the script's own decoder where nothing is remembered (no closure per call).
  return adapter.send(client, call.engine.commands.byHash, call.argv, call).then(
    adapter.connection === undefined
      ? call.engine.decode
      : reply => {
          remember(client, adapter, call)
          return call.engine.decode(reply)
        },
    (error: unknown) => {
      const text = adapter.serverError(error)
      if (isMissing(call.engine, text)) return finish(adapter, call, resend(client, adapter, call))
      return Promise.reject(failure(call.engine, 'run()', client, adapter, error, text))
    },
  )
}

/** A call again, after the server said it lacks the script (EVAL) or the function (FUNCTION LOAD first). */
export function resend(client: object, adapter: DirectAdapter, call: Call): Promise<unknown> {
  return call.engine.library === null ? sendBody(client, adapter, call) : loadAndCall(client, adapter, call)
}

/** The decoded result of a reply, or the mapped error. */
export function finish(adapter: DirectAdapter, call: Call, reply: Promise<unknown>): Promise<unknown> {
  return reply.then(
    value => call.engine.decode(value),
    (error: unknown) => Promise.reject(mapError(call.engine, error, adapter.serverError(error))),
  )
}

/** Sends the script body (`EVAL`/`EVAL_RO`), which also caches it on that server. */
export async function sendBody(client: object, adapter: DirectAdapter, call: Call): Promise<unknown> {
  const reply = await adapter.send(
    client,
    call.engine.commands.byBody,
    bodyArgv(call.engine, call.argv, adapter.head),
    call,
  )
  remember(client, adapter, call)
  return reply
}

// Cheap off a cluster (one property); on a cluster finding the node would cost more than it saves.
function remember(client: object, adapter: DirectAdapter, call: Call): void {
  if (adapter.connection !== undefined && !adapter.cluster(client))
    markLoaded(adapter.connection(client, call), call.engine.target)
}
