import { spawn } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { rollup } from 'rollup'
import { afterAll, beforeAll, expect, it } from 'vitest'
import redisLua from '../../src/rollup.js'
import { copyProject, REPO } from '../plugin/fixture.js'
import type { FixtureCopy } from '../plugin/fixture.js'

// `lua/no_sidecar.lua` is left out of the build: its import must fall back to `unplugin-redis-lua/client`.
const BUILT = ['counter', 'profile', 'ping']

let project: FixtureCopy

beforeAll(async () => {
  project = await copyProject(path.join(REPO, 'test/fixtures/types'), ['ioredis', '@types/node'])
  const input = BUILT.map(name => path.join(project.root, `lua/${name}.lua`))
  const bundle = await rollup({ input, plugins: [redisLua({ root: project.root })], external: /^unplugin-redis-lua\// })
  await bundle.close()
})
afterAll(async () => {
  await project?.remove()
})

it('the plugin wrote a sidecar for every built script', async () => {
  const sidecars = (await readdir(path.join(project.root, 'lua'))).filter(name => name.endsWith('.d.lua.ts'))
  expect(sidecars.sort()).toEqual(BUILT.map(name => `${name}.d.lua.ts`).sort())
})

it('tsc accepts the correct calls and rejects each wrong one where `@ts-expect-error` says', async () => {
  const { code, output } = await tsc(['-p', path.join(project.root, 'tsconfig.json')])
  expect(output).toBe('')
  expect(code).toBe(0)
})

it('tsc reports a wrong call with the expected error when nothing expects it', async () => {
  const { code, output } = await tsc(['-p', path.join(project.root, 'tsconfig.json')], source =>
    source.replaceAll('// @ts-expect-error', '//'),
  )
  expect(code).not.toBe(0)
  const errors = output
    .split('\n')
    .filter(line => line.includes('error TS'))
    .map(line => line.replace(/^.*usage\.ts/, 'usage.ts'))
  expect(errors).toMatchInlineSnapshot(`
    [
      "usage.ts(44,47): error TS2322: Type 'string' is not assignable to type 'number | bigint'.",
      "usage.ts(46,62): error TS2322: Type 'number' is not assignable to type 'boolean'.",
      "usage.ts(48,28): error TS2741: Property 'counter' is missing in type '{ by: number; }' but required in type '{ counter: string | Buffer<ArrayBufferLike>; by: number | bigint; }'.",
      "usage.ts(50,54): error TS2353: Object literal may only specify known properties, and 'step' does not exist in type '{ counter: string | Buffer<ArrayBufferLike>; by: number | bigint; }'.",
      "usage.ts(52,17): error TS2554: Expected 2 arguments, but got 1.",
      "usage.ts(54,27): error TS2322: Type 'number' is not assignable to type 'never'.",
      "usage.ts(56,9): error TS2322: Type 'number' is not assignable to type 'string'.",
    ]
  `)
})

/** Runs the real TypeScript compiler (TypeScript 7, native) from this repository; `edit` rewrites usage.ts first. */
async function tsc(
  args: string[],
  edit?: (source: string) => string,
): Promise<{ code: number | null; output: string }> {
  if (edit) {
    const file = path.join(project.root, 'usage.ts')
    await writeFile(file, edit(await readFile(file, 'utf8')))
  }
  const bin = path.join(REPO, 'node_modules/typescript/bin/tsc')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: project.root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    for (const stream of [child.stdout, child.stderr])
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk
      })
    child.on('error', reject).on('close', code => resolve({ code, output }))
  })
}
