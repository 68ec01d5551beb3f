import type { Redis } from 'ioredis'
import { beforeAll, describe, expect, it } from 'vitest'
import { ScriptReturnError } from '../../src/runtime/index.js'
import { useServer } from '../support/servers.js'
import { CLIENT_MODES } from './clients.js'
import { scriptOf } from './helpers.js'

const suite = useServer()

// [%return, Lua expression, how the message describes the reply under the default client]
const MISMATCHES: [string, string, RegExp][] = [
  ['integer', "'abc'", /got string "abc"$/],
  ['integer', '{ 1 }', /got array \(length 1\)$/],
  ['integer', 'nil', /got nil$/],
  ['number', "'12abc'", /got string "12abc"$/],
  ['number', "''", /got string ""$/],
  ['number', '{ 1 }', /got array \(length 1\)$/],
  ['number', 'nil', /got nil$/],
  ['string', '5', /got (integer reply 5|string "5")$/],
  ['string', '{ "a" }', /got array \(length 1\)$/],
  ['string', 'nil', /got nil$/],
  ['boolean', '2', /got (integer reply 2|string "2")$/],
  ['boolean', "'yes'", /got string "yes"$/],
  ['boolean', '{ 1 }', /got array \(length 1\)$/],
  ['list', "'not json'", /got string "not json"$/],
  ['list', '\'{"a":1}\'', /got string "\{\\"a\\":1\}"$/],
  ['list', "'5'", /got string "5"$/],
  ['list', '5', /got (integer reply 5|string "5")$/],
  ['list', 'nil', /got nil$/],
  ['dict', "'[1]'", /got string "\[1\]"$/],
  ['dict', "'x'", /got string "x"$/],
  ['dict', "'null'", /got string "null"$/],
  ['dict', '{ 1, 2 }', /got array \(length 2\)$/],
  ['dict', '5', /got (integer reply 5|string "5")$/],
  ['dict', 'nil', /got nil$/],
  ['integer?', "'x'", /expects an integer reply or nil, got string "x"$/],
]

const EXPECTED: Record<string, string> = {
  integer: 'an integer reply',
  number: 'an integer reply or the text of a number',
  string: 'a string reply',
  boolean: '1, 0 or nil',
  list: 'an array reply or JSON text of an array',
  dict: 'JSON text of an object',
}

describe.each(CLIENT_MODES)('ScriptReturnError, %s', (_mode, options) => {
  let client: Redis
  beforeAll(() => {
    client = suite.server.client(options)
  })

  // With stringNumbers an integer reply arrives as text: a string result cannot tell them apart.
  const cases = MISMATCHES.filter(
    ([returns, lua]) => !(options.stringNumbers && returns === 'string' && /^\d+$/.test(lua)),
  )

  it.each(cases)('return %s given %s', async (returns, lua, got) => {
    const script = scriptOf(`bad_${returns.replace('?', '_or_nil')}`, `%return ${returns}\nreturn ${lua}\n`)
    const error = await script.run(client).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ScriptReturnError)
    expect(error).toMatchObject({ script: script.name, expected: returns })
    const base = returns.replace('?', '')
    expect((error as Error).message).toMatch(
      new RegExp(
        `^${script.name}: %return ${returns.replace('?', '\\?')} expects ${EXPECTED[base].replace(/[()]/g, '\\$&')}`,
      ),
    )
    expect((error as Error).message).toMatch(got)
  })

  it('keeps the reply on the error', async () => {
    const error = await scriptOf('bad_dict', "%return dict\nreturn 'x'\n")
      .run(client)
      .catch((e: unknown) => e)
    expect((error as ScriptReturnError).received).toBe('x')
  })
})

describe('decoding details', () => {
  let client: Redis
  beforeAll(() => {
    client = suite.server.client()
  })

  it.each([
    ['3.1400000000000001', 3.14],
    ['inf', Infinity],
    ['-inf', -Infinity],
    ['1e3', 1000],
    ['-.5', -0.5],
  ])('number reads the text %s', async (text, value) => {
    expect(await scriptOf('num_text', `%return number\nreturn '${text}'\n`).run(client)).toBe(value)
  })

  it('number reads nan', async () => {
    expect(await scriptOf('num_nan', "%return number\nreturn 'nan'\n").run(client)).toBeNaN()
  })

  it('number takes an integer reply (Lua numbers are truncated to integers on the way out)', async () => {
    expect(await scriptOf('num_int', '%return number\nreturn 3.9\n').run(client)).toBe(3)
  })

  it('list: cjson writes an empty table as {}, which decodes to []', async () => {
    expect(await scriptOf('empty_list', '%return list\nreturn cjson.encode({})\n').run(client)).toEqual([])
  })

  it('dict: an empty JSON array decodes to {}', async () => {
    expect(await scriptOf('empty_dict', "%return dict\nreturn '[]'\n").run(client)).toEqual({})
  })

  it('boolean under redis.setresp(3) (RESP3 #t/#f, or 1/0 for RESP2)', async () => {
    const yes = scriptOf('resp3_true', '%return boolean\nredis.setresp(3)\nreturn true\n')
    const no = scriptOf('resp3_false', '%return boolean\nredis.setresp(3)\nreturn false\n')
    for (const c of [
      client,
      suite.server.client({ protocol: 2 }),
      suite.server.client({ protocol: 3, replyMapping: 'resp3' }),
    ]) {
      expect([await yes.run(c), await no.run(c)]).toEqual([true, false])
    }
  })

  it('string decodes a status reply', async () => {
    expect(await scriptOf('status', "%return string\nreturn { ok = 'FINE' }\n").run(client)).toBe('FINE')
  })
})
