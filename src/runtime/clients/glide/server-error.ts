/**
 * GLIDE's Rust core rewrites every server error reply (redis-rs): `ERR x` becomes
 * `An error was signalled by the server: - ResponseError: x`, a known code becomes its kind's name
 * (`- NoScriptError: ...`), any other code gets a colon (`WRONGTYPE: ...`). This undoes it, so the
 * runtime sees Redis' own text.
 */
const SIGNALLED = /^An error was signalled by the server: - (\w+): ([\s\S]*)$/
const CODED = /^([A-Z][A-Z0-9_]+): ([\s\S]*)$/

// redis-rs' error kinds, by the code the server sent.
const KINDS: Record<string, string> = {
  ResponseError: 'ERR',
  NoScriptError: 'NOSCRIPT',
  ExecAbortError: 'EXECABORT',
  BusyLoadingError: 'LOADING',
  Moved: 'MOVED',
  Ask: 'ASK',
  TryAgain: 'TRYAGAIN',
  ClusterDown: 'CLUSTERDOWN',
  CrossSlot: 'CROSSSLOT',
  MasterDown: 'MASTERDOWN',
  ReadOnly: 'READONLY',
  NotBusy: 'NOTBUSY',
  NoPerm: 'NOPERM',
}

// GLIDE's classes for replies the server sent; timeouts, closed clients and connection errors are not.
const SERVER_CLASSES = new Set(['RequestError', 'ExecAbortError'])

/** The server's own text of a GLIDE error, or `null` when it is not a server's error reply. */
export function glideServerError(error: unknown): string | null {
  if (!(error instanceof Error) || !SERVER_CLASSES.has(error.name)) return null
  return serverText(error.message)
}

/** Redis' own text for a message GLIDE rewrote (exported for tests of captured texts). */
export function serverText(message: string): string {
  const signalled = SIGNALLED.exec(message)
  if (signalled) {
    const code = KINDS[signalled[1]] ?? signalled[1].toUpperCase()
    // `- ResponseError: ERR x` would mean the code was kept: do not double it.
    return signalled[2].startsWith(`${code} `) ? signalled[2] : `${code} ${signalled[2]}`
  }
  const coded = CODED.exec(message)
  return coded ? `${coded[1]} ${coded[2]}` : message
}
