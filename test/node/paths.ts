import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = fileURLToPath(new URL('../..', import.meta.url))
export const FIXTURES = path.join(REPO, 'test/fixtures/node')
/** The fixture tree every loader must agree on: includes, a diamond, a sub-folder, a README.md. */
export const SCRIPTS = path.join(FIXTURES, 'scripts')
/** The scripts of `SCRIPTS` by name, sorted: every .lua file but lib/bump.lua, a library that cannot compile alone. */
export const SCRIPT_NAMES = ['counter/incr', 'counter/read', 'greet', 'lib/left', 'lib/right', 'lib/util', 'sum']
/** A tree with errors in three scripts (one through an include) and a warning in a fourth. */
export const BROKEN = path.join(FIXTURES, 'broken')

/** A file of the built package; `npm test` builds first, a bare `vitest` run needs `npm run build`. */
export function dist(file: string): string {
  const full = path.join(REPO, 'dist', file)
  if (!existsSync(full)) throw new Error(`${full} is missing: run \`npm run build\` first`)
  return full
}
