import type { ValueType } from '../shared/definition.js'
import { asBytes } from './buffer.js'

/** What a parameter is sent as: ioredis writes strings and Buffers to the wire as they are. */
export type WireValue = string | Buffer

/** The kinds of parameter: the `%arg` types, an untyped `%arg`, and a `%key`. */
export type ParamKind = ValueType | 'untyped' | 'key'

export interface Encoder {
  /** Said in error messages: `argument "size" expects <expected>`. */
  expected: string
  /** The wire value, or `undefined` when the value does not fit. */
  encode(value: unknown): WireValue | undefined
}

const json = (value: unknown): string | undefined => {
  try {
    return JSON.stringify(value)
  } catch {
    return undefined
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)

const ENCODERS: Record<ParamKind, Encoder> = {
  integer: {
    expected: 'integer (a safe integer number or bigint)',
    encode: value => (typeof value === 'bigint' || Number.isSafeInteger(value) ? String(value) : undefined),
  },
  number: {
    expected: 'number (a finite number)',
    encode: value => (isFiniteNumber(value) ? String(value) : undefined),
  },
  string: {
    expected: 'string (a string or Buffer)',
    encode: value => (typeof value === 'string' ? value : asBytes(value)),
  },
  boolean: {
    expected: 'boolean',
    encode: value => (typeof value === 'boolean' ? (value ? '1' : '0') : undefined),
  },
  list: {
    expected: 'list (an array JSON can encode)',
    encode: value => (Array.isArray(value) ? json(value) : undefined),
  },
  dict: {
    expected: 'dict (a plain object JSON can encode)',
    encode: value => (isPlainObject(value) ? json(value) : undefined),
  },
  untyped: {
    expected: 'a string, Buffer or finite number',
    encode: value => (typeof value === 'string' ? value : isFiniteNumber(value) ? String(value) : asBytes(value)),
  },
  key: {
    expected: 'key (a string or Buffer)',
    encode: value => (typeof value === 'string' ? value : asBytes(value)),
  },
}

/** The encoder of one kind of parameter (integers as decimal text, lists as compact JSON, ...). */
export function encoderFor(kind: ParamKind): Encoder {
  return ENCODERS[kind]
}

/** Why JSON could not encode a value of the right shape (a cycle, a bigint inside), or `undefined`. */
export function jsonFailure(value: unknown): string | undefined {
  try {
    JSON.stringify(value)
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error)
  }
}
