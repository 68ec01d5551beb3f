import type { ReturnSpec, TypeNode, ValueType } from '../shared/definition.js'
import { isSimple } from '../shared/type-node.js'
import { utf8 } from './buffer.js'
import { Mismatch, readerOf } from './check-value.js'
import { describe } from './describe.js'
import { ScriptReturnError } from './errors.js'

/** Turns a reply into the `%return` type, or throws `ScriptReturnError`. */
type Decoder = (reply: unknown) => unknown

const MISMATCH = Symbol('mismatch')

interface TypeDecoder {
  /** Said in error messages: `%return dict expects <expected>`. */
  expected: string
  /** The decoded value, or `MISMATCH`. */
  decode(reply: NonNullable<unknown>): unknown
}

const text = (reply: unknown): string | undefined =>
  typeof reply === 'string' ? reply : reply instanceof Uint8Array ? utf8(reply) : undefined

const parseJson = (reply: unknown): unknown => {
  const source = text(reply)
  if (source === undefined) return MISMATCH
  try {
    return JSON.parse(source)
  } catch {
    return MISMATCH
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isEmpty = (value: object): boolean => Object.keys(value).length === 0

// Redis writes doubles like `3.1400000000000001`, `inf`, `-inf` and `nan`.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i
const INTEGER = /^[+-]?\d+$/
// 1/0 replies; JS booleans under `replyMapping: 'resp3'`; '1'/'0' under `stringNumbers`.
const TRUE = new Set<unknown>([1, true, '1'])
const FALSE = new Set<unknown>([0, false, '0'])
const SPECIAL = new Map([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['nan', NaN],
])

const parseNumber = (source: string): number | typeof MISMATCH => {
  if (DECIMAL.test(source)) return Number(source)
  return SPECIAL.get(source.toLowerCase()) ?? MISMATCH
}

const DECODERS: Record<ValueType, TypeDecoder> = {
  integer: {
    expected: 'an integer reply',
    // Integer text too: ioredis' `stringNumbers` option turns integer replies into strings.
    decode: reply =>
      Number.isInteger(reply) ? reply : INTEGER.test(text(reply) ?? '') ? Number(text(reply)) : MISMATCH,
  },
  number: {
    expected: 'an integer reply or the text of a number',
    decode: reply => (typeof reply === 'number' ? reply : parseNumber(text(reply) ?? '')),
  },
  string: {
    expected: 'a string reply',
    decode: reply => text(reply) ?? MISMATCH,
  },
  boolean: {
    expected: '1, 0 or nil',
    decode: reply => (TRUE.has(reply) ? true : FALSE.has(reply) ? false : MISMATCH),
  },
  list: {
    expected: 'an array reply or JSON text of an array',
    decode: reply => {
      if (Array.isArray(reply)) return reply
      const value = parseJson(reply)
      // cjson encodes an empty Lua table as `{}`: for a list that is the empty array.
      return Array.isArray(value) ? value : isObject(value) && isEmpty(value) ? [] : MISMATCH
    },
  },
  dict: {
    expected: 'JSON text of an object',
    decode: reply => {
      const value = parseJson(reply)
      return isObject(value) ? value : Array.isArray(value) && value.length === 0 ? {} : MISMATCH
    },
  },
}

/**
 * The result decoder for a `%return` type. Without `%return` the reply passes through;
 * with `T?` nil becomes `null`; without `?` nil is a mismatch, except for `boolean` where it is false.
 */
export function resultDecoder(
  script: string,
  returns: ReturnSpec | null,
  types: Readonly<Record<string, TypeNode>> = {},
): Decoder {
  if (returns === null) return reply => reply
  if (!isSimple(returns)) return structuredDecoder(script, returns, types)
  const nullable = returns.endsWith('?')
  const type = (nullable ? returns.slice(0, -1) : returns) as ValueType
  const { expected, decode } = DECODERS[type]
  return reply => {
    if (reply === null || reply === undefined) {
      if (nullable) return null
      if (type === 'boolean') return false
    } else {
      const value = decode(reply)
      if (value !== MISMATCH) return value
    }
    throw new ScriptReturnError(
      script,
      returns,
      reply,
      `%return ${returns} expects ${expected}${nullable ? ' or nil' : ''}, got ${describeReply(reply)}`,
    )
  }
}

function describeReply(reply: unknown): string {
  if (reply === null || reply === undefined) return 'nil'
  if (typeof reply === 'number') return `integer reply ${reply}`
  return describe(reply)
}

/**
 * The decoder of a structured `%return`: the reply read as JSON text or as RESP (arrays, integers, bulk
 * strings, maps), checked against the type in depth; a mismatch names its path (`result.leaders[0].score`).
 */
function structuredDecoder(script: string, returns: TypeNode, types: Readonly<Record<string, TypeNode>>): Decoder {
  const read = readerOf(returns, types, 'resp')
  return reply => {
    try {
      return read(reply)
    } catch (error) {
      if (!(error instanceof Mismatch)) throw error
      const path = error.path('result')
      throw new ScriptReturnError(script, returns, reply, `${path}: ${error.message}`, path)
    }
  }
}
