import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'

// Dependencies and hidden folders (.git, .cache) hold no scripts of the project.
const SKIPPED_DIRS = new Set(['node_modules'])

/**
 * Every `.lua` file under the given files and directories, as absolute paths, sorted and without
 * repeats. Directories are walked recursively, skipping `node_modules` and dot-folders; only names
 * ending in `.lua` count, so `README.md` or `foo.d.lua.ts` next to the scripts are left alone.
 * A path that does not exist throws (ENOENT).
 */
export function findLuaFiles(paths: readonly string[]): string[] {
  const found = new Set<string>()
  for (const given of paths) {
    const isDir = statSync(given).isDirectory()
    const full = path.resolve(given)
    if (isDir) walk(full, found)
    else if (isLua(full)) found.add(full)
  }
  return [...found].sort()
}

function walk(dir: string, found: Set<string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) walk(full, found)
    }
    else if (isLua(entry.name) && (entry.isFile() || isFileLink(entry.isSymbolicLink(), full))) {
      found.add(full)
    }
  }
}

// A link to a script counts; a link to a folder is not followed (it could loop).
function isFileLink(isLink: boolean, full: string): boolean {
  if (!isLink) return false
  try {
    return statSync(full).isFile()
  }
  catch {
    return false
  }
}

function isLua(name: string): boolean {
  return name.endsWith('.lua')
}
