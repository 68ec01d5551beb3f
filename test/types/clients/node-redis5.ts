import { createClient, createCluster } from 'redis5'
import { counter } from './script.js'

export async function nodeRedis5(): Promise<number[]> {
  const client = createClient()
  const cluster = createCluster({ rootNodes: [] })
  const params = { counter: 'hits', by: 1 }
  return Promise.all([counter.run(client, params), counter.run(cluster, params), counter.run(client.multi(), params)])
}
