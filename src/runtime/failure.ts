import type { Engine } from './call.js'
import type { DirectAdapter } from './clients/adapter.js'
import { mapError } from './map-error.js'

/**
 * What a failed command rejects with: a `TypeError` when the client refused it for being closed
 * (it sent nothing), else the mapped error.
 */
export function failure(
  engine: Engine,
  method: string,
  client: object,
  adapter: DirectAdapter,
  error: unknown,
  text: string | null,
): unknown {
  const closed = text === null ? adapter.closedBy?.(client, error) : undefined
  if (closed !== undefined) return new TypeError(`${engine.name}: ${method} got ${closed}`, { cause: error })
  return mapError(engine, error, text)
}
