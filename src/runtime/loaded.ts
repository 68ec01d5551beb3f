/**
 * Which scripts each socket's server is known to have cached. A script is only recorded after Redis
 * accepted it (a committed EXEC, a successful reply, SCRIPT LOAD), never when it is merely written, so
 * a discarded or WATCH-aborted MULTI cannot leave a socket wrongly marked (iovalkey#76).
 */
const known = new WeakMap<object, Set<string>>()

export function isLoaded(socket: object | null, sha1: string): boolean {
  return socket !== null && (known.get(socket)?.has(sha1) ?? false)
}

export function markLoaded(socket: object | null, sha1: string): void {
  if (socket === null) return
  const scripts = known.get(socket)
  if (scripts) scripts.add(sha1)
  else known.set(socket, new Set([sha1]))
}

/** After NOSCRIPT: the server lost its cache (SCRIPT FLUSH, restart, failover), so forget all of it. */
export function forgetLoaded(socket: object | null): void {
  if (socket !== null) known.delete(socket)
}
