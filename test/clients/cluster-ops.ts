import type { Redis } from 'ioredis'
import { keySlot } from '../../src/runtime/cluster-slot.js'
import type { RedisCluster } from '../../src/testing/index.js'

type Shard = [start: number, end: number, ...nodes: [host: string, port: number, id: string][]]

/**
 * The shard serving `key`, as a node sees it. Mid-failover a node can list no master for the slot
 * for a moment (the old master already gossiped as a replica, the new one's claim not yet heard): ask again.
 */
async function shardOf(cluster: RedisCluster, key: string): Promise<Shard> {
  const slot = keySlot(key)
  for (let attempt = 0; ; attempt++) {
    const shards = (await cluster.node(cluster.masters()[0].port).client().cluster('SLOTS')) as unknown as Shard[]
    const shard = shards.find(([start, end]) => start <= slot && slot <= end)
    if (shard) return shard
    if (attempt === 100) throw new Error(`no node serves slot ${slot} (of ${JSON.stringify(key)}) after 5 s`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

/** The master port serving a key now. */
export async function masterPortOf(cluster: RedisCluster, key: string): Promise<number> {
  return (await shardOf(cluster, key))[2][1]
}

/**
 * A manual failover of the shard serving `key`: its replica (whose script cache is empty) takes over,
 * the old master becomes its replica. Waits until every node agrees.
 */
export async function failover(cluster: RedisCluster, key: string): Promise<void> {
  // A replica that became one in an earlier failover must be linked and synced first.
  await cluster.ready()
  const [, , master, replica] = await shardOf(cluster, key)
  const old: Redis = cluster.node(master[1]).client()
  // A replica refuses (or never finishes) a manual failover until it has caught up: retry.
  for (let attempt = 0; attempt < 5 && (await masterPortOf(cluster, key)) !== replica[1]; attempt++) {
    await old.call('WAIT', 1, 5000)
    await cluster
      .node(replica[1])
      .client()
      .cluster('FAILOVER')
      .catch(() => undefined)
    for (let i = 0; i < 60 && (await masterPortOf(cluster, key)) !== replica[1]; i++)
      await new Promise(resolve => setTimeout(resolve, 50))
  }
  await cluster.ready()
}
