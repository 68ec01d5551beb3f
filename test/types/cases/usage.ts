// Compiled by the real `tsc` against the sidecars the plugin writes (test/types/types.test.ts does both).
// Every `@ts-expect-error` must meet an error, so each one proves a wrong call does not compile.
import type { Redis } from 'ioredis'
import counter from './lua/counter.lua'
import noSidecar from './lua/no_sidecar.lua'
import ping from './lua/ping.lua'
import profile from './lua/profile.lua'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type Result<S extends { run: (...args: never[]) => Promise<unknown> }> = Awaited<ReturnType<S['run']>>
const assertType = <T extends true>(): T | undefined => undefined

// The result type follows `%return`: `integer` -> number, `dict?` -> object or null, none -> unknown.
assertType<Equal<Result<typeof counter>, number>>()
assertType<Equal<Result<typeof profile>, Record<string, unknown> | null>>()
assertType<Equal<Result<typeof ping>, unknown>>()
// Without a sidecar, the `unplugin-redis-lua/client` fallback: any named values, an unknown result.
assertType<Equal<Result<typeof noSidecar>, unknown>>()

export async function correctCalls(redis: Redis): Promise<void> {
  const total: number = await counter.run(redis, { counter: 'hits', by: 2 })
  await counter.run(redis, { counter: Buffer.from('hits'), by: 2n })
  await counter.run(redis.pipeline(), { counter: 'hits', by: total })
  await counter.runner(redis)({ counter: 'hits', by: 1 })
  const user = await profile.run(redis, {
    user: 'user:1',
    name: 'Ada',
    tags: ['math'],
    admin: true,
    meta: { since: 1843 },
    score: 9.5,
    note: 42,
  })
  if (user !== null) user.name?.toString()
  await ping.run(redis)
  await noSidecar.run(redis, { anything: 'goes', more: 1 })
  const keys: readonly string[] = counter.keys
  const readOnly: boolean = profile.readOnly
  void [keys, readOnly, counter.sha1.length, profile.name]
}

export async function wrongCalls(redis: Redis): Promise<void> {
  // @ts-expect-error wrong argument type: `by` is an integer
  await counter.run(redis, { counter: 'hits', by: '2' })
  // @ts-expect-error wrong argument type: `admin` is a boolean
  await profile.run(redis, { user: 'u', name: 'n', tags: [], admin: 1, meta: {}, score: 1, note: 'x' })
  // @ts-expect-error missing key: `counter`
  await counter.run(redis, { by: 2 })
  // @ts-expect-error unknown name: `step`
  await counter.run(redis, { counter: 'hits', by: 2, step: 1 })
  // @ts-expect-error parameters are required when the script declares some
  await counter.run(redis)
  // @ts-expect-error a script without parameters takes none
  await ping.run(redis, { extra: 1 })
  // @ts-expect-error the result is a number, not a string
  const text: string = await counter.run(redis, { counter: 'hits', by: 2 })
  void text
}
