/**
 * The globals a Redis EVAL script may read: Redis's allow-list (script_lua.c) plus KEYS and ARGV.
 * `os` is only there from Redis 7.4 (`os.clock`), and `getfenv`/`setfenv`/`newproxy` are missing from
 * some builds (Debian's 7.0), so they are allowed here but not relied on by anything we generate.
 */
export const REDIS_GLOBALS: ReadonlySet<string> = new Set([
  'KEYS',
  'ARGV',
  'redis',
  '__redis__err__handler',
  'string',
  'cjson',
  'bit',
  'cmsgpack',
  'math',
  'table',
  'struct',
  'os',
  'coroutine',
  'xpcall',
  'tostring',
  'getfenv',
  'setfenv',
  'setmetatable',
  'getmetatable',
  'next',
  'assert',
  'tonumber',
  'rawequal',
  'rawset',
  'rawget',
  'collectgarbage',
  'pcall',
  'type',
  '_G',
  'select',
  'unpack',
  'gcinfo',
  'pairs',
  'ipairs',
  'loadstring',
  'load',
  '_VERSION',
  'error',
  'newproxy',
])

/** Globals holding a table that Redis makes read-only: writing a field of one fails at run time. */
export const SCRIPT_PARAMETERS: ReadonlySet<string> = new Set(['KEYS', 'ARGV'])
