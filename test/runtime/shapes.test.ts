import type { Redis } from 'ioredis'
import { beforeAll, describe, expect, it } from 'vitest'
import { ScriptArgumentError, ScriptReturnError } from '../../src/runtime/index.js'
import { useServer } from '../support/servers.js'
import { CLIENT_MODES } from './clients.js'
import { commandCounts, countsSince, scriptOf } from './helpers.js'

const suite = useServer()

/** `list` with a hole at `index`, as `[1, , 3]` has. */
function withHole(list: unknown[], index: number): unknown[] {
  delete list[index]
  return list
}

const JOB = '%type Job = { id: string, attempts: integer, tags?: string[], owner: string? }'

// [name, type, a value of it]: each goes to Lua as an arg and comes back through `cjson.encode` (a
// simple type, as `integer?`, comes back as the RESP reply: simple `%return`s read replies as they always did).
const ROUND_TRIPS: [string, string, unknown][] = [
  ['integer?', 'integer?', 7],
  ['integer? null', 'integer?', null],
  ['string?', 'string?', 'héllo "quoted" \\ / \n'],
  ['string? inside', '{ s: string? }', { s: 'héllo "quoted" \\ / \n' }],
  ['list<integer>', 'list<integer>', [1, -2, 3]],
  ['empty list', 'integer[]', []],
  ['T[][]', 'number[][]', [[1.5, 2], [], [-0.25]]],
  ['list<T?> with nulls (a sparse array)', 'list<integer?>', [1, null, 3, null]],
  ['dict<T>', 'dict<boolean>', { a: true, b: false, 'with space': true }],
  ['empty dict', 'dict<string>', {}],
  ['dict<list<T>>', 'dict<list<string>>', { x: ['a', 'b'], y: [] }],
  ['shape', '{ a: integer, b: string, c: boolean, d: number }', { a: 1, b: 'x', c: false, d: 2.5 }],
  ['shape, optional field absent', '{ a: integer, b?: string }', { a: 1 }],
  ['shape, nullable field null', '{ a: integer, b: string? }', { a: 1, b: null }],
  [
    'nested shapes, lists and dicts',
    '{ user: { name: string, roles: list<{ role: string, since: integer }> }, scores: dict<number[]>, flags: bool[]? }',
    { user: { name: 'ada', roles: [{ role: 'admin', since: 1843 }] }, scores: { m: [1, 2.5] }, flags: null },
  ],
  ['a %type', 'Job', { id: 'j1', attempts: 2, tags: ['x'], owner: null }],
  ['a list of a %type', 'list<Job>', [{ id: 'j1', attempts: 0, owner: 'w' }]],
  ['legacy list and dict inside a shape', '{ raw: list, meta: dict }', { raw: [1, 'a', { b: 2 }], meta: { k: [1] } }],
]

describe.each(CLIENT_MODES)('structured args and results, %s', (_mode, options) => {
  let client: Redis
  beforeAll(() => {
    client = suite.server.client(options)
  })

  it.each(ROUND_TRIPS)(
    '%s: sent as JSON, decoded by cjson, encoded back and decoded to an equal value',
    async (name, type, value) => {
      const script = scriptOf<{ x: unknown }>(
        `echo_${name.replace(/\W+/g, '_')}`,
        `${JOB}\n%arg x ${type}\n%return ${type}\nreturn ${/^\w+\?$/.test(type) ? 'x' : 'cjson.encode(x)'}\n`,
      )
      expect(await script.run(client, { x: value })).toEqual(value)
    },
  )

  it('sends compact JSON', async () => {
    const script = scriptOf<{ x: unknown }>('raw_json', '%arg x { a: integer, b: string[] }\nreturn ARGV[1]\n')
    expect(await script.run(client, { x: { a: 1, b: ['c'] } })).toBe('{"a":1,"b":["c"]}')
  })

  it('a nullable arg of null is nil in Lua', async () => {
    const script = scriptOf<{ x: unknown }>('nil_arg', '%arg x { a: int }?\n%return boolean\nreturn x == nil\n')
    expect(await script.run(client, { x: null })).toBe(true)
    expect(await script.run(client, { x: { a: 1 } })).toBe(false)
  })

  // [name, %return, Lua returning the RESP form, the decoded value]
  const RESP_FORMS: [string, string, string, unknown][] = [
    ['an array reply of integers', 'list<integer>', 'return { 1, 2, 3 }', [1, 2, 3]],
    ['an array of bulk strings', 'string[]', "return { 'a', 'b' }", ['a', 'b']],
    ['nested arrays', 'list<list<integer>>', 'return { { 1 }, {}, { 2, 3 } }', [[1], [], [2, 3]]],
    ['numbers as text in an array', 'number[]', "return { '1.5', 2 }", [1.5, 2]],
    [
      'an array of JSON texts',
      'list<{ a: integer }>',
      'return { cjson.encode({ a = 1 }), \'{"a":2}\' }',
      [{ a: 1 }, { a: 2 }],
    ],
    [
      'Lua false in an array: nil, so false or null',
      '{ a: boolean, b: boolean? }',
      'redis.setresp(3)\nreturn { map = { a = false, b = false } }',
      { a: false, b: false },
    ],
    [
      'a RESP3 map (flat pairs under RESP2)',
      '{ a: integer, b: string, c: list<integer> }',
      "redis.setresp(3)\nreturn { map = { a = 1, b = 'x', c = { 1, 2 } } }",
      { a: 1, b: 'x', c: [1, 2] },
    ],
    ['a RESP3 map as dict<T>', 'dict<integer>', 'redis.setresp(3)\nreturn { map = { a = 1, b = 2 } }', { a: 1, b: 2 }],
    [
      'an empty RESP3 map as a shape of optional fields',
      '{ a?: integer }',
      'redis.setresp(3)\nreturn { map = {} }',
      {},
    ],
    ['nil for a nullable shape', '{ a: integer }?', 'return nil', null],
    ['cjson.null inside JSON', '{ a: integer? }', 'return \'{"a":null}\'', { a: null }],
    [
      'a nullable field Lua left out (a nil in a table)',
      '{ a: integer, b: string? }',
      'return cjson.encode({ a = 1, b = nil })',
      { a: 1, b: null },
    ],
    ['cjson writes an empty list as {}', '{ items: string[] }', 'return cjson.encode({ items = {} })', { items: [] }],
    ['an integral float is an integer', '{ n: integer }', 'return cjson.encode({ n = 6 / 2 })', { n: 3 }],
    [
      'a sparse Lua array is nulls in JSON',
      'list<integer?>',
      'local t = {}\nt[1] = 1\nt[3] = 3\nreturn cjson.encode(t)',
      [1, null, 3],
    ],
  ]

  it.each(RESP_FORMS)('%s', async (name, returns, lua, expected) => {
    const script = scriptOf(`resp_${name.replace(/\W+/g, '_')}`, `%return ${returns}\n${lua}\n`)
    expect(await script.run(client)).toEqual(expected)
  })
})

describe('structured args are checked whole, before anything is sent', () => {
  let client: Redis
  beforeAll(() => {
    client = suite.server.client()
  })

  // [%arg type, value, message after `check: `]
  const REFUSED: [string, unknown, string][] = [
    ['Job', { id: 'j', attempts: '3', owner: null }, 'job.attempts: expected integer, got "3"'],
    ['Job', { id: 'j', attempts: 1.5, owner: null }, 'job.attempts: expected integer, got 1.5'],
    ['Job', { id: 'j', owner: null }, 'job.attempts: missing (expected integer)'],
    ['Job', { id: 'j', attempts: 1 }, 'job.owner: missing (expected string or null)'],
    [
      'Job',
      { id: 'j', attempts: 1, owner: null, extra: 1 },
      'job.extra: unknown field (the shape has id, attempts, tags, owner)',
    ],
    ['Job', { id: 'j', attempts: 1, owner: null, tags: ['a', 2] }, 'job.tags[1]: expected string, got 2'],
    ['Job', [1], 'job: expected Job, got an array (length 1)'],
    ['Job', null, 'job: expected Job, got null'],
    ['Job?', 'x', 'job: expected Job or null, got "x"'],
    ['list<Job>', [{ id: 1, attempts: 1, owner: null }], 'job[0].id: expected string, got 1'],
    ['dict<integer>', { a: 1, 'b c': NaN }, 'job["b c"]: expected integer, got NaN'],
    ['dict<integer>', new Map([['a', 1]]), 'job: expected dict<integer>, got Map instance'],
    ['{ n: number }', { n: Infinity }, 'job.n: expected number, got Infinity'],
    ['{ b: boolean }', { b: 1 }, 'job.b: expected boolean, got 1'],
    ['{ s: string }', { s: Buffer.from('x') }, 'job.s: expected string, got Buffer (1 bytes)'],
    ['{ i: integer }', { i: 2n ** 60n }, 'job.i: expected integer, got bigint 1152921504606846976n'],
    ['integer[]', withHole([1, 2, 3], 1), 'job[1]: expected integer, got nothing'],
    ['{ raw: list }', { raw: [1n] }, 'argument "job" expects {'],
  ]

  it.each(REFUSED)('%s (case %#)', async (type, value, message) => {
    const script = scriptOf<{ job: unknown }>('check', `${JOB}\n%arg job ${type}\nreturn 1\n`)
    const before = await commandCounts(client)
    const error = await script.run(client, { job: value }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ScriptArgumentError)
    expect((error as Error).message).toContain(`check: ${message}`)
    expect(error).toMatchObject({ script: 'check', argument: 'job' })
    const sent = countsSince(before, await commandCounts(client))
    expect(sent).toEqual({ info: 1 })
  })

  it('a structured arg is not changed by the check', async () => {
    const script = scriptOf<{ job: unknown }>('frozen', `${JOB}\n%arg job Job\nreturn job.attempts\n`)
    const job = Object.freeze({ id: 'j', attempts: 4, owner: null, tags: Object.freeze(['a']) })
    expect(await script.run(client, { job })).toBe(4)
  })

  it('the path of a refused part is on the error', async () => {
    const script = scriptOf<{ job: unknown }>('path', `${JOB}\n%arg job list<Job>\nreturn 1\n`)
    const error = await script
      .run(client, { job: [{ id: 'a', attempts: 1, owner: 'x', tags: [3] }] })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ path: 'job[0].tags[0]', expected: 'list<Job>' })
  })
})

describe.each(CLIENT_MODES)('structured results are checked in depth, %s', (_mode, options) => {
  let client: Redis
  beforeAll(() => {
    client = suite.server.client(options)
  })

  // %return: [Lua, message after `name: `]
  const REFUSED: Record<string, [string, string][]> = {
    '{ remaining: integer }': [
      ["return cjson.encode({ remaining = 'x' })", 'result.remaining: expected integer, got "x"'],
      ['return cjson.encode({ remaining = 1.5 })', 'result.remaining: expected integer, got 1.5'],
      ['return cjson.encode({})', 'result.remaining: missing (expected integer)'],
    ],
    '{ a: integer }': [
      ['return cjson.encode({ a = 1, b = 2 })', 'result.b: unknown field (the shape has a)'],
      ['return nil', 'result: expected { a: integer }, got null'],
      ["return 'not json'", 'result: expected { a: integer } (or its JSON text), got "not json"'],
      ['return 5', 'result: expected { a: integer }, got '],
      ["redis.setresp(3)\nreturn { map = { a = 'x' } }", 'result.a: expected integer, got "x"'],
    ],
    'list<{ a: string }>': [["return cjson.encode({ { a = 'x' }, { a = 2 } })", 'result[1].a: expected string, got 2']],
    'list<integer>': [
      ['local t = {}\nt[1] = 1\nt[3] = 3\nreturn cjson.encode(t)', 'result[1]: expected integer, got null'],
      ["return { 1, 'x' }", 'result[1]: expected integer, got "x"'],
    ],
    'dict<integer>': [["return cjson.encode({ a = 1, b = 'x' })", 'result.b: expected integer, got "x"']],
  }

  it.each(
    Object.entries(REFUSED).flatMap(([returns, cases]) => cases.map(([lua, message]) => [returns, lua, message])),
  )('%s from %s', async (returns, lua, message) => {
    const script = scriptOf('rate_limit', `%return ${returns}\n${lua}\n`)
    const error = await script.run(client).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ScriptReturnError)
    expect((error as Error).message).toContain(`rate_limit: ${message}`)
  })
})

describe('field names that Object.prototype also has', () => {
  it('are fields like any other, in args and results', async () => {
    const client = suite.server.client()
    const script = scriptOf<{ x: unknown }>(
      'proto_names',
      '%arg x { toString?: string, constructor: integer? }\n%return { toString?: string, constructor: integer? }\nreturn cjson.encode(x)\n',
    )
    expect(await script.run(client, { x: { constructor: null } })).toEqual({ constructor: null })
    expect(await script.run(client, { x: { toString: 'a', constructor: 1 } })).toEqual({
      toString: 'a',
      constructor: 1,
    })
    await expect(script.run(client, { x: {} })).rejects.toThrow(
      'proto_names: x.constructor: missing (expected integer or null)',
    )
  })

  it('a map key __proto__ is an own key of the result', async () => {
    const client = suite.server.client()
    const script = scriptOf(
      'proto_key',
      '%return dict<integer>\nredis.setresp(3)\nreturn { map = { __proto__ = 1, a = 2 } }\n',
    )
    const result = (await script.run(client)) as Record<string, number>
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
    expect(Object.keys(result).sort()).toEqual(['__proto__', 'a'])
  })
})
