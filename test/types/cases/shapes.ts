// Shaped parameters and results, checked by the real `tsc` against the sidecar the plugin writes.
import type { Redis } from 'ioredis'
import claim from './lua/claim.lua'
import type { Claim, Worker } from './lua/claim.lua'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type Result<S extends { run: (...args: never[]) => Promise<unknown> }> = Awaited<ReturnType<S['run']>>
const assertType = <T extends true>(): T | undefined => undefined

// The exported `%type`s and the result are the exact types the script declares.
assertType<Equal<Worker, { name: string; busy: boolean | null }>>()
assertType<
  Equal<Claim, { job: string; worker: Worker; attempts: number; history?: Array<{ at: number; by: string }> }>
>()
assertType<Equal<Result<typeof claim>, Claim | null>>()

const job = { id: 'j1', attempts: 2 }

export async function correctCalls(redis: Redis): Promise<void> {
  const result = await claim.run(redis, { queue: 'q', job, workers: [{ name: 'w', busy: null }], weights: null })
  if (result !== null) {
    const attempts: number = result.attempts
    const busy: boolean | null = result.worker.busy
    const at: number | undefined = result.history?.[0]?.at
    void [attempts, busy, at]
  }
  const readOnlyTags: readonly string[] = ['a']
  await claim.run(redis, {
    queue: new Uint8Array([113]),
    job: { id: 'j2', attempts: 0, tags: readOnlyTags },
    workers: [],
    weights: { w: 0.5 },
  })
}

export async function wrongCalls(redis: Redis): Promise<void> {
  const workers: Worker[] = []
  // @ts-expect-error wrong field type: `attempts` is an integer
  await claim.run(redis, { queue: 'q', job: { id: 'j', attempts: '3' }, workers, weights: null })
  // @ts-expect-error missing field: `job.id`
  await claim.run(redis, { queue: 'q', job: { attempts: 3 }, workers, weights: null })
  // @ts-expect-error unknown field: `job.priority`
  await claim.run(redis, { queue: 'q', job: { id: 'j', attempts: 3, priority: 1 }, workers, weights: null })
  // @ts-expect-error wrong element: a worker is a shape, not a string
  await claim.run(redis, { queue: 'q', job, workers: ['w'], weights: null })
  // @ts-expect-error a map of numbers, not of strings
  await claim.run(redis, { queue: 'q', job, workers, weights: { w: 'heavy' } })
  const result = await claim.run(redis, { queue: 'q', job, workers, weights: null })
  // @ts-expect-error the result may be null
  void result.job
  if (result === null) return
  // @ts-expect-error reading a field the result does not have
  void result.lease_until
  // @ts-expect-error the result's field types are exact: `job` is a string
  const id: number = result.job
  void id
}

// @ts-expect-error an unknown %type: the script declares no `Lease`
export type Missing = import('./lua/claim.lua').Lease
