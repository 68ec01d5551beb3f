import type { FieldSpec, StructuredType, TypeNode } from '../shared/type-node.js'
import { formatType, isNullable, nonNull } from '../shared/type-node.js'
import { utf8 } from './buffer.js'
import { describeBriefly } from './describe.js'

/**
 * Where a value is read from:
 * - `arg`: a call's argument, checked strictly before it is sent as JSON;
 * - `json`: a result parsed from JSON text (what `cjson.encode` returns), with cjson's quirks forgiven;
 * - `resp`: a result as the client gave the reply (arrays, integers, bulk strings, RESP3 maps).
 */
export type Source = 'arg' | 'json' | 'resp'

/** Reads a value of one type: the value (results may be normalised in place), or throws {@link Mismatch}. */
export type Read = (value: unknown) => unknown

/** A value that does not fit, with the path to it from the top, filled in on the way out. */
export class Mismatch {
  readonly segments: (string | number)[] = []
  constructor(readonly message: string) {}

  /** `job.attempts`, `members[2]`, `scores["a b"]` under the top-level name `root`. */
  path(root: string): string {
    let text = root
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const segment = this.segments[i]
      text +=
        typeof segment === 'number'
          ? `[${segment}]`
          : /^[A-Z_a-z]\w*$/.test(segment)
            ? `.${segment}`
            : `[${JSON.stringify(segment)}]`
    }
    return text
  }
}

/** What an error says was expected of a type: `integer`, `list<string> or null`. */
export function expectedOf(type: TypeNode): string {
  return isNullable(type) ? `${formatType(nonNull(type))} or null` : formatType(type)
}

const mismatch = (type: TypeNode, value: unknown, expected = expectedOf(type)): Mismatch =>
  new Mismatch(`expected ${expected}, got ${describeBriefly(value)}`)

const isRecord = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

const isEmptyRecord = (value: unknown): boolean => {
  if (!isRecord(value)) return false
  for (const _ in value) return false
  return true
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : value instanceof Uint8Array ? utf8(value) : undefined

// Reply text of numbers: integers under ioredis' `stringNumbers`, doubles as Redis and Lua write them.
const INTEGER_TEXT = /^[+-]?\d+$/
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i
// 1/0 replies; JS booleans under `replyMapping: 'resp3'`; '1'/'0' under `stringNumbers`.
const TRUE = new Set<unknown>([1, true, '1'])
const FALSE = new Set<unknown>([0, false, '0'])

/**
 * The reader of `type` from `source`; `types` are the script's `%type`s. Readers are built once per
 * script, and `%type` names resolve when read, so a type may refer to itself (`%type Tree = { kids: Tree[] }`).
 */
export function readerOf(type: TypeNode, types: Readonly<Record<string, TypeNode>>, source: Source): Read {
  const json = new Checker(types, 'json')
  return (source === 'json' ? json : new Checker(types, source, json)).reader(type)
}

class Checker {
  private readonly named = new Map<string, Read>()
  /** Results are normalised in place (`{}` to `[]`, RESP maps to objects); arguments are never written to. */
  private readonly write: boolean

  constructor(
    private readonly types: Readonly<Record<string, TypeNode>>,
    private readonly source: Source,
    private readonly json?: Checker,
  ) {
    this.write = source !== 'arg'
  }

  private namedReader(name: string): Read {
    let read = this.named.get(name)
    if (!read) {
      // Set before it is built: a type that refers to itself finds this entry.
      let built: Read | undefined
      this.named.set(name, value => built!(value))
      built = this.reader(this.types[name])
      read = built
      this.named.set(name, built)
    }
    return read
  }

  reader(type: TypeNode): Read {
    const base = nonNull(type)
    const read = typeof base === 'string' ? this.scalar(base, type) : this.structured(base, type)
    if (!isNullable(type)) return read
    return value => (value === null || value === undefined ? null : read(value))
  }

  private scalar(base: string, type: TypeNode): Read {
    const resp = this.source === 'resp'
    const fail = (value: unknown): never => {
      throw mismatch(type, value)
    }
    switch (base) {
      case 'integer':
        if (this.source === 'arg') return v => (Number.isSafeInteger(v) ? v : fail(v))
        return v => (Number.isInteger(v) ? v : resp && INTEGER_TEXT.test(text(v) ?? '') ? Number(text(v)) : fail(v))
      case 'number':
        if (!resp) return v => (typeof v === 'number' && Number.isFinite(v) ? v : fail(v))
        return v => (typeof v === 'number' ? v : NUMBER_TEXT.test(text(v) ?? '') ? Number(text(v)) : fail(v))
      case 'string':
        return v => (typeof v === 'string' ? v : resp && v instanceof Uint8Array ? utf8(v) : fail(v))
      case 'boolean':
        // Lua's `false` is a nil reply: nil is false unless the type allows null.
        if (resp) return v => (TRUE.has(v) ? true : FALSE.has(v) || v === null || v === undefined ? false : fail(v))
        return v => (typeof v === 'boolean' ? v : fail(v))
      case 'list':
        return this.container(type, v =>
          Array.isArray(v) ? v : this.source !== 'arg' && isEmptyRecord(v) ? [] : fail(v),
        )
      default:
        return this.container(type, v =>
          isRecord(v) ? v : this.source === 'json' && isEmpty(v) ? {} : (this.map(v) ?? fail(v)),
        )
    }
  }

  private structured(base: StructuredType, type: TypeNode): Read {
    if ('ref' in base) {
      const { ref } = base
      let read: Read | undefined
      return value => {
        try {
          return (read ??= this.namedReader(ref))(value)
        } catch (error) {
          // The value itself is wrong: say so by the name the user wrote, not its expansion.
          if (error instanceof Mismatch && !error.segments.length) throw mismatch(type, value)
          throw error
        }
      }
    }
    const fail = (value: unknown): never => {
      throw mismatch(type, value)
    }
    if ('list' in base) {
      const element = this.reader(base.list)
      return this.container(type, value => {
        const list = Array.isArray(value) ? value : this.source !== 'arg' && isEmptyRecord(value) ? [] : fail(value)
        let i = 0
        try {
          for (; i < list.length; i++) {
            const read = element(list[i])
            if (read !== list[i] && this.write) list[i] = read
          }
        } catch (error) {
          if (error instanceof Mismatch) error.segments.push(i)
          throw error
        }
        return list
      })
    }
    if ('dict' in base) {
      const entry = this.reader(base.dict)
      return this.container(type, value => {
        const record = this.record(value) ?? fail(value)
        for (const key in record) {
          const given = record[key]
          const read = at(key, entry, given)
          if (read !== given && this.write) record[key] = read
        }
        return record
      })
    }
    return this.container(type, this.shape(base.shape, type))
  }

  private shape(fields: FieldSpec[], type: TypeNode): Read {
    // Columns, one try for the whole loop: this runs for every field of every result.
    const names = fields.map(field => field.name)
    const reads = fields.map(field => this.reader(field.type))
    const optional = fields.map(field => field.optional === true)
    // Lua cannot keep a nil in a table: a nullable field a script leaves out comes back as null.
    const nullIfMissing = fields.map(field => this.write && isNullable(field.type))
    // `toString`, `constructor`...: a record would find them on Object.prototype; only own ones count.
    const shadowed = names.map(name => name in Object.prototype)
    const known = new Set(names)
    const { write } = this
    return value => {
      const record = this.record(value)
      if (!record) throw mismatch(type, value)
      let present = 0
      let i = 0
      try {
        for (; i < names.length; i++) {
          const given = shadowed[i] && !Object.hasOwn(record, names[i]) ? undefined : record[names[i]]
          if (given === undefined) {
            if (optional[i]) continue
            if (!nullIfMissing[i]) throw new Mismatch(`missing (expected ${expectedOf(fields[i].type)})`)
            record[names[i]] = null
          } else {
            const read = reads[i](given)
            // Stored only when normalised ({} to [], a RESP map to an object): most reads change nothing.
            if (read !== given && write) record[names[i]] = read
          }
          present++
        }
      } catch (error) {
        if (error instanceof Mismatch) error.segments.push(names[i])
        throw error
      }
      let count = 0
      for (const _ in record) count++
      if (count !== present)
        for (const key of Object.keys(record)) {
          if (known.has(key)) continue
          const unknown = new Mismatch(`unknown field (the shape has ${names.join(', ')})`)
          unknown.segments.push(key)
          throw unknown
        }
      return record
    }
  }

  /** A structured result may also come as JSON text inside a RESP reply (`{ cjson.encode(a), ... }`). */
  private container(type: TypeNode, read: Read): Read {
    if (!this.json) return read
    const fromJson = this.json.reader(type)
    return value => {
      const source = text(value)
      if (source === undefined) return read(value)
      let parsed: unknown
      try {
        parsed = JSON.parse(source)
      } catch {
        throw new Mismatch(`expected ${expectedOf(type)} (or its JSON text), got ${describeBriefly(value)}`)
      }
      return fromJson(parsed)
    }
  }

  /** A record to read fields from: the object itself, or a RESP map as an object. */
  private record(value: unknown): Record<string, unknown> | undefined {
    if (isRecord(value)) return value
    if (this.source === 'json' && Array.isArray(value) && value.length === 0) return {}
    return this.map(value)
  }

  /** A RESP map reply: a `Map`, or the flat `[key, value, ...]` array it is under RESP2 and ioredis' default. */
  private map(value: unknown): Record<string, unknown> | undefined {
    if (this.source !== 'resp') return undefined
    const entries: [unknown, unknown][] = value instanceof Map ? [...value] : []
    if (Array.isArray(value)) {
      if (value.length % 2) return undefined
      for (let i = 0; i < value.length; i += 2) entries.push([value[i], value[i + 1]])
    }
    if (!entries.length && !(value instanceof Map) && !(Array.isArray(value) && value.length === 0)) return undefined
    const record: Record<string, unknown> = {}
    for (const [key, entry] of entries) {
      const name = text(key)
      if (name === undefined) return undefined
      Object.defineProperty(record, name, { value: entry, enumerable: true, writable: true, configurable: true })
    }
    return record
  }
}

const isEmpty = (value: unknown): boolean => Array.isArray(value) && value.length === 0

/** Reads one element or field, adding its place to the path of a mismatch inside. */
function at(segment: string | number, read: Read, value: unknown): unknown {
  try {
    return read(value)
  } catch (error) {
    if (error instanceof Mismatch) error.segments.push(segment)
    throw error
  }
}
