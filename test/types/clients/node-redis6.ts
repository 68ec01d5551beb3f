import { createClient, createCluster } from 'redis'
import { counter } from './script.js'

export async function nodeRedis6(): Promise<number[]> {
  const client = await createClient({ RESP: 2 }).connect()
  const cluster = createCluster({ rootNodes: [] })
  const resp3 = createClient()
  const params = { counter: 'hits', by: 1 }
  return Promise.all([
    counter.run(client, params),
    counter.run(resp3, params),
    counter.run(cluster, params),
    counter.run(client.multi(), params),
    counter.load(cluster).then(() => 0),
  ])
}
