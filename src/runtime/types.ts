import type { ReturnSpec, ValueType } from '../shared/definition.js'

/**
 * The TypeScript type a parameter accepts, per `%arg` type, for an untyped `%arg`, and for a `%key`:
 * the one table of them, which generated sidecars refer to by name. Bytes are a `Uint8Array` (a Node
 * `Buffer` is one), so the types need no `@types/node`. Inside a structured argument (sent as JSON)
 * values are typed as results are.
 */
export interface ParamTypes {
  integer: number | bigint
  number: number
  string: string | Uint8Array
  boolean: boolean
  list: readonly unknown[]
  dict: Readonly<Record<string, unknown>>
  untyped: string | number | Uint8Array
  key: string | Uint8Array
}

/** The TypeScript type of a result, per `%return` type, and of a value inside a structured one. */
export interface ResultTypes {
  integer: number
  number: number
  string: string
  boolean: boolean
  list: unknown[]
  dict: Record<string, unknown>
}

/** The parameter type of an `%arg` (`null`: untyped). */
export type ParamType<T extends ValueType | null> = ParamTypes[T extends ValueType ? T : 'untyped']

/** The result type of a `%return` (`T?` adds `null`; no `%return`: `unknown`). */
export type ResultType<R extends ReturnSpec | null> = R extends `${infer T extends ValueType}?`
  ? ResultTypes[T] | null
  : R extends ValueType
    ? ResultTypes[R]
    : unknown

/** Any parameter value. */
export type ParamValue = ParamTypes[keyof ParamTypes]

/** Named parameters when nothing more precise is known (a script without a sidecar). */
export type ScriptParams = Record<string, ParamValue>

/** `run`'s parameters argument: optional when the script takes none. */
export type ParamsArgument<Params> = {} extends Params ? [params?: Params] : [params: Params]

/**
 * An ioredis `Redis`, `Cluster`, `pipeline()` or `multi()`. Structural, so the runtime needs no
 * ioredis types at run time and accepts any ioredis version that has these commands.
 */
export interface ScriptClient {
  evalsha(...args: never[]): unknown
}
