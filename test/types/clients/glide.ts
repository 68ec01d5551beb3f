import { GlideClient, GlideClusterClient } from '@valkey/valkey-glide'
import { counter } from './script.js'

export async function glide(): Promise<number[]> {
  const client = await GlideClient.createClient({ addresses: [] })
  const cluster = await GlideClusterClient.createClient({ addresses: [] })
  const params = { counter: 'hits', by: 1 }
  return Promise.all([counter.run(client, params), counter.run(cluster, params), counter.load(cluster).then(() => 0)])
}
