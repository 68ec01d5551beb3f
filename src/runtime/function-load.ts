import type { Call, Engine, LibrarySource } from './call.js'
import type { DirectAdapter } from './clients/adapter.js'
import { directAdapterOf } from './clients/index.js'
import { markLoaded } from './loaded.js'
import { failure } from './failure.js'

/** FUNCTION LOAD's answer when the library is there already: someone loaded it first, which is as good. */
const ALREADY_EXISTS = /^ERR Library '[^']*' already exists/

// One FUNCTION LOAD per client and library at a time: the calls of a fresh server share it.
const inFlight = new WeakMap<object, Map<string, Promise<void>>>()

/**
 * FUNCTION LOAD (no REPLACE: the name carries the text's hash, so a library of that name is this one)
 * on the client, on every master of a cluster; replicas get libraries by replication, and refuse
 * writes anyway. Rejects with the mapped error.
 */
export function loadLibrary(client: object, adapter: DirectAdapter, engine: Engine): Promise<void> {
  const library = engine.library!
  let loads = inFlight.get(client)
  if (!loads) inFlight.set(client, (loads = new Map()))
  let loading = loads.get(library.name)
  if (!loading) {
    const settled = () => void loads.delete(library.name)
    loading = sendLoad(client, adapter, engine, library).finally(settled)
    loads.set(library.name, loading)
  }
  return loading
}

async function sendLoad(client: object, adapter: DirectAdapter, engine: Engine, library: LibrarySource) {
  try {
    const replies = await adapter.everyNode(client, 'FUNCTION', ['LOAD', library.text], false)
    for (const { connection } of replies) markLoaded(connection, engine.target)
  } catch (error) {
    const text = adapter.serverError(error)
    // Every node was sent the load; one that had it says so, and that counts as loaded.
    if (text === null || !ALREADY_EXISTS.test(text)) throw failure(engine, 'load()', client, adapter, error, text)
  }
}

/** After `Function not found`: loads the library, then calls again, once. */
export async function loadAndCall(client: object, adapter: DirectAdapter, call: Call): Promise<unknown> {
  await loadLibrary(client, adapter, call.engine)
  return adapter.send(client, call.engine.commands.byHash, call.argv, call)
}

/** `load()` of a function: its library on every master; resolves to the function name. */
export async function functionLoad(client: unknown, engine: Engine): Promise<string> {
  await loadLibrary(client as object, directAdapterOf(client, engine.name, 'load()'), engine)
  return engine.target
}
