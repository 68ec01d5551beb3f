import type { ReturnSpec, ValueType } from '../shared/definition.js'

/** The TypeScript type a parameter accepts, per `%arg` type, for an untyped `%arg`, and for a `%key`. */
export interface ParamTypes {
  integer: number | bigint
  number: number
  string: string | Buffer
  boolean: boolean
  list: readonly unknown[]
  dict: Record<string, unknown>
  untyped: string | number | Buffer
  key: string | Buffer
}

/** The TypeScript type of a result, per `%return` type. */
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
