import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { promisify } from 'node:util'
import { Cluster, type ClusterOptions } from 'ioredis'
import { waitForCluster, type ClusterRole } from './cluster-state.js'
import { freePorts, HOST } from './ports.js'
import { forgetDir, trackDir } from './process.js'
import { startRedis, type RedisServer } from './redis-server.js'
import { closeClient } from './util.js'

export type { ClusterRole } from './cluster-state.js'

/** Options of {@link startRedisCluster}. */
export interface StartRedisClusterOptions {
  /**
   * Number of masters; `redis-cli --cluster create` needs at least 3.
   * @default 3
   */
  masters?: number
  /**
   * Number of replicas of each master.
   * @default 0
   */
  replicas?: number
  /**
   * Extra command-line configuration for every node, appended last so it wins.
   * @default []
   */
  args?: string[]
  /**
   * The server executable of every node: a name looked up on PATH or a path, e.g.
   * `'valkey-server'` for a Valkey cluster.
   * @default 'redis-server'
   */
  binary?: string
  /**
   * The command-line client used to create the cluster (`redis-cli` and `valkey-cli` both work
   * with either server).
   * @default 'redis-cli'
   */
  cli?: string
  /**
   * How long to wait for the cluster to form (and for `ready()`), in milliseconds.
   * @default 30000
   */
  timeout?: number
}

/** One node of a {@link RedisCluster}. */
export interface ClusterNodeInfo {
  /** Always `127.0.0.1`. */
  readonly host: string
  readonly port: number
  /** The role the node last reported; refreshed by `ready()`, so it follows failovers. */
  role: ClusterRole
  /** False while the node's process is stopped. */
  readonly running: boolean
}

/** A local Redis Cluster started by {@link startRedisCluster}. */
export interface RedisCluster {
  /** Every node, in the order they were started. */
  readonly nodes: ClusterNodeInfo[]
  /** Directory holding one sub-directory (with `nodes-<port>.conf`) per node. */
  readonly dir: string
  /** The running nodes whose last known role is master. */
  masters(): ClusterNodeInfo[]
  /** The running nodes whose last known role is replica. */
  replicas(): ClusterNodeInfo[]
  /**
   * The server behind one node, for fault tests: its `stop()` keeps the node's directory, so a later
   * `restart()` rejoins the cluster with the same node id (and no data).
   * @throws if no node listens on `port`
   */
  node(port: number): RedisServer
  /** A new ioredis `Cluster` client knowing every node, closed by `stop()`. */
  client(options?: ClusterOptions): Cluster
  /**
   * Waits until every running node says `cluster_state:ok`, they agree on the slot map and replicas
   * are linked, then refreshes `nodes[].role`. Call it after stopping or restarting nodes.
   */
  ready(): Promise<void>
  /** Closes the clients, ends every node and removes `dir`. Safe to call twice. */
  stop(): Promise<void>
}

interface Config {
  masters: number
  replicas: number
  args: string[]
  binary: string
  cli: string
  timeout: number
}

function configOf(options: StartRedisClusterOptions): Config {
  const config = {
    masters: options.masters ?? 3,
    replicas: options.replicas ?? 0,
    args: options.args ?? [],
    binary: options.binary ?? 'redis-server',
    cli: options.cli ?? 'redis-cli',
    timeout: options.timeout ?? 30_000,
  }
  if (!Number.isInteger(config.masters) || config.masters < 3) {
    throw new RangeError(`masters must be an integer >= 3 (redis-cli --cluster create needs 3), got ${config.masters}`)
  }
  if (!Number.isInteger(config.replicas) || config.replicas < 0) {
    throw new RangeError(`replicas must be an integer >= 0, got ${config.replicas}`)
  }
  return config
}

function nodeArgs(config: Config, dir: string, port: number): string[] {
  return [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    join(dir, `nodes-${port}.conf`),
    '--cluster-node-timeout',
    '2000',
    // Replicas otherwise wait 5 s for a full sync after every start, restart and failover.
    '--repl-diskless-sync-delay',
    '0',
    // CLUSTER SLOTS hides a replica until its replication offset moves, which an idle master only
    // does with its periodic PING (10 s by default).
    '--repl-ping-replica-period',
    '1',
    ...config.args,
  ]
}

async function startNode(config: Config, root: string, port: number): Promise<RedisServer> {
  for (let attempt = 1; ; attempt++) {
    const dir = join(root, String(port))
    await mkdir(dir, { recursive: true })
    try {
      return await startRedis({ binary: config.binary, port, dir, args: nodeArgs(config, dir, port) })
    } catch (error) {
      // Lost the race for the port or its bus port (+10000) between probing and binding.
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt >= 5) throw error
      await rm(dir, { recursive: true, force: true })
      ;[port] = await freePorts(1, true)
    }
  }
}

async function startNodes(config: Config, root: string): Promise<RedisServer[]> {
  const ports = await freePorts(config.masters * (1 + config.replicas), true)
  const started = await Promise.allSettled(ports.map(port => startNode(config, root, port)))
  const servers = started.flatMap(r => (r.status === 'fulfilled' ? [r.value] : []))
  const failed = started.find(r => r.status === 'rejected')
  if (!failed) return servers
  await Promise.all(servers.map(server => server.stop()))
  throw failed.reason
}

interface ExecError extends Error {
  code?: string | number
  stdout?: string
  stderr?: string
}

async function createCluster(config: Config, ports: number[]): Promise<void> {
  const addresses = ports.map(port => `${HOST}:${port}`)
  const args = ['--cluster', 'create', ...addresses, '--cluster-replicas', String(config.replicas), '--cluster-yes']
  try {
    await promisify(execFile)(config.cli, args, { timeout: config.timeout })
  } catch (error) {
    const { code, message, stdout = '', stderr = '' } = error as ExecError
    const name = basename(config.cli)
    if (code === 'ENOENT') {
      throw new Error(
        `${name} not found on PATH: it ships with the server (Debian: apt-get install redis-server or valkey-server) ` +
          `or pass the cli option (tried '${config.cli}')`,
      )
    }
    const tail = `${stdout}${stderr}`.trimEnd().split('\n').slice(-20).join('\n')
    throw new Error(
      `${config.cli} ${args.join(' ')} failed: ${message.split('\n')[0]}\n--- last output of ${name} ---\n${tail}`,
    )
  }
}

class LocalRedisCluster implements RedisCluster {
  readonly nodes: ClusterNodeInfo[]
  private readonly clients = new Set<Cluster>()
  private stopping: Promise<void> | undefined

  constructor(
    readonly dir: string,
    private readonly config: Config,
    private readonly servers: RedisServer[],
  ) {
    this.nodes = servers.map(server => ({
      host: HOST,
      port: server.port,
      role: 'master',
      get running() {
        return server.running
      },
    }))
  }

  masters(): ClusterNodeInfo[] {
    return this.nodes.filter(node => node.running && node.role === 'master')
  }

  replicas(): ClusterNodeInfo[] {
    return this.nodes.filter(node => node.running && node.role === 'replica')
  }

  node(port: number): RedisServer {
    const server = this.servers.find(s => s.port === port)
    if (!server) throw new Error(`no node of this cluster listens on port ${port}`)
    return server
  }

  client(options: ClusterOptions = {}): Cluster {
    const client = new Cluster(
      this.nodes.map(({ host, port }) => ({ host, port })),
      options,
    )
    client.on('error', () => {})
    this.clients.add(client)
    client.once('end', () => this.clients.delete(client))
    return client
  }

  async ready(expectReplicas?: number): Promise<void> {
    const ports = this.servers.filter(s => s.running).map(s => s.port)
    const roles = await waitForCluster(ports, this.config.timeout, expectReplicas)
    for (const node of this.nodes) node.role = roles.get(node.port) ?? node.role
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown()
    return this.stopping
  }

  private async shutdown(): Promise<void> {
    await Promise.all([...this.clients].map(closeClient))
    this.clients.clear()
    await Promise.all(this.servers.map(server => server.stop()))
    await rm(this.dir, { recursive: true, force: true })
    forgetDir(this.dir)
  }
}

/**
 * Starts a real Redis Cluster of `masters * (1 + replicas)` local `redis-server` (or `binary`, e.g.
 * `valkey-server`) processes on
 * 127.0.0.1 (no persistence, node timeout 2 s), creates it with `redis-cli --cluster create` and
 * waits until every node agrees on the slot map. Call `stop()` when done; nodes left running are
 * killed when the process exits.
 *
 * @throws if a binary is missing, a node does not start, or the cluster does not form within `timeout`.
 */
export async function startRedisCluster(options: StartRedisClusterOptions = {}): Promise<RedisCluster> {
  const config = configOf(options)
  const dir = await mkdtemp(join(tmpdir(), 'redis-lua-cluster-'))
  trackDir(dir)
  let cluster: LocalRedisCluster | undefined
  try {
    cluster = new LocalRedisCluster(dir, config, await startNodes(config, dir))
    await createCluster(
      config,
      cluster.nodes.map(node => node.port),
    )
    await cluster.ready(config.replicas)
    return cluster
  } catch (error) {
    await cluster?.stop()
    await rm(dir, { recursive: true, force: true })
    forgetDir(dir)
    throw error
  }
}
