import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { SIDECAR_EXT } from './sidecar-file.js'

// Dependencies and hidden folders (.git, .cache) hold no scripts of the project.
const SKIPPED_DIRS = new Set(['node_modules'])

/** What {@link findLuaTree} found: absolute paths, sorted, without repeats. */
export interface LuaTree {
  /** Every `.lua` file. */
  lua: string[]
  /** Every `foo.d.lua.ts` file, whether or not its `foo.lua` is still there. */
  sidecars: string[]
}

type Kind = keyof LuaTree

/**
 * Every `.lua` file under the given files and directories, as absolute paths, sorted and without
 * repeats. Directories are walked recursively, skipping `node_modules` and dot-folders; only names
 * ending in `.lua` count, so `README.md` or `foo.d.lua.ts` next to the scripts are left alone.
 * A path that does not exist throws (ENOENT).
 */
export function findLuaFiles(paths: readonly string[]): string[] {
  return findLuaTree(paths).lua
}

/**
 * The `.lua` files and the `foo.d.lua.ts` sidecars under the given files and directories, in one walk
 * that skips what {@link findLuaFiles} skips. A path that does not exist throws (ENOENT).
 */
export function findLuaTree(paths: readonly string[]): LuaTree {
  const found = { lua: new Set<string>(), sidecars: new Set<string>() }
  for (const given of paths) {
    const isDir = statSync(given).isDirectory()
    const full = path.resolve(given)
    const kind = kindOf(full)
    if (isDir) walk(full, found)
    else if (kind) found[kind].add(full)
  }
  return { lua: [...found.lua].sort(), sidecars: [...found.sidecars].sort() }
}

function walk(dir: string, found: Record<Kind, Set<string>>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    const kind = kindOf(entry.name)
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) walk(full, found)
    } else if (kind && (entry.isFile() || isFileLink(entry.isSymbolicLink(), full))) {
      found[kind].add(full)
    }
  }
}

// A link to a file counts; a link to a folder is not followed (it could loop).
function isFileLink(isLink: boolean, full: string): boolean {
  if (!isLink) return false
  try {
    return statSync(full).isFile()
  } catch {
    return false
  }
}

function kindOf(name: string): Kind | undefined {
  if (name.endsWith('.lua')) return 'lua'
  if (name.endsWith(SIDECAR_EXT)) return 'sidecars'
  return undefined
}
