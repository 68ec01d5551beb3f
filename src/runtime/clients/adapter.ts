import type { Call } from '../call.js'
import type { Argv, Head } from '../encode-params.js'

/**
 * What the runtime needs from a client object that sends commands itself (ioredis `Redis`/`Cluster`,
 * a node-redis client or cluster, a GLIDE client, Bun's `RedisClient`). One adapter per client
 * folder; the runtime never looks at the client object except through it. Command names are data
 * (`EVALSHA`, `EVAL_RO`, `SCRIPT`...), so another way of running scripts can reuse the same adapter.
 */
export interface DirectAdapter {
  readonly kind: 'direct'
  /** Said in error messages, e.g. `node-redis client`. */
  readonly label: string
  /**
   * How the client takes a command's arguments: 0 apart from the command name (ioredis methods,
   * Bun's `send(command, args)`), 1 in one array after it (node-redis `sendCommand`, GLIDE
   * `customCommand`). Calls are encoded to match, with slot 0 left for the name, so the array is sent
   * as it is. A batch's calls take its parent adapter's.
   */
  readonly head: Head
  /** A cluster client: declared keys must share a slot, which routes the call. */
  cluster(client: object): boolean
  /** The key prefix the client puts in front of every key (for the slot check), or `undefined`. */
  keyPrefix(client: object): string | undefined
  /**
   * Sends one command whose arguments are `argv` (`[target, numkeys, ...KEYS, ...ARGV]` for a script
   * call, after `head` slots, which it may fill with the command name): the client adds its key
   * prefix to the keys and routes by `call.slot` / read-only. Resolves to the raw reply; rejects with
   * the client's own error.
   */
  send(client: object, command: string, argv: Argv, call: Call): Promise<unknown>
  /**
   * The connection a call will be written on (what "known loaded" is remembered for), or `null`.
   * Absent for a client whose batches cannot say which client made them (node-redis, GLIDE, Bun):
   * nothing would ever read what is known there, so nothing is remembered on its calls.
   */
  connection?(client: object, call: Call): object | null
  /**
   * Sends a keyless command (`SCRIPT LOAD <body>`) to every master, and every replica too when asked.
   * Resolves to each node's reply and connection.
   */
  everyNode(client: object, command: string, args: string[], withReplicas: boolean): Promise<NodeReply[]>
  /** The server's error text in Redis' own words (`NOSCRIPT ...`, `ERR user_script:3: ...`), or `null`. */
  serverError(error: unknown): string | null
  /**
   * Why this object cannot take commands now (closed, an unsupported version), or `undefined`. Read
   * before every call; absent for a client that refuses a command on a closed connection itself
   * without sending it (then `closedBy` says what it is).
   */
  problem?(client: object): string | undefined
  /**
   * For a client that tells it was closed only by failing a command it did not send: what it is,
   * when `error` says so. Read off the hot path, only after a failure.
   */
  closedBy?(client: object, error: unknown): string | undefined
}

export interface NodeReply {
  reply: unknown
  connection: object | null
}

/**
 * What the runtime needs from a client's batch object (ioredis `pipeline()`/`multi()`, node-redis
 * `multi()`): calls are queued now, and their outcomes read once the user's own `exec()` has run.
 */
export interface BatchAdapter {
  readonly kind: 'batch'
  readonly label: string
  /**
   * The client the batch was made from, and its adapter: the calls run on its connection. `null` when
   * the batch does not say (node-redis): then no script counts as loaded there and nothing is retried.
   */
  parent(batch: object): object | null
  readonly parentAdapter: DirectAdapter
  /**
   * True when the calls queued now may run inside MULTI, where a NOSCRIPT cannot be retried: only a
   * script known loaded may then go by its SHA-1.
   */
  atomic(batch: object): boolean
  /** Queues one command; returns the handle its outcome is read back with. */
  queue(batch: object, command: string, argv: Argv): number
  /**
   * Calls `settled` once with the outcomes when the user's `exec()` has run, or `failed` with the
   * error it failed with as a whole. Registered once per batch, before the first `queue`.
   */
  whenRun(batch: object, settled: (outcomes: Outcomes) => void, failed: (error: unknown) => void): void
  serverError(error: unknown): string | null
  problem(batch: object): string | undefined
}

/** The outcomes of one run of a batch, read by the handles `queue` returned. */
export interface Outcomes {
  /** It ran and succeeded (`value` is its reply): the one question asked of most calls, so asked first. */
  succeeded(handle: number): boolean
  /** The call's error (a server error reply, or why it has none), or `null` when it succeeded. */
  error(handle: number): unknown
  /** The call's reply, when `error` is `null`. */
  value(handle: number): unknown
  /** It did not run: EXEC returned nil because a WATCHed key changed. */
  aborted(handle: number): boolean
  /** It ran inside MULTI, so a NOSCRIPT cannot be retried after the fact. */
  atomic(handle: number): boolean
}

export type Adapter = DirectAdapter | BatchAdapter

/** One client folder's entry: recognises that client's objects by duck typing. */
export interface ClientFamily {
  /** The objects it accepts, said when nothing matched: `an ioredis Redis, Cluster, pipeline() or multi()`. */
  readonly accepts: string
  detect(client: object): Adapter | undefined
}
