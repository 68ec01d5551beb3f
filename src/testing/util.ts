import type { Cluster, Redis } from 'ioredis'

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
