/** A value type of `%arg` and `%return`, by its canonical name. */
export type ValueType = 'integer' | 'number' | 'string' | 'boolean' | 'list' | 'dict'

/** One field of an object shape: `name: T`, or `name?: T` when it may be left out. */
export interface FieldSpec {
  name: string
  type: TypeNode
  /** True for `name?: T`: the field may be absent. */
  optional?: true
}

/**
 * A type of `%arg`, `%return` or `%type`, as data. The simple types stay plain strings, as they always
 * were (`'integer'`, `'dict?'`: `?` allows `null`); structured ones are objects, `nullable: true` for `T?`:
 * `list<T>` / `T[]` is `{ list: T }`, `dict<T>` is `{ dict: T }`, `{ a: T, b?: T }` is `{ shape: [...] }`
 * and a `%type` name is `{ ref: 'Name' }`.
 */
export type TypeNode =
  | ValueType
  | `${ValueType}?`
  | { list: TypeNode; nullable?: true }
  | { dict: TypeNode; nullable?: true }
  | { shape: FieldSpec[]; nullable?: true }
  | { ref: string; nullable?: true }

/** The structured forms of {@link TypeNode}. */
export type StructuredType = Exclude<TypeNode, string>

/** True when the type allows `null` (`T?`). */
export function isNullable(type: TypeNode): boolean {
  return typeof type === 'string' ? type.endsWith('?') : type.nullable === true
}

/** The type without its `?`. */
export function nonNull(type: TypeNode): TypeNode {
  if (typeof type === 'string') return type.endsWith('?') ? (type.slice(0, -1) as ValueType) : type
  if (!type.nullable) return type
  const { nullable: _, ...rest } = type
  return rest as StructuredType
}

/** The type with a `?`. */
export function withNull(type: TypeNode): TypeNode {
  if (typeof type === 'string') return type.endsWith('?') ? type : (`${type}?` as TypeNode)
  return { ...type, nullable: true }
}

/**
 * True for the types sent and received as they always were (a scalar, `list`, `dict`, with or without
 * `?` on a result): everything else goes as JSON and is checked in depth.
 */
export function isSimple(type: TypeNode): type is ValueType | `${ValueType}?` {
  return typeof type === 'string'
}

/** The type written in the grammar's canonical form: `{ id: string, tags?: string[] }?`. */
export function formatType(type: TypeNode): string {
  if (typeof type === 'string') return type
  const q = type.nullable ? '?' : ''
  if ('list' in type) return `list<${formatType(type.list)}>${q}`
  if ('dict' in type) return `dict<${formatType(type.dict)}>${q}`
  if ('ref' in type) return `${type.ref}${q}`
  const fields = type.shape.map(f => `${f.name}${f.optional ? '?' : ''}: ${formatType(f.type)}`)
  return `{ ${fields.join(', ')} }${q}`
}
