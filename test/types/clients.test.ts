import { spawn } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { copyProject, REPO } from '../plugin/fixture.js'
import type { FixtureCopy } from '../plugin/fixture.js'

// Each client's own types, checked against the published `.d.ts` by the real `tsc`, one client at a time.
const PACKAGES = [
  '@types/node',
  '@types/bun',
  'bun-types',
  'ioredis',
  'ioredis5',
  'iovalkey',
  'redis',
  'redis5',
  '@redis',
  '@valkey',
]
const CLIENT_FILES = [
  'ioredis.ts',
  'ioredis5.ts',
  'iovalkey.ts',
  'node-redis5.ts',
  'node-redis6.ts',
  'glide.ts',
  'bun.ts',
]

let project: FixtureCopy

beforeAll(async () => {
  project = await copyProject(path.join(REPO, 'test/fixtures/client-types'), PACKAGES)
})
afterAll(async () => {
  await project?.remove()
})

it('every client file is checked', async () => {
  const files = (await readdir(path.join(REPO, 'test/fixtures/client-types'))).filter(f => f.endsWith('.ts'))
  expect(files.sort()).toEqual([...CLIENT_FILES, 'not-a-client.ts', 'script.ts'].sort())
})

it.each(CLIENT_FILES)('tsc accepts the objects of %s', async file => {
  expect(await tsc(file)).toEqual({ code: 0, output: '' })
})

it('tsc refuses a non-client, where `@ts-expect-error` says', async () => {
  expect(await tsc('not-a-client.ts')).toEqual({ code: 0, output: '' })
  const source = path.join(project.root, 'not-a-client.ts')
  await writeFile(source, (await readFile(source, 'utf8')).replaceAll('// @ts-expect-error', '//'))
  const { code, output } = await tsc('not-a-client.ts')
  expect(code).not.toBe(0)
  expect(output.match(/error TS\d+/g)).toHaveLength(4)
})

it('the published types import no client package', async () => {
  const dir = path.join(REPO, 'dist/runtime')
  const declarations = (await readdir(dir, { recursive: true })).filter(f => String(f).endsWith('.d.ts'))
  expect(declarations.length).toBeGreaterThan(10)
  for (const file of declarations) {
    const text = await readFile(path.join(dir, String(file)), 'utf8')
    expect([file, text.match(/from '(?!\.)[^']+'/g)]).toEqual([file, null])
  }
})

/** The real `tsc` on one file of the copied project (with `script.ts`). */
async function tsc(file: string): Promise<{ code: number | null; output: string }> {
  const config = path.join(project.root, `tsconfig.${file}.json`)
  await writeFile(config, JSON.stringify({ extends: './tsconfig.json', include: ['script.ts', file] }))
  const bin = path.join(REPO, 'node_modules/typescript/bin/tsc')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '-p', config], { cwd: project.root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    for (const stream of [child.stdout, child.stderr])
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk
      })
    child.on('error', reject).on('close', code => resolve({ code, output }))
  })
}
