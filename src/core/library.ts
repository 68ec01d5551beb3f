import { LIBRARY_PREFIX } from '../shared/functions.js'
import { mangleName } from './function-names.js'
import { sha1 } from './sha1.js'

/** A rendered script as a Functions library of its own. */
export interface Library {
  /** The library text for FUNCTION LOAD. */
  library: string
  libraryName: string
  functionName: string
  /** The text before the script's line 1 on the library's line 2: columns there shift by its length. */
  header: string
}

/** How many hex digits of the hash go into the names: distinct builds of one script get distinct names. */
const HASH_DIGITS = 12

/**
 * Wraps a rendered script into `#!lua name=<lib>` plus one `redis.register_function{...}` whose callback
 * is the body, verbatim, starting on the header's own line (the line numbers shift by exactly
 * `FUNCTION_LINE_OFFSET`, one `#!lua name=` line). The script's shebang is commented out in place and its flags move into
 * `flags`; the footer stands on a line of its own, since the last line may end in a comment.
 */
export function toLibrary(name: string, lua: string, flags: readonly string[]): Library {
  const body = lua.startsWith('#!') ? `--${lua}` : lua
  const hash = sha1(`${name}\n${flags.join(',')}\n${body}`).slice(0, HASH_DIGITS)
  const functionName = `${mangleName(name)}_v${hash}`
  const libraryName = `${LIBRARY_PREFIX}${functionName}`
  const header = `redis.register_function{function_name=${JSON.stringify(functionName)}, flags={${flags.map(f => JSON.stringify(f)).join(', ')}}, callback=function(KEYS, ARGV) `
  // One line before the header's: FUNCTION_LINE_OFFSET.
  return { library: `#!lua name=${libraryName}\n${header}${body}\nend}`, libraryName, functionName, header }
}
