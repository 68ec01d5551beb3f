import type { ArgSpec, TypeNode } from '../shared/definition.js'
import { isSimple } from '../shared/type-node.js'
import { expectedOf, Mismatch, readerOf } from './check-value.js'
import { describe } from './describe.js'
import { encoderFor, jsonFailure, type Encoder, type ParamKind, type WireValue } from './encode-value.js'
import { ScriptArgumentError } from './errors.js'

/**
 * A call's command arguments: `[script, numkeys, ...KEYS, ...ARGV]`, each in declaration order,
 * `numkeys` as decimal text (what every client sends). With a {@link Head} of 1 the same follow a slot
 * for the command name, `[command, script, numkeys, ...]`: the one array node-redis and GLIDE send as it
 * is. The script's slot is left for the caller (the SHA-1 or the body); one array per call because
 * this is the hot path of every run().
 */
export type Argv = (WireValue | undefined)[]

/** Where an {@link Argv} puts the script: after this many slots (0, or 1 for the command name). */
export type Head = 0 | 1

/** Where KEYS start in an {@link Argv}. */
export const firstKey = (head: Head): number => head + 2

interface Param {
  name: string
  kind: ParamKind | 'json'
  encoder: Encoder
}

type Params = Record<string, unknown>

/**
 * Builds the encoder of one script's named parameters, for argv laid out after `head` slots. It checks
 * everything before returning, so a bad call throws {@link ScriptArgumentError} before anything is sent.
 */
export function paramsEncoder(
  script: string,
  keys: readonly string[],
  args: readonly ArgSpec[],
  types: Readonly<Record<string, TypeNode>> = {},
  head: Head = 0,
): (params: unknown) => Argv {
  const param = (name: string, kind: ParamKind): Param => ({ name, kind, encoder: encoderFor(kind) })
  const argParam = ({ name, type }: ArgSpec): Param =>
    type === null
      ? param(name, 'untyped')
      : isSimple(type) && !type.endsWith('?')
        ? param(name, type as ParamKind)
        : { name, kind: 'json', encoder: jsonEncoder(script, name, type, types) }
  const params = [...keys.map(name => param(name, 'key')), ...args.map(argParam)]
  const names = params.map(({ name }) => name)
  const known = new Set(names)
  const generic = (given: unknown): Argv => {
    const record = asRecord(script, given, names)
    const argv = encodeAll(script, params, record, keys.length, head)
    rejectUnknown(script, record, known, names)
    return argv
  }
  return specialised(params, keys.length, known.size, head, generic) ?? generic
}

/**
 * The same encoder written out for one script: one pass over the record's own names, each placed and
 * encoded by its own function, so V8 sees one shape and one callee at every site (the generic loop
 * reads every name of every script at one site, which cost 5% of a node-redis call's time). A `for-in`
 * with `hasOwnProperty` is the one own-name check V8 compiles to next to nothing (three `Object.hasOwn`
 * calls cost more than the rest of the encoder). It only finishes calls that are right; anything else,
 * including a value its encoder throws for, goes to `generic`, which says what is wrong in declaration
 * order. Names enter the code as JSON string literals. `undefined` where code cannot be made at run time
 * (a Content-Security-Policy without 'unsafe-eval'): the generic encoder then does it all.
 */
function specialised(
  params: Param[],
  numkeys: number,
  count: number,
  head: Head,
  generic: (given: unknown) => Argv,
): ((given: unknown) => Argv) | undefined {
  const first = firstKey(head)
  // A name that fits is placed and counted; anything else leaves the switch and spoils the count.
  const cases = params.flatMap(({ name }, i) => [
    `case ${JSON.stringify(name)}:`,
    `if ((value = record[name]) === undefined || (wire = e${i}(value)) === undefined) break`,
    `argv[${first + i}] = wire`,
    'count++',
    'continue',
  ])
  const body = [
    'if (typeof record !== "object" || record === null || isArray(record)) return generic(record)',
    `const argv = new Array(${first + params.length})`,
    ...Array.from({ length: head + 1 }, (_, i) => `argv[${i}] = undefined`),
    `argv[${head + 1}] = ${JSON.stringify(String(numkeys))}`,
    'let value, wire, count = 0',
    'try {',
    'for (const name in record) {',
    'if (hasOwnProperty.call(record, name)) switch (name) {',
    ...cases,
    '}',
    'count = -1',
    'break',
    '}',
    '} catch { count = -1 }',
    // for-in names each own property once: as many placed as declared means every one is there.
    // One way out to `generic`, outside the try: its error is thrown once, not caught and made again.
    `return count === ${count} ? argv : generic(record)`,
  ]
  const encoders = params.map((_, i) => `e${i} = encoders[${i}]`)
  const source = [
    '"use strict"',
    ...(encoders.length ? [`const ${encoders.join(', ')}`] : []),
    `return function encodeParams(record) {\n${body.join('\n')}\n}`,
  ].join('\n')
  try {
    // oxlint-disable-next-line no-new-func -- the source is built above from JSON literals and numbers only
    const make = new Function('generic', 'encoders', 'hasOwnProperty', 'isArray', source) as (
      ...parts: unknown[]
    ) => (given: unknown) => Argv
    return make(
      generic,
      params.map(({ encoder }) => encoder.encode),
      Object.prototype.hasOwnProperty,
      Array.isArray,
    )
  } catch {
    return undefined
  }
}

function asRecord(script: string, params: unknown, names: string[]): Params {
  if (params === undefined) return {}
  if (typeof params === 'object' && params !== null && !Array.isArray(params)) return params as Params
  throw new ScriptArgumentError(
    script,
    '',
    'an object of named parameters',
    `expects an object of named parameters (${takes(names)}), got ${describe(params)}`,
  )
}

function encodeAll(script: string, params: Param[], record: Params, numkeys: number, head: Head): Argv {
  const first = firstKey(head)
  // Exactly as long as needed: pushing would grow it to 19 slots, and a pipeline keeps every call's argv.
  // oxlint-disable-next-line unicorn/no-new-array
  const argv = new Array(first + params.length) as Argv
  for (let i = 0; i <= head; i++) argv[i] = undefined
  argv[head + 1] = String(numkeys)
  for (let i = 0; i < params.length; i++) argv[first + i] = encodeOne(script, params[i], record)
  return argv
}

function encodeOne(script: string, param: Param, record: Params): WireValue {
  const { encoder } = param
  const value = Object.hasOwn(record, param.name) ? record[param.name] : undefined
  const wire = value === undefined ? undefined : encoder.encode(value)
  if (wire !== undefined) return wire
  throw new ScriptArgumentError(script, param.name, encoder.expected, mismatch(param, encoder.expected, value))
}

/**
 * The encoder of an arg of a structured or nullable type: the whole value checked against the type,
 * then sent as compact JSON (the script's `%arg` line decodes it with `cjson.decode`).
 */
function jsonEncoder(script: string, name: string, type: TypeNode, types: Readonly<Record<string, TypeNode>>): Encoder {
  const read = readerOf(type, types, 'arg')
  const expected = expectedOf(type)
  return {
    expected,
    encode: value => {
      try {
        read(value)
      } catch (error) {
        if (!(error instanceof Mismatch)) throw error
        const path = error.path(name)
        throw new ScriptArgumentError(script, name, expected, `${path}: ${error.message}`, path)
      }
      try {
        return JSON.stringify(value)
      } catch {
        // Inside a `list` or `dict` of any values: a cycle or a bigint (mismatch() says which).
        return undefined
      }
    },
  }
}

function mismatch(param: Param, expected: string, value: unknown): string {
  if (value === undefined) return `missing argument "${param.name}": expects ${expected}`
  const failure =
    param.kind === 'list' || param.kind === 'dict' || param.kind === 'json' ? jsonFailure(value) : undefined
  const got = failure === undefined ? describe(value) : `${describe(value)} that JSON cannot encode (${failure})`
  return `argument "${param.name}" expects ${expected}, got ${got}`
}

function rejectUnknown(script: string, record: Params, known: Set<string>, names: string[]): void {
  // Every declared name is known to be present by now: as many enumerable names means no others.
  let count = 0
  for (const _ in record) count++
  if (count === known.size) return
  for (const name of Object.keys(record)) {
    if (known.has(name)) continue
    throw new ScriptArgumentError(
      script,
      name,
      takes(names),
      `unknown argument "${name}"; the script takes ${takes(names)}`,
    )
  }
}

function takes(names: string[]): string {
  return names.length ? names.join(', ') : 'no parameters'
}
