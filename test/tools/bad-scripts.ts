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
