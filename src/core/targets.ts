/**
 * What each server a script can be built for gives a script, one row per server and, in it, one
 * entry per kind of code it runs (EVAL scripts here; Redis Functions add their own entry). All of them
 * run Lua 5.1.5, so its compiler judges the syntax and limits for every row; a row says how the server
 * hands the script to it and which globals exist when it runs.
 */

import type { LuaDialect } from './lua-compiler.js'

/** How a server hands code of one kind to Lua, and what the code finds there. */
export interface Sandbox extends LuaDialect {
  /** The globals the code may read (KEYS and ARGV included for scripts). */
  globals: ReadonlySet<string>
  /** Lua compiles the script as the body of `function f_<sha1>() ... end` (Redis 6.2 and older). */
  wrapped: boolean
  /** The server strips a `#!` first line (up to its line feed) before Lua reads the script. */
  shebang: boolean
}

/** The kinds of code a server runs; Functions mode adds `'function'`. */
export type Mode = 'script'

/** Lua 5.1's base library as every server here keeps it (no `print`, `dofile`, `loadfile` unless said). */
const BASE = [
  '_G',
  '_VERSION',
  'assert',
  'collectgarbage',
  'coroutine',
  'error',
  'gcinfo',
  'getmetatable',
  'ipairs',
  'load',
  'loadstring',
  'next',
  'pairs',
  'pcall',
  'rawequal',
  'rawget',
  'rawset',
  'select',
  'setmetatable',
  'tonumber',
  'tostring',
  'type',
  'unpack',
  'xpcall',
]
/** The libraries every server loads, and its own API. */
const LIBRARIES = ['bit', 'cjson', 'cmsgpack', 'math', 'string', 'struct', 'table', 'redis', '__redis__err__handler']
/** What an EVAL script gets besides. */
const SCRIPT = ['KEYS', 'ARGV']

const script = (extra: string[], options: { wrapped?: boolean; nestedLongBrackets: boolean }): Sandbox => ({
  globals: new Set([...BASE, ...LIBRARIES, ...SCRIPT, ...extra]),
  wrapped: options.wrapped ?? false,
  shebang: !options.wrapped,
  chunkname: '@user_script',
  nestedLongBrackets: options.nestedLongBrackets,
})

/**
 * The servers, by the name the `target` option takes. The globals of `redis-7` and `valkey-8` were
 * read from inside a script on Debian's Redis 7.0.15 and Valkey 8.0.1 (docs/lua-judge.md); those of
 * `redis-6.2` come from its sources (scripting.c: the base library without `dofile` and `loadfile`).
 * Redis (every release patched for CVE-2025-46819, Debian's 7.0.15 too) lets a `[[` stand inside a
 * long bracket; Valkey 8.0.1 refuses it, as Lua 5.1.5 does.
 */
export const TARGETS = {
  'redis-7': {
    summary: 'Redis 7.x: the globals every 7.x build has (no `os`, `getfenv`, `setfenv`, `newproxy`)',
    modes: { script: script([], { nestedLongBrackets: true }) },
  },
  'redis-6.2': {
    summary: 'Redis 6.2: the script is the body of a function; also `print`, `getfenv`, `setfenv`, `newproxy`',
    modes: { script: script(['getfenv', 'newproxy', 'print', 'setfenv'], { wrapped: true, nestedLongBrackets: true }) },
  },
  'valkey-8': {
    summary: 'Valkey 8.x: also `os` (`os.clock`), `getfenv`, `setfenv`, `newproxy`, `server`',
    modes: { script: script(['getfenv', 'newproxy', 'os', 'server', 'setfenv'], { nestedLongBrackets: false }) },
  },
} as const satisfies Record<string, { summary: string; modes: Record<Mode, Sandbox> }>

/** A server a script can be built for. */
export type Target = keyof typeof TARGETS

/** The target when none is given. */
export const DEFAULT_TARGET: Target = 'redis-7'

/** Is this the name of a target? */
export function isTarget(name: unknown): name is Target {
  return typeof name === 'string' && Object.hasOwn(TARGETS, name)
}

/** How `target` runs code of `mode`. */
export function sandboxOf(target: Target, mode: Mode = 'script'): Sandbox {
  return TARGETS[target].modes[mode]
}

/** Globals holding a table the script's caller fills (KEYS, ARGV): writing into one is allowed. */
export const SCRIPT_PARAMETERS: ReadonlySet<string> = new Set(SCRIPT)
