import { Redis, type Cluster } from 'ioredis'
import { HOST } from './ports.js'

/**
 * A one-shot client for asking a server about itself: no retries, no offline queue, short timeouts,
 * errors swallowed (the caller learns from the command's rejection). Call `connect()` first.
 */
export function probeClient(port: number, commandTimeout: number): Redis {
  const client = new Redis({
    host: HOST,
    port,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 1_000,
    commandTimeout,
  })
  client.on('error', () => {})
  return client
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/** Settles with `promise`, or with `undefined` after `ms` if it is still pending. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>(resolve => {
    timer = setTimeout(() => resolve(undefined), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * QUIT politely, but never wait long: the server may already be gone, and a test's stop() must not
 * hang on a client stuck reconnecting.
 */
export async function closeClient(client: Redis | Cluster): Promise<void> {
  if (client.status !== 'end') {
    await within(
      client.quit().catch(() => undefined),
      1_000,
    )
  }
  client.disconnect()
}
