import { RedisClient, redis } from 'bun'
import { counter } from './script.js'

export async function bun(): Promise<number[]> {
  const client = new RedisClient('redis://localhost')
  const params = { counter: 'hits', by: 1 }
  return Promise.all([counter.run(client, params), counter.run(redis, params)])
}
