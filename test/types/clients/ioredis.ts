import { Cluster, Redis } from 'ioredis'
import { counter } from './script.js'

export async function ioredis(redis: Redis, cluster: Cluster): Promise<number[]> {
  const params = { counter: 'hits', by: 1 }
  return Promise.all([
    counter.run(redis, params),
    counter.run(cluster, params),
    counter.run(redis.pipeline(), params),
    counter.run(redis.multi(), params),
    counter.runner(cluster)(params),
    counter.load(redis).then(() => 0),
  ])
}
