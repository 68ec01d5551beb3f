import { Cluster, Redis } from 'iovalkey'
import { counter } from './script.js'

export async function iovalkey(valkey: Redis, cluster: Cluster): Promise<number[]> {
  const params = { counter: 'hits', by: 1 }
  return Promise.all([
    counter.run(valkey, params),
    counter.run(cluster, params),
    counter.run(valkey.pipeline(), params),
  ])
}
