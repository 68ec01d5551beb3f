import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis, type RedisOptions } from 'ioredis'
import { freePorts, HOST } from './ports.js'
import { forgetDir, launch, running, terminate, trackDir, type Launched } from './process.js'
import { closeClient, probeClient, sleep } from './util.js'

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /**
   * The server executable: a name looked up on PATH or a path. Any server that takes
   * `redis-server`'s command-line flags works, e.g. `'valkey-server'` for Valkey.
   * @default 'redis-server'
   */
  binary?: string
  /**
   * Extra command-line configuration, appended last so it wins, e.g. `['--maxmemory', '10mb']`.
   * @default []
   */
  args?: string[]
  /**
   * Port to listen on (on 127.0.0.1). Without it the OS picks a free one, and a lost race for it
   * is retried with another.
   * @default a free port chosen by the OS
   */
  port?: number
  /**
   * Working directory of the server. A directory given here is kept by `stop()`.
   * @default a new directory under `os.tmpdir()`, removed by `stop()`
   */
  dir?: string
  /**
   * How long to wait for the server to answer PING, in milliseconds.
   * @default 10000
   */
  timeout?: number
}

/** A throw-away server (`redis-server` or `valkey-server`) started by {@link startRedis}. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string
  /** Always `127.0.0.1`. */
  readonly host: string
  readonly port: number
  /** Process id of the current server process; changes on `restart()`. */
  readonly pid: number
  /** The server's working directory. */
  readonly dir: string
  /** False once the process has exited, whether through `stop()` or not. */
  readonly running: boolean
  /**
   * A new ioredis client connected to this server, closed by `stop()`. `host` and `port` always
   * point here; other options pass through. Connection errors are not logged (commands still
   * reject), so fault tests that restart the server stay quiet.
   */
  client(options?: RedisOptions): Redis
  /** Closes the clients, ends the process and removes the temp directory. Safe to call twice. */
  stop(): Promise<void>
  /**
   * Ends the process and starts a new one on the same port and directory; all data, including the
   * script cache, is lost. Existing clients reconnect by themselves. Also brings a stopped server back.
   */
  restart(): Promise<void>
}

interface Config {
  binary: string
  args: string[]
  timeout: number
}

function serverArgs(port: number, dir: string, extra: string[]): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    HOST,
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
    ...extra,
  ]
}

function startError(message: string, launched: Launched, addressInUse = false): Error {
  const error = new Error(`${message}\n--- last output of ${launched.name} ---\n${launched.tail()}`)
  return addressInUse ? Object.assign(error, { code: 'EADDRINUSE' }) : error
}

// PONG alone is not enough: whoever won the race for the port would answer too.
async function processId(port: number): Promise<number> {
  const client = probeClient(port, 1_000)
  try {
    await client.connect()
    const info = await client.info('server')
    return Number(/^process_id:(\d+)/m.exec(info)?.[1])
  } finally {
    client.disconnect()
  }
}

async function exitError(launched: Launched, port: number): Promise<Error> {
  await launched.exited
  const { exitCode, signalCode } = launched.child
  const how = signalCode ? `signal ${signalCode}` : `code ${exitCode}`
  const inUse = /address already in use/i.test(launched.tail(100))
  const message = `${launched.name} on ${HOST}:${port} exited with ${how} before answering PING`
  return startError(message, launched, inUse)
}

async function waitForPing(launched: Launched, port: number, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout
  let last = 'none'
  while (Date.now() < deadline) {
    if (!running(launched.child)) throw await exitError(launched, port)
    try {
      const pid = await processId(port)
      if (pid === launched.child.pid) return
      last = `port ${port} is answered by another process (pid ${pid})`
    } catch (error) {
      last = (error as Error).message
    }
    await sleep(50)
  }
  if (!running(launched.child)) throw await exitError(launched, port)
  throw startError(
    `${launched.name} on ${HOST}:${port} did not answer PING within ${timeout} ms (last error: ${last})`,
    launched,
  )
}

async function boot(config: Config, port: number, dir: string): Promise<Launched> {
  const launched = await launch(config.binary, serverArgs(port, dir, config.args))
  try {
    await waitForPing(launched, port, config.timeout)
    return launched
  } catch (error) {
    await terminate(launched)
    throw error
  }
}

class LocalRedisServer implements RedisServer {
  readonly host = HOST
  private readonly clients = new Set<Redis>()
  private stopping: Promise<void> | undefined

  constructor(
    readonly port: number,
    readonly dir: string,
    private readonly ownsDir: boolean,
    private readonly config: Config,
    private launched: Launched,
  ) {}

  get url(): string {
    return `redis://${HOST}:${this.port}`
  }

  get pid(): number {
    return this.launched.child.pid ?? -1
  }

  get running(): boolean {
    return running(this.launched.child)
  }

  client(options: RedisOptions = {}): Redis {
    const client = new Redis({ ...options, host: HOST, port: this.port })
    client.on('error', () => {})
    this.clients.add(client)
    client.once('end', () => this.clients.delete(client))
    return client
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown()
    return this.stopping
  }

  async restart(): Promise<void> {
    await terminate(this.launched)
    await mkdir(this.dir, { recursive: true })
    if (this.ownsDir) trackDir(this.dir)
    this.launched = await boot(this.config, this.port, this.dir)
    this.stopping = undefined
  }

  private async shutdown(): Promise<void> {
    await Promise.all([...this.clients].map(closeClient))
    this.clients.clear()
    await terminate(this.launched)
    if (!this.ownsDir) return
    await rm(this.dir, { recursive: true, force: true })
    forgetDir(this.dir)
  }
}

async function bootOnFreePort(config: Config, dir: string): Promise<{ port: number; launched: Launched }> {
  for (let attempt = 1; ; attempt++) {
    const [port] = await freePorts(1)
    try {
      return { port, launched: await boot(config, port, dir) }
    } catch (error) {
      // Another process may take the port between our probe and redis' bind: try another one.
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt >= 5) throw error
    }
  }
}

/**
 * Starts a throw-away `redis-server` (or the server named by `binary`, e.g. `valkey-server`) on 127.0.0.1 with no persistence (`save ''`, `appendonly no`)
 * and waits until it answers PING. Call `stop()` when done; servers left running are killed when the
 * process exits.
 *
 * @throws if the binary is missing, or the server does not come up within `timeout` (the message
 *   carries the last lines of its output).
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const config: Config = {
    binary: options.binary ?? 'redis-server',
    args: options.args ?? [],
    timeout: options.timeout ?? 10_000,
  }
  const ownsDir = options.dir === undefined
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'redis-lua-')))
  if (ownsDir) trackDir(dir)
  try {
    const { port, launched } =
      options.port === undefined
        ? await bootOnFreePort(config, dir)
        : { port: options.port, launched: await boot(config, options.port, dir) }
    return new LocalRedisServer(port, dir, ownsDir, config, launched)
  } catch (error) {
    if (ownsDir) {
      await rm(dir, { recursive: true, force: true })
      forgetDir(dir)
    }
    throw error
  }
}
