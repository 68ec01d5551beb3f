import type { Redis } from 'ioredis'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ValueType } from '../../src/runtime/index.js'
import { useServer } from '../support/servers.js'
import { CLIENT_MODES } from './clients.js'
import { scriptOf } from './helpers.js'

const suite = useServer()

// How each type's echo script gives the value back: numbers with 17 digits so they round-trip.
const ECHO: Record<ValueType, string> = {
  integer: 'return v',
  number: "return string.format('%.17g', v)",
  string: 'return v',
  boolean: 'return v',
  list: 'return cjson.encode(v)',
  dict: 'return cjson.encode(v)',
}

const ROUND_TRIPS: [ValueType, unknown, unknown][] = [
  ['integer', 0, 0],
  ['integer', -7, -7],
  ['integer', 2 ** 50 + 3, 2 ** 50 + 3],
  ['integer', 123n, 123],
  ['integer', -(2n ** 40n), -(2 ** 40)],
  ['number', 1.5, 1.5],
  ['number', -0.1, -0.1],
  ['number', 0.1 + 0.2, 0.1 + 0.2],
  ['number', 1e21, 1e21],
  ['number', 5e-324, 5e-324],
  ['number', 42, 42],
  ['string', 'héllo wörld ✓', 'héllo wörld ✓'],
  ['string', '', ''],
  ['string', Buffer.from('from a buffer'), 'from a buffer'],
  ['string', new TextEncoder().encode('from a Uint8Array'), 'from a Uint8Array'],
  ['string', new TextEncoder().encode('xxpartxx').subarray(2, 6), 'part'],
  ['boolean', true, true],
  ['boolean', false, false],
  ['list', [1, 'a', [2, 3], { k: 'v' }], [1, 'a', [2, 3], { k: 'v' }]],
  ['list', [], []],
  ['dict', { a: 1, b: 'x', c: [1, 2], d: { e: true } }, { a: 1, b: 'x', c: [1, 2], d: { e: true } }],
  ['dict', {}, {}],
]

describe.each(CLIENT_MODES)('every type both ways, %s', (_mode, options) => {
  let client: Redis
  beforeAll(() => {
    client = suite.server.client(options)
  })

  it.each(ROUND_TRIPS)('%s %o', async (type, sent, expected) => {
    const script = scriptOf<{ v: unknown }>(`echo_${type}`, `%arg v ${type}\n%return ${type}\n${ECHO[type]}\n`)
    expect(await script.run(client, { v: sent } as never)).toEqual(expected)
  })

  it('list: an array reply decodes too, elements as the client gives them', async () => {
    const lua = "return { 1, 'two', { 3 } }"
    const script = scriptOf('array_reply', `%return list\n${lua}\n`)
    expect(await script.run(client)).toEqual(await client.eval(lua, 0))
    expect(((await script.run(client)) as unknown[]).map(String)).toEqual(['1', 'two', '3'])
  })

  it.each(['integer', 'number', 'string', 'boolean', 'list', 'dict'] as const)(
    '%s? turns nil into null',
    async type => {
      const script = scriptOf(`nil_${type}`, `%return ${type}?\nreturn nil\n`)
      expect(await script.run(client)).toBeNull()
    },
  )

  it('boolean without ? takes nil (Lua false) as false', async () => {
    expect(await scriptOf('nil_bool', '%return boolean\nreturn false\n').run(client)).toBe(false)
  })

  it('no %return gives the reply exactly as the client gives it', async () => {
    const lua = "return { 1, 'two', { ok = 'FINE' } }"
    expect(await scriptOf('raw', `${lua}\n`).run(client)).toEqual(await client.eval(lua, 0))
  })

  it.each([
    ['text', 'abc', 'abc'],
    ['number', 12.5, '12.5'],
    ['bigint-free integer', -3, '-3'],
    ['Buffer', Buffer.from([0x41, 0x42]), 'AB'],
    ['Uint8Array', new Uint8Array([0x43, 0x44]), 'CD'],
  ])('untyped %s goes as is', async (_kind, sent, arrives) => {
    const script = scriptOf<{ v: string | number | Uint8Array }>('untyped', '%arg v\n%return string\nreturn v\n')
    expect(await script.run(client, { v: sent })).toBe(arrives)
  })

  it('sends integers as exact decimal text, bigints beyond 2^53 included', async () => {
    const script = scriptOf<{ v: number | bigint }>('integer_text', '%arg v integer\n%return string\nreturn ARGV[1]\n')
    expect(await script.run(client, { v: 2n ** 64n + 1n })).toBe('18446744073709551617')
    expect(await script.run(client, { v: -0 })).toBe('0')
  })

  it('sends booleans as 1 and 0, lists and dicts as compact JSON', async () => {
    const script = scriptOf<{ b: boolean; l: unknown[]; d: Record<string, unknown> }>(
      'wire',
      '%arg b boolean\n%arg l list\n%arg d dict\n%return list\nreturn cjson.encode({ ARGV[1], ARGV[2], ARGV[3] })\n',
      false,
    )
    expect(await script.run(client, { b: false, l: [1, 'x'], d: { a: [true] } })).toEqual([
      '0',
      '[1,"x"]',
      '{"a":[true]}',
    ])
  })
})

describe('integers at the edge of the safe range', () => {
  // ioredis 6 reads integer replies as `n * 10 + byte - 48`, which rounds just below 2^53
  // (`return 9007199254740991` arrives as 9007199254740992): exact only with `stringNumbers`.
  it('round-trip exactly with stringNumbers', async () => {
    const script = scriptOf<{ v: number | bigint }>('max_safe', '%arg v integer\n%return integer\nreturn v\n')
    const client = suite.server.client({ stringNumbers: true })
    expect(await script.run(client, { v: Number.MAX_SAFE_INTEGER })).toBe(Number.MAX_SAFE_INTEGER)
    expect(await script.run(client, { v: -(2n ** 53n - 1n) })).toBe(-Number.MAX_SAFE_INTEGER)
  })
})
