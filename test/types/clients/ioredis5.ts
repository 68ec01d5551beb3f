import { Cluster, Redis } from 'ioredis5'
import { counter } from './script.js'

export async function ioredis5(redis: Redis, cluster: Cluster): Promise<number[]> {
  const params = { counter: 'hits', by: 1 }
  return Promise.all([counter.run(redis, params), counter.run(cluster, params), counter.run(redis.multi(), params)])
}
