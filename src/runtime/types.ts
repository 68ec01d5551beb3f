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

/** An ioredis or iovalkey `Redis`, `Cluster`, `pipeline()` or `multi()`. */
export interface IoredisClient {
  evalsha(...args: never[]): unknown
}

/** A node-redis (`redis` 5 or 6) `createClient()` or `createCluster()`. */
export interface NodeRedisClient {
  sendCommand(...args: never[]): unknown
  readonly isOpen: boolean
}

/** A node-redis client's `multi()`, run with `exec()` or `execAsPipeline()`. */
export interface NodeRedisMulti {
  addCommand(...args: never[]): unknown
  execAsPipeline(...args: never[]): unknown
}

/** A Valkey GLIDE `GlideClient` or `GlideClusterClient`. */
export interface GlideClient {
  customCommand(...args: never[]): unknown
  invokeScript(...args: never[]): unknown
}

/** Bun's `RedisClient` (or `Bun.redis`). */
export interface BunRedisClient {
  send(command: string, args: never[]): unknown
  readonly connected: boolean
}

/**
 * Any client object `run()`, `runner()` and `load()` accept (`load()` only clients, not batches).
 * Structural, so no client package is needed at run time or for these types, and any version with
 * these members type-checks; an object of an unsupported version is refused at run time.
 */
export type ScriptClient = IoredisClient | NodeRedisClient | NodeRedisMulti | GlideClient | BunRedisClient
