import { beforeAll, describe, expect, it } from 'vitest'
import { ScriptArgumentError } from '../../src/runtime/index.js'
import { useServer } from '../support/servers.js'
import { ARG_OF_EACH_TYPE, commandCounts, countsSince, scriptOf } from './helpers.js'

const suite = useServer()

const all = scriptOf<Record<string, unknown>>(
  'all_types',
  ['%key k', ...ARG_OF_EACH_TYPE, '%arg u', 'return 1'].join('\n'),
  false,
)

const VALID = { k: 'key', i: 1, n: 1.5, s: 's', b: true, l: [1], d: { a: 1 }, u: 'u' }

const cyclicList: unknown[] = []
cyclicList.push(cyclicList)
const cyclicDict: Record<string, unknown> = {}
cyclicDict.self = cyclicDict

const EXPECTS = {
  i: 'integer (a safe integer number or bigint)',
  n: 'number (a finite number)',
  s: 'string (a string or Buffer)',
  b: 'boolean',
  l: 'list (an array JSON can encode)',
  d: 'dict (a plain object JSON can encode)',
  u: 'a string, Buffer or finite number',
  k: 'key (a string or Buffer)',
}

// [argument, bad value, how the message describes it]
const BAD: [keyof typeof EXPECTS, unknown, string][] = [
  ['i', '3', 'got string "3"'],
  ['i', 1.5, 'got number 1.5'],
  ['i', Number.NaN, 'got number NaN'],
  ['i', Infinity, 'got number Infinity'],
  ['i', 2 ** 53, 'got number 9007199254740992'],
  ['i', -(2 ** 53), 'got number -9007199254740992'],
  ['i', null, 'got null'],
  ['i', true, 'got boolean true'],
  ['n', Number.NaN, 'got number NaN'],
  ['n', -Infinity, 'got number -Infinity'],
  ['n', '1', 'got string "1"'],
  ['n', 1n, 'got bigint 1n'],
  ['s', 5, 'got number 5'],
  ['s', {}, 'got object'],
  ['s', new DataView(new ArrayBuffer(2)), 'got DataView instance'],
  ['b', 1, 'got number 1'],
  ['b', 'true', 'got string "true"'],
  ['l', {}, 'got object'],
  ['l', 'x', 'got string "x"'],
  ['l', [1n], 'got array (length 1) that JSON cannot encode (Do not know how to serialize a BigInt)'],
  ['l', cyclicList, 'got array (length 1) that JSON cannot encode (Converting circular structure to JSON)'],
  ['d', [], 'got array (length 0)'],
  ['d', null, 'got null'],
  ['d', new Date(0), 'got Date instance'],
  ['d', new Map(), 'got Map instance'],
  ['d', { a: 1n }, 'got object that JSON cannot encode (Do not know how to serialize a BigInt)'],
  ['d', cyclicDict, 'got object that JSON cannot encode (Converting circular structure to JSON)'],
  ['u', Number.NaN, 'got number NaN'],
  ['u', {}, 'got object'],
  ['u', true, 'got boolean true'],
  ['k', 5, 'got number 5'],
  ['k', ['a'], 'got array (length 1)'],
]

describe('ScriptArgumentError, before anything is sent', () => {
  let before: Record<string, number>
  beforeAll(async () => {
    expect(await all.run(suite.client, VALID)).toBe(1)
    before = await commandCounts(suite.client)
  })

  it.each(BAD.map(([argument, value, got]) => ({ argument, value, got })))(
    '$argument: $got',
    async ({ argument, value, got }) => {
      const error = await all.run(suite.client, { ...VALID, [argument]: value }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ScriptArgumentError)
      expect(error).toMatchObject({ script: 'all_types', argument, expected: EXPECTS[argument] })
      expect((error as Error).message).toBe(`all_types: argument "${argument}" expects ${EXPECTS[argument]}, ${got}`)
    },
  )

  it.each(Object.keys(EXPECTS))('missing %s', async argument => {
    const params: Record<string, unknown> = { ...VALID }
    delete params[argument]
    await expect(all.run(suite.client, params)).rejects.toThrow(
      `all_types: missing argument "${argument}": expects ${EXPECTS[argument as keyof typeof EXPECTS]}`,
    )
    await expect(all.run(suite.client, { ...params, [argument]: undefined })).rejects.toBeInstanceOf(
      ScriptArgumentError,
    )
  })

  it('an unknown name', async () => {
    const error = await all.run(suite.client, { ...VALID, size: 3 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'ScriptArgumentError', argument: 'size' })
    expect((error as Error).message).toBe('all_types: unknown argument "size"; the script takes k, i, n, s, b, l, d, u')
  })

  it('no parameters object at all, or not an object', async () => {
    await expect(all.run(suite.client)).rejects.toThrow('all_types: missing argument "k"')
    await expect(all.run(suite.client, 'k' as never)).rejects.toThrow(
      'all_types: expects an object of named parameters (k, i, n, s, b, l, d, u), got string "k"',
    )
    await expect(all.run(suite.client, [] as never)).rejects.toBeInstanceOf(ScriptArgumentError)
  })

  it('the seed example message', async () => {
    const createFoo = scriptOf<{ size: number | bigint; members: unknown[] }>(
      'create_foo',
      '%arg size integer\n%arg members list\nreturn 1\n',
    )
    await expect(createFoo.run(suite.client, { size: '3' as never, members: [] })).rejects.toThrow(
      'create_foo: argument "size" expects integer (a safe integer number or bigint), got string "3"',
    )
  })

  it('a pipeline is left untouched', async () => {
    const pipeline = suite.client.pipeline()
    await expect(all.run(pipeline, { ...VALID, i: 'x' })).rejects.toBeInstanceOf(ScriptArgumentError)
    expect(pipeline.length).toBe(0)
  })

  it('sent nothing at all', async () => {
    expect(countsSince(before, await commandCounts(suite.client))).toEqual({ info: 1 })
  })
})

describe('a script without parameters', () => {
  it('takes none or an empty object, and rejects any name', async () => {
    const none = scriptOf('none', 'return 1\n')
    expect(await none.run(suite.client)).toBe(1)
    expect(await none.run(suite.client, {})).toBe(1)
    await expect(none.run(suite.client, { x: 1 } as never)).rejects.toThrow(
      'none: unknown argument "x"; the script takes no parameters',
    )
  })
})
