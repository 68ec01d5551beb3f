import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const repo = fileURLToPath(new URL('../..', import.meta.url))

// The compiler's fast lint path may only call a script clean when the precise luaparse pass finds
// nothing in it; every new lint check must reach both, and this keeps them honest in `npm test`.
it('the fast lint path never calls clean what the precise pass would report', () => {
  const output = execFileSync(process.execPath, ['bench/lint-agreement.mjs', '300'], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 120_000,
  })
  expect(output).toMatch(/\b[1-9]\d* inputs, 0 disagreements\b/)
}, 150_000)
