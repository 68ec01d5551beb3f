import type { Cluster, Redis } from 'ioredis'
import { describe, expectTypeOf, it } from 'vitest'
import {
  defineScript,
  type LuaScript,
  type ParamType,
  type ParamTypes,
  type ResultType,
  type ScriptDefinition,
} from '../../src/runtime/index.js'

const definition: ScriptDefinition = {
  name: 'typed',
  lua: 'return 1',
  sha1: 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db',
  keys: ['counter'],
  args: [{ name: 'size', type: 'integer' }],
  returns: 'dict',
  readOnly: false,
  lineMap: { files: ['typed.lua'], segments: [[1, 0, 1]], directives: {} },
}

// What a generated `create_foo.d.lua.ts` declares.
type CreateFoo = LuaScript<{ counter: ParamTypes['key']; size: number | bigint }, Record<string, unknown>>

describe('types for generated sidecars', () => {
  it('maps value types to parameter and result types', () => {
    expectTypeOf<ParamTypes['integer']>().toEqualTypeOf<number | bigint>()
    expectTypeOf<ParamType<'list'>>().toEqualTypeOf<readonly unknown[]>()
    expectTypeOf<ParamType<null>>().toEqualTypeOf<string | number | Uint8Array>()
    expectTypeOf<ResultType<'integer'>>().toEqualTypeOf<number>()
    expectTypeOf<ResultType<'dict?'>>().toEqualTypeOf<Record<string, unknown> | null>()
    expectTypeOf<ResultType<null>>().toEqualTypeOf<unknown>()
  })

  it('checks names and types of run() parameters and types the result', () => {
    const script: CreateFoo = defineScript(definition)
    const calls = async (redis: Redis, cluster: Cluster): Promise<void> => {
      expectTypeOf(await script.run(redis, { counter: 'c', size: 1n })).toEqualTypeOf<Record<string, unknown>>()
      await script.run(cluster, { counter: Buffer.from('c'), size: 3 })
      await script.run(redis.pipeline(), { counter: 'c', size: 3 })
      await script.run(redis.multi(), { counter: 'c', size: 3 })
      await script.runner(redis)({ counter: 'c', size: 3 })
      // @ts-expect-error size is an integer
      await script.run(redis, { counter: 'c', size: '3' })
      // @ts-expect-error unknown name
      await script.run(redis, { counter: 'c', size: 3, extra: 1 })
      // @ts-expect-error missing name
      await script.run(redis, { counter: 'c' })
      // @ts-expect-error parameters are required
      await script.run(redis)
      // @ts-expect-error not a client
      await script.run({}, { counter: 'c', size: 3 })
    }
    expectTypeOf(calls).toBeFunction()
  })

  it('makes parameters optional for a script that takes none', () => {
    const none: LuaScript<Record<string, never>, number> = defineScript({ ...definition, keys: [], args: [] })
    const calls = async (redis: Redis): Promise<void> => {
      expectTypeOf(await none.run(redis)).toEqualTypeOf<number>()
      await none.run(redis, {})
      // @ts-expect-error takes no parameters
      await none.run(redis, { x: 1 })
    }
    expectTypeOf(calls).toBeFunction()
  })

  it('an untyped script takes any named values and returns unknown', () => {
    const loose = defineScript(definition)
    const calls = async (redis: Redis): Promise<void> => {
      expectTypeOf(await loose.run(redis, { counter: 'c', size: 1 })).toEqualTypeOf<unknown>()
      // @ts-expect-error not a parameter value
      await loose.run(redis, { counter: Symbol('c') })
    }
    expectTypeOf(calls).toBeFunction()
    expectTypeOf(loose).toMatchTypeOf<LuaScript>()
  })
})
