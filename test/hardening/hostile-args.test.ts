import { createHash, randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import { beforeAll, describe, expect, it } from 'vitest'
import { LuaScriptError } from '../../src/runtime/index.js'
import { useServer } from '../support/servers.js'
import { scriptOf } from '../runtime/helpers.js'

const suite = useServer()

const sha1 = (data: string | Buffer): string => createHash('sha1').update(data).digest('hex')

// What Lua received, byte for byte: its length and SHA-1, computed by Redis.
const received = scriptOf<{ data: string | Buffer }, unknown[]>(
  'received',
  '%arg data string\n%return list\nreturn { #data, redis.sha1hex(data) }\n',
)
const echo = scriptOf<{ data: string | Buffer }, string>('echo', '%arg data string\n%return string\nreturn data\n')
const sum = scriptOf<{ xs: unknown[] }, number[]>(
  'sum',
  '%arg xs list\n%return list\nlocal total = 0\nfor i = 1, #xs do\n  total = total + xs[i]\nend\nreturn { #xs, total }\n',
)
// The keys Lua saw in a dict, sorted, and the dict itself back.
const dictKeys = scriptOf<{ d: Record<string, unknown> }, { seen: string[]; back: Record<string, unknown> }>(
  'dict_keys',
  '%arg d dict\n%return dict\nlocal seen = {}\nfor k in pairs(d) do\n  seen[#seen + 1] = k\nend\ntable.sort(seen)\nreturn cjson.encode({ seen = seen, back = d })\n',
)
const setGet = scriptOf<{ key: string | Buffer; value: string }, string>(
  'set_get',
  "%key key\n%arg value string\n%return string\nredis.call('SET', key, value)\nreturn key\n",
)

/** No hostile input may leave anything on Object.prototype. */
function prototypeUntouched(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES)
}
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort()

describe.each([
  ['RESP3 (ioredis 6 default)', {}],
  ['RESP2', { protocol: 2 }],
] as const)('hostile arguments, %s', (_mode, options) => {
  let client: Redis
  beforeAll(() => {
    client = suite.server.client(options)
  })

  it('a 10 MB string round-trips exactly', async () => {
    // Every byte value a UTF-8 string can carry: ASCII, NUL, multi-byte letters and emoji.
    const unit = `${randomBytes(4096).toString('base64')}\0é中🔑\n\r\t`
    const text = unit.repeat(Math.ceil(10_000_000 / Buffer.byteLength(unit))).slice(0, 10_000_000)
    const bytes = Buffer.from(text)
    expect(bytes.length).toBeGreaterThanOrEqual(10_000_000)
    expect(await received.run(client, { data: text })).toEqual([bytes.length, sha1(bytes)])
    expect(sha1(await echo.run(client, { data: text }))).toBe(sha1(text))
  })

  it('a 10 MB Buffer of random bytes arrives byte-exact', async () => {
    const bytes = randomBytes(10_000_000)
    expect(await received.run(client, { data: bytes })).toEqual([bytes.length, sha1(bytes)])
  })

  it('a 100,000-element list: decoded by cjson, not unpack, so Lua can sum it', async () => {
    // unpack() of 100,000 values would overflow Lua's C stack (about 8,000): the prologue must not use it.
    expect(sum.lua).toContain('local xs = cjson.decode(ARGV[1])')
    expect(sum.lua).not.toMatch(/unpack/)
    const xs = Array.from({ length: 100_000 }, (_, i) => i + 1)
    expect(await sum.run(client, { xs })).toEqual([100_000, (100_000 * 100_001) / 2])
  })

  it('a list nested deeper than cjson allows is refused by Lua with an error naming the %arg line', async () => {
    let deep: unknown[] = [1]
    for (let i = 0; i < 1_500; i++) deep = [deep]
    const error = await sum.run(client, { xs: deep }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LuaScriptError)
    expect(error).toMatchObject({ script: 'sum', frames: [{ file: 'sum.lua', line: 1, source: '%arg xs list' }] })
    expect((error as LuaScriptError).luaError).toMatch(/too many nested data structures/i)
  })

  it('a dict with an own __proto__ key stays data, both ways', async () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}') as Record<string, unknown>
    expect(Object.hasOwn(hostile, '__proto__')).toBe(true)
    const { seen, back } = await dictKeys.run(client, { d: hostile })
    expect(seen).toEqual(['__proto__', 'a'])
    expect(Object.hasOwn(back, '__proto__')).toBe(true)
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ polluted: 1 })
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype)
    expect(back.polluted).toBeUndefined()
    expect(back.a).toBe(1)
    prototypeUntouched()
  })

  it('dicts with constructor, prototype and toString keys, and null-prototype dicts, stay data', async () => {
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { constructor: 'c', toString: 't' })
    const hostile = JSON.parse(
      '{"constructor": {"prototype": {"polluted": 1}}, "prototype": 1, "toString": "x", "hasOwnProperty": 2}',
    ) as Record<string, unknown>
    expect((await dictKeys.run(client, { d: nullProto })).seen).toEqual(['constructor', 'toString'])
    const { seen, back } = await dictKeys.run(client, { d: hostile })
    expect(seen).toEqual(['constructor', 'hasOwnProperty', 'prototype', 'toString'])
    expect(back).toEqual(hostile)
    prototypeUntouched()
  })

  it('a dict result from Lua with constructor, __proto__ and toString keys decodes safely', async () => {
    const fromLua = scriptOf<Record<string, never>, Record<string, unknown>>(
      'hostile_result',
      "%return dict\nreturn cjson.encode({ constructor = 'c', __proto__ = { polluted = 1 }, toString = 'not a function', hasOwnProperty = 1 })\n",
    )
    const result = await fromLua.run(client)
    expect(Object.keys(result).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toEqual({ polluted: 1 })
    expect(result.polluted).toBeUndefined()
    expect(result.toString).toBe('not a function')
    prototypeUntouched()
  })

  it('a Buffer with invalid UTF-8 and NUL bytes arrives byte-exact, as an arg and as a key', async () => {
    const bytes = Buffer.from([
      0xff, 0xfe, 0x00, 0xc3, 0x28, 0x00, 0x80, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80, 0x00,
    ])
    expect(await received.run(client, { data: bytes })).toEqual([bytes.length, sha1(bytes)])
    await setGet.run(client, { key: bytes, value: 'under a binary key' })
    expect(await client.get(bytes)).toBe('under a binary key')
    expect(await client.exists(Buffer.from(bytes.toString('utf8')))).toBe(0)
  })

  it.each([
    ['NULs inside', 'a\0b\0\0c'],
    ['only a NUL', '\0'],
    ['text Lua would read as numbers', '0x10 1e3 nan -0 007'],
    ['quotes and backslashes', `"'\\\\"\\u0000`],
  ])('a string arg with %s arrives exactly', async (_, data) => {
    expect(await received.run(client, { data })).toEqual([Buffer.byteLength(data), sha1(data)])
    expect(await echo.run(client, { data })).toBe(data)
  })

  it('a lone surrogate arrives as U+FFFD: UTF-8 cannot encode it (as for any ioredis command)', async () => {
    expect(await echo.run(client, { data: 'a\uD800b' })).toBe('a\uFFFDb')
  })

  it.each([
    ['spaces', 'a key with spaces'],
    ['newlines', 'line one\nline two\r\n'],
    ['unicode', 'ünïcødé 中文 🔑'],
    ['tabs and NUL', 'tab\there\0nul'],
    ['braces', '{not} a {tag'],
    ['nothing at all', ''],
  ])('a key with %s reaches Lua as it is', async (_, key) => {
    const value = `value of ${JSON.stringify(key)}`
    expect(await setGet.run(client, { key, value })).toBe(key)
    expect(await client.get(key)).toBe(value)
  })
})

describe('parameters named after Object.prototype members', () => {
  const members = scriptOf<Record<string, string>, string[]>(
    'members',
    '%key hasOwnProperty\n%arg constructor string\n%arg toString\n%arg __proto__\n%return list\nreturn { hasOwnProperty, constructor, toString, __proto__ }\n',
  )

  it("are read from the caller's own properties only, never from the prototype", async () => {
    const client = suite.server.client()
    const own = JSON.parse('{"hasOwnProperty": "k", "constructor": "c", "toString": "t", "__proto__": "p"}') as Record<
      string,
      string
    >
    expect(await members.run(client, own)).toEqual(['k', 'c', 't', 'p'])
    const withoutConstructor = JSON.parse('{"hasOwnProperty": "k", "toString": "t", "__proto__": "p"}') as Record<
      string,
      string
    >
    await expect(members.run(client, withoutConstructor)).rejects.toMatchObject({
      name: 'ScriptArgumentError',
      argument: 'constructor',
    })
    // In an object literal `__proto__:` sets the prototype instead of making a property.
    await expect(
      members.run(client, { hasOwnProperty: 'k', constructor: 'c', toString: 't', __proto__: { p: 1 } } as never),
    ).rejects.toMatchObject({ name: 'ScriptArgumentError', argument: '__proto__' })
    prototypeUntouched()
  })
})

describe('a RESP3 map reply with hostile keys, passed through without %return', () => {
  it("keeps __proto__ and constructor as own data under replyMapping 'resp3' (ioredis guards them)", async () => {
    const client = suite.server.client({ replyMapping: 'resp3' })
    const raw = scriptOf<Record<string, never>, Record<string, unknown>>(
      'map_reply',
      "redis.setresp(3)\nreturn { map = { __proto__ = 'p', constructor = 'c', polluted = 'own' } }\n",
    )
    const result = await raw.run(client)
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toBe('p')
    expect(result.constructor).toBe('c')
    prototypeUntouched()
  })
})
