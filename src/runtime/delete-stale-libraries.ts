import { LIBRARY_PREFIX } from '../shared/functions.js'
import { directAdapterOf } from './clients/index.js'
import type { DirectAdapter } from './clients/adapter.js'

/** What a script that is in use says about its library; a script object has it. */
export interface UsesLibrary {
  readonly kind?: 'function' | 'script'
  readonly libraryName?: string
}

/** Options of {@link deleteStaleLibraries}. */
export interface DeleteStaleLibrariesOptions {
  /**
   * Only list what would be deleted.
   * @default false
   */
  dryRun?: boolean
}

const NAME = 'deleteStaleLibraries()'
// A node that lacks a library answers this to its FUNCTION DELETE; the others still deleted it.
const NOT_FOUND = /^ERR Library not found/

/**
 * Deletes, on the server (every master of a cluster), the Functions libraries this package loaded
 * (their names start with `redislua_`) that none of `scripts` uses: the libraries of older builds,
 * which a deploy leaves behind since every change of a script gives its library a new name. Give it
 * every script of every service that shares the server: a library no script given uses is deleted.
 * Libraries of other tools are never touched. Resolves to the names deleted (or, with `dryRun`, that
 * would be), sorted.
 */
export async function deleteStaleLibraries(
  client: unknown,
  scripts: Iterable<UsesLibrary> | Record<string, UsesLibrary>,
  options: DeleteStaleLibrariesOptions = {},
): Promise<string[]> {
  const adapter = directAdapterOf(client, 'redis-lua', NAME)
  const list = Symbol.iterator in scripts ? [...(scripts as Iterable<UsesLibrary>)] : Object.values(scripts)
  const used = new Set(list.flatMap(s => (s.kind === 'function' && s.libraryName ? [s.libraryName] : [])))
  const deleted = new Set<string>()
  // Nodes may disagree (a library loaded on some only): list again after deleting, until none is left.
  for (let round = 0; round < 3; round++) {
    const stale = (await listed(client as object, adapter)).filter(name => !used.has(name))
    if (!stale.length || options.dryRun) return [...new Set([...deleted, ...stale])].sort()
    for (const name of stale) {
      await adapter.everyNode(client as object, 'FUNCTION', ['DELETE', name], false).catch((error: unknown) => {
        if (!NOT_FOUND.test(adapter.serverError(error) ?? '')) throw error
      })
      deleted.add(name)
    }
  }
  return [...deleted].sort()
}

/** The names of this package's libraries on every node. */
async function listed(client: object, adapter: DirectAdapter): Promise<string[]> {
  const replies = await adapter.everyNode(client, 'FUNCTION', ['LIST', 'LIBRARYNAME', `${LIBRARY_PREFIX}*`], false)
  const names = new Set<string>()
  for (const { reply } of replies) collectNames(reply, names)
  return [...names].filter(name => name.startsWith(LIBRARY_PREFIX))
}

/**
 * The `library_name` values of a FUNCTION LIST reply, whatever shape the client gives it: RESP2's
 * flat `[key, value, ...]` arrays, RESP3 maps as `Map`s or plain objects, or `{ key, value }` records.
 */
function collectNames(reply: unknown, names: Set<string>): void {
  if (reply instanceof Map) return collectNames(Object.fromEntries(reply), names)
  if (Array.isArray(reply)) {
    for (let i = 0; i < reply.length; i++) {
      if (text(reply[i]) === 'library_name' && i + 1 < reply.length) names.add(text(reply[i + 1]))
      else collectNames(reply[i], names)
    }
    return
  }
  if (typeof reply !== 'object' || reply === null || isBytes(reply)) return
  const record = reply as Record<string, unknown>
  if (text(record.key) === 'library_name' && 'value' in record) names.add(text(record.value))
  if ('library_name' in record) names.add(text(record.library_name))
  for (const value of Object.values(record)) collectNames(value, names)
}

function isBytes(value: object): value is Uint8Array {
  return value instanceof Uint8Array
}

function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof Uint8Array) return new TextDecoder().decode(value)
  return ''
}
