import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import type { ArgSpec } from '../../src/shared/definition.js'
import { paramsEncoder } from '../../src/runtime/encode-params.js'

type Encode = (params: unknown) => unknown[]

/** The encoder as it is made where code cannot be made at run time (a CSP without 'unsafe-eval'). */
function withoutCodeGeneration(make: () => Encode): Encode {
  const real = globalThis.Function
  globalThis.Function = function refused() {
    throw new EvalError('Code generation from strings disallowed for this context')
  } as unknown as FunctionConstructor
  try {
    return make()
  } finally {
    globalThis.Function = real
  }
}

/** What an encoder does with a call: the argv, or the error's name and message. */
function outcome(encode: Encode, params: unknown): unknown {
  try {
    return encode(params)
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message }
  }
}

const KEYS = ['k']
const ARGS: ArgSpec[] = [
  { name: 'i', type: 'integer' },
  { name: 'l', type: 'list' },
  { name: 'shape', type: { shape: [{ name: 'a', type: 'integer' }] } },
  { name: 'u', type: null },
]
const VALID = { k: 'key', i: 3, l: ['a'], shape: { a: 1 }, u: 'x' }
const inherited = Object.assign(Object.create({ i: 3 }), { k: 'key', l: [], shape: { a: 1 }, u: 1 })

// Calls that succeed, and each way a call can be wrong: the two encoders must agree on every one.
const CALLS: [string, unknown][] = [
  ['valid', VALID],
  ['a Buffer key, a bigint, a number for an untyped arg', { ...VALID, k: Buffer.from('b'), i: 2n ** 60n, u: 1.5 }],
  ['no object', 'k=key'],
  ['an array', [VALID]],
  ['null', null],
  ['nothing', undefined],
  ['a missing key', { ...VALID, k: undefined }],
  ['a wrong type', { ...VALID, i: 1.5 }],
  ['a wrong shape', { ...VALID, shape: { a: 'x' } }],
  ['an unknown argument', { ...VALID, extra: 1 }],
  ['an inherited argument only', inherited],
  ['a list JSON cannot encode', { ...VALID, l: [1n] }],
  ['the names in another order', { u: 'x', shape: { a: 1 }, l: ['a'], i: 3, k: 'key' }],
  // The first declared one is named, whichever the object holds first (the shape's check throws).
  ['two wrong values, the later declared first', { u: 'x', shape: { a: 'x' }, l: ['a'], i: 1.5, k: 'key' }],
  ['an inherited name beside an unknown own one', Object.assign(Object.create(inherited), { extra: 1 })],
  ['a null prototype', Object.assign(Object.create(null), VALID)],
]

describe('paramsEncoder', () => {
  const generated = paramsEncoder('calls', KEYS, ARGS)
  const generic = withoutCodeGeneration(() => paramsEncoder('calls', KEYS, ARGS))

  it.each(CALLS)('%s: the same argv or error with and without code made for the script', (_, params) => {
    expect(outcome(generated, params)).toEqual(outcome(generic, params))
  })

  it('encodes a valid call into KEYS then ARGV, slot 0 left for the caller', () => {
    // The one made for the script, and the generic one where no code can be made.
    expect([generated.name, generic.name]).toEqual(['encodeParams', 'generic'])
    expect(generated(VALID)).toEqual([undefined, '1', 'key', '3', '["a"]', '{"a":1}', 'x'])
  })

  it('lays argv out after a slot for the command name when the client takes one array (head 1)', () => {
    const withHead = paramsEncoder('calls', KEYS, ARGS, {}, 1)
    const genericWithHead = withoutCodeGeneration(() => paramsEncoder('calls', KEYS, ARGS, {}, 1))
    expect(withHead.name).toBe('encodeParams')
    for (const encode of [withHead, genericWithHead])
      expect(encode(VALID)).toEqual([undefined, undefined, '1', 'key', '3', '["a"]', '{"a":1}', 'x'])
    for (const [, params] of CALLS) expect(outcome(withHead, params)).toEqual(outcome(genericWithHead, params))
  })

  it('takes names that are no JavaScript identifiers (they enter the code as JSON string literals)', () => {
    const names = ['a"b', 'back\\slash', 'line\u2028sep', '${x}', '__proto__x', "'); throw 1; ('"]
    const encode = paramsEncoder(
      'odd',
      [],
      names.map(name => ({ name, type: 'string' })),
    )
    const params = Object.fromEntries(names.map((name, i) => [name, `v${i}`]))
    expect(encode(params)).toEqual([undefined, '0', 'v0', 'v1', 'v2', 'v3', 'v4', 'v5'])
    expect(encode.name).toBe('encodeParams')
    expect(() => encode({ ...params, [names[0]]: 1 })).toThrow('argument "a"b" expects string')
  })

  it('a script without parameters takes no object, or an empty one', () => {
    const encode = paramsEncoder('none', [], [])
    expect(encode(undefined)).toEqual([undefined, '0'])
    expect(encode({})).toEqual([undefined, '0'])
    expect(() => encode({ x: 1 })).toThrow('unknown argument "x"; the script takes no parameters')
  })
})
