import { cp, mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll } from 'vitest'

/** The repository root. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url))

/** A fixture copied into a temp dir, so builds and sidecars never touch the repository. */
export interface FixtureCopy {
  root: string
  remove: () => Promise<void>
}

/** Copies `test/fixtures/<name>`: see {@link copyProject}. */
export function copyFixture(name: string): Promise<FixtureCopy> {
  return copyProject(path.join(REPO, 'test/fixtures', name))
}

/**
 * Copies a project dir to a fresh temp dir with this package installed in its `node_modules`
 * (`package.json`, `client.d.ts` and `dist/`, copied: Farm does not resolve a linked package), so built
 * outputs import the real runtime as an installed app would; `links` are other packages of this
 * repository's `node_modules` to link there. Run `npm run build` first.
 */
export async function copyProject(dir: string, links: string[] = []): Promise<FixtureCopy> {
  const root = await realpath(await mkdtemp(path.join(tmpdir(), `redis-lua-${path.basename(dir)}-`)))
  await cp(dir, root, { recursive: true })
  const installed = path.join(root, 'node_modules/unplugin-redis-lua')
  for (const entry of ['package.json', 'client.d.ts', 'dist'])
    await cp(path.join(REPO, entry), path.join(installed, entry), { recursive: true })
  for (const name of links) {
    await mkdir(path.dirname(path.join(root, 'node_modules', name)), { recursive: true })
    await symlink(path.join(REPO, 'node_modules', name), path.join(root, 'node_modules', name), 'dir')
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) }
}

/** Copies `test/fixtures/<name>` before the tests of the enclosing `describe` and removes it after them. */
export function useFixture(name: string): () => FixtureCopy {
  let copy: FixtureCopy | undefined
  beforeAll(async () => {
    copy = await copyFixture(name)
  })
  afterAll(async () => {
    await copy?.remove()
  })
  return () => copy!
}
