import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll } from 'vitest'
import type { ServerUnderTest } from './servers.js'

// The `bun` npm package ships Bun's binary; a probe runs under it, not under Node.
const BUN = fileURLToPath(new URL('../../node_modules/bun/bin/bun.exe', import.meta.url))

/**
 * For the enclosing `describe`: starts `target`, runs the `probe` script under Bun once with the server's
 * URL as its argument, and stops the server after the tests. The object returned gets the fields of the
 * JSON the probe printed on its last line; read them inside tests.
 */
export function useBunProbe(target: ServerUnderTest, probe: string): Record<string, any> {
  const seen: Record<string, any> = {}
  let stop: (() => Promise<void>) | undefined
  beforeAll(async () => {
    const server = await target.start()
    stop = () => server.stop()
    const { stdout } = await promisify(execFile)(BUN, [probe, server.url], { timeout: 60_000 })
    Object.assign(seen, JSON.parse(stdout.trim().split('\n').at(-1)!))
  }, 90_000)
  afterAll(() => stop?.())
  return seen
}
