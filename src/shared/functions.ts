/**
 * A script compiled as a Redis Function lives in a library of its own. Its library's first line is
 * `#!lua name=<library>`, and the function's header shares the next line with the script's line 1, so
 * a line the server names in the library is the rendered script's line plus this.
 */
export const FUNCTION_LINE_OFFSET = 1

/** What every library this package writes is named with, so stale ones can be told from others. */
export const LIBRARY_PREFIX = 'redislua_'
