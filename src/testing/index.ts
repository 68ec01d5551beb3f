export { startRedis } from './redis-server.js'
export type { RedisServer, StartRedisOptions } from './redis-server.js'
export { startRedisCluster } from './redis-cluster.js'
export type { ClusterNodeInfo, ClusterRole, RedisCluster, StartRedisClusterOptions } from './redis-cluster.js'
