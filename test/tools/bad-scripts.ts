import { expect } from 'vitest'

/**
 * What every tool must print for the fixture's two bad scripts: the typo's `path:line:col` in the
 * included file with the include chain and a code frame, and the missing include at its line.
 */
export function expectBadScriptErrors(output: string): void {
  expect(output).toContain('bad/lib/typo.lua:2:11: error: unknown type `integr`')
  expect(output).toMatch(/bad\/lib\/typo\.lua:2:11: error: .*\n\s+included from bad\/directive\.lua:2:1/)
  expect(output).toContain('> 2 | %arg size integr')
  expect(output).toContain('bad/missing.lua:2:1: error: cannot find include "lib/nowhere"')
}

/** What the good script returns on a fresh server: 5, then 10 (`by` is 5). */
export const COUNTS = [5, 10]

/** A module that runs lua/counter.lua twice on `key` and prints `{ name, values }` as JSON. */
export const counterMain = (key: string) => `import { Redis } from 'ioredis'
import counter from './lua/counter.lua'

const redis = new Redis(Number(process.env.REDIS_PORT), '127.0.0.1')
const values = [await counter.run(redis, { counter: '${key}', by: 5 }), await counter.run(redis, { counter: '${key}', by: 5 })]
console.log(JSON.stringify({ name: counter.name, values }))
redis.disconnect()
`
