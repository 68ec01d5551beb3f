import { defineScript } from '../../src/runtime/index.js'
import { ARG_OF_EACH_TYPE, definitionOf, scriptOf } from '../runtime/helpers.js'

/** The scripts every client runs in the conformance suites (Bun's child process imports them too). */
export const echo = scriptOf<
  {
    key: string | Buffer
    i: number | bigint
    n: number
    s: string | Buffer
    b: boolean
    l: unknown[]
    d: Record<string, unknown>
  },
  Record<string, unknown>
>(
  'echo',
  [
    '%key key',
    ...ARG_OF_EACH_TYPE,
    '%return dict',
    "redis.call('SET', key, s)",
    "return cjson.encode({ key = key, i = i, n = n, s = redis.call('GET', key), b = b, l = l, d = d })",
  ].join('\n'),
)

/** Parameters of every type for `echo`, and what it returns for them. */
export const ECHO_PARAMS = {
  i: 12_345_678_901n,
  n: 2.5,
  s: 'héllo ✓',
  b: true,
  l: [1, 'two', [3]],
  d: { a: { b: [true] } },
}
export const ECHOED = { ...ECHO_PARAMS, i: 12_345_678_901 }

/** One script per `%return` type, each returning a fixed value. */
export const returns = {
  integer: scriptOf<Record<string, never>, number>('r_integer', '%return integer\nreturn 42'),
  number: scriptOf<Record<string, never>, number>('r_number', "%return number\nreturn '2.5'"),
  string: scriptOf<Record<string, never>, string>('r_string', "%return string\nreturn 'héllo'"),
  booleanTrue: scriptOf<Record<string, never>, boolean>('r_true', '%return boolean\nreturn true'),
  booleanFalse: scriptOf<Record<string, never>, boolean>('r_false', '%return boolean\nreturn false'),
  list: scriptOf<Record<string, never>, unknown[]>('r_list', "%return list\nreturn { 1, 'two', { 3 } }"),
  dict: scriptOf<Record<string, never>, Record<string, unknown>>(
    'r_dict',
    "%return dict\nreturn cjson.encode({ a = 1, b = { 'x' } })",
  ),
  nullable: scriptOf<Record<string, never>, string | null>('r_null', '%return string?\nreturn nil'),
  // Typed shapes, from JSON text and from the RESP reply (arrays, integers, bulk strings).
  shapeJson: scriptOf<Record<string, never>, unknown>(
    'r_shape_json',
    [
      '%type Job = { id: string, attempts: integer, tags: string[], score?: number, by: dict<integer>, none: string? }',
      '%return Job[]',
      "return cjson.encode({ { id = 'j1', attempts = 3, tags = {}, score = 1.5, by = { a = 1 }, none = cjson.null } })",
    ].join('\n'),
  ),
  shapeResp: scriptOf<Record<string, never>, unknown>(
    'r_shape_resp',
    "%return list<string[]>\nreturn { { '1', 'a' }, { '2', 'b' } }",
  ),
  shapeIntegers: scriptOf<Record<string, never>, unknown>('r_shape_ints', '%return integer[]\nreturn { 1, 2, 3 }'),
}

export const RETURNED: Record<keyof typeof returns, unknown> = {
  integer: 42,
  number: 2.5,
  string: 'héllo',
  booleanTrue: true,
  booleanFalse: false,
  list: [1, 'two', [3]],
  dict: { a: 1, b: ['x'] },
  nullable: null,
  shapeJson: [{ id: 'j1', attempts: 3, tags: [], score: 1.5, by: { a: 1 }, none: null }],
  shapeResp: [
    ['1', 'a'],
    ['2', 'b'],
  ],
  shapeIntegers: [1, 2, 3],
}

export const incr = scriptOf<{ counter: string | Buffer; by: number }, number>(
  'incr',
  "%key counter\n%arg by integer\n%return integer\nreturn redis.call('INCRBY', counter, by)",
)

export const peek = scriptOf<{ key: string }, string | null>(
  'peek',
  "#!lua flags=no-writes\n%key key\n%return string?\nreturn redis.call('GET', key)",
)

export const move = scriptOf<{ from: string; to: string; amount: number }, number>(
  'move',
  "%key from\n%key to\n%arg amount integer\n%return integer\nredis.call('DECRBY', from, amount)\nreturn redis.call('INCRBY', to, amount)",
)

/** An error three includes deep: `deep.lua` > `a.lua` > `b.lua` > `c.lua`, which indexes nil. */
export const deep = defineScript<{ key: string }, unknown>(
  definitionOf(
    {
      'deep.lua': '%key key\n%include "lib/a"\nreturn a(key)\n',
      'lib/a.lua': '%include "b"\nlocal function a(k)\n  return b(k)\nend\n',
      'lib/b.lua': '%include "c"\nlocal function b(k)\n  return c(k)\nend\n',
      'lib/c.lua': 'local function c(k)\n  local t = nil\n  return t.field\nend\n',
    },
    'deep.lua',
  ),
)

export const DEEP_FRAMES = [
  { file: 'deep.lua', line: 2, source: '%include "lib/a"' },
  { file: 'lib/a.lua', line: 1, source: '%include "b"' },
  { file: 'lib/b.lua', line: 1, source: '%include "c"' },
  { file: 'lib/c.lua', line: 3, source: 'return t.field' },
]

export const wrongType = scriptOf<{ key: string }, unknown>(
  'wrong_type',
  "%key key\nreturn redis.call('LPUSH', key, 'v')",
)

export const customCode = scriptOf<Record<string, never>, unknown>(
  'custom_code',
  "return redis.error_reply('MYCODE my message')",
)
