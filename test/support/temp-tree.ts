import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

const made: string[] = []

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A new temp directory holding `files` (paths from it), removed after the test file. */
export function tempTree(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'redis-lua-test-'))
  made.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
  return dir
}

/** A temp copy of a fixture folder, removed after the test file. */
export function tempCopy(from: string): string {
  const dir = tempTree()
  cpSync(from, dir, { recursive: true })
  return dir
}
