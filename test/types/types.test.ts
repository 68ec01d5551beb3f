import { spawn } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { rollup } from 'rollup'
import { afterAll, beforeAll, expect, it } from 'vitest'
import redisLua from '../../src/rollup.js'
import { copyProject, REPO } from '../plugin/fixture.js'
import type { FixtureCopy } from '../plugin/fixture.js'

// `lua/no_sidecar.lua` is left out of the build: its import must fall back to `unplugin-redis-lua/client`.
const BUILT = ['counter', 'profile', 'ping', 'claim']

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
      "usage.ts(48,28): error TS2741: Property 'counter' is missing in type '{ by: number; }' but required in type '{ counter: string | Uint8Array<ArrayBufferLike>; by: number | bigint; }'.",
      "usage.ts(50,54): error TS2353: Object literal may only specify known properties, and 'step' does not exist in type '{ counter: string | Uint8Array<ArrayBufferLike>; by: number | bigint; }'.",
      "usage.ts(52,17): error TS2554: Expected 2 arguments, but got 1.",
      "usage.ts(54,27): error TS2322: Type 'number' is not assignable to type 'never'.",
      "usage.ts(56,9): error TS2322: Type 'number' is not assignable to type 'string'.",
    ]
  `)
})

it('tsc reports each wrong use of a shaped script where `@ts-expect-error` stands', async () => {
  const marks = (await readFile(path.join(project.root, 'shapes.ts'), 'utf8')).split('// @ts-expect-error').length - 1
  const { code, output } = await tsc(
    ['-p', path.join(project.root, 'tsconfig.json')],
    source => source.replaceAll('// @ts-expect-error', '//'),
    'shapes.ts',
  )
  expect(code).not.toBe(0)
  const errors = output
    .split('\n')
    .filter(line => line.includes('shapes.ts(') && line.includes('error TS'))
    .map(line => line.replace(/^.*shapes\.ts/, 'shapes.ts').replace(/"[^"]*\/lua\//, '"lua/'))
  expect(errors).toHaveLength(marks)
  expect(errors).toMatchInlineSnapshot(`
    [
      "shapes.ts(39,56): error TS2322: Type 'string' is not assignable to type 'number'.",
      "shapes.ts(41,40): error TS2741: Property 'id' is missing in type '{ attempts: number; }' but required in type '{ id: string; attempts: number; tags?: readonly string[] | undefined; }'.",
      "shapes.ts(43,69): error TS2353: Object literal may only specify known properties, and 'priority' does not exist in type '{ id: string; attempts: number; tags?: readonly string[] | undefined; }'.",
      "shapes.ts(45,55): error TS2322: Type 'string' is not assignable to type 'Worker'.",
      "shapes.ts(47,65): error TS2322: Type 'string' is not assignable to type 'number'.",
      "shapes.ts(50,8): error TS18047: 'result' is possibly 'null'.",
      "shapes.ts(53,15): error TS2339: Property 'lease_until' does not exist on type 'Claim'.",
      "shapes.ts(55,9): error TS2322: Type 'string' is not assignable to type 'number'.",
      "shapes.ts(60,49): error TS2694: Namespace '"lua/claim.d.lua"' has no exported member 'Lease'.",
    ]
  `)
})

it('the sidecars and the runtime types need no @types/node', async () => {
  const { code, output } = await tsc(['-p', path.join(project.root, 'no-node/tsconfig.json')])
  expect(output).toBe('')
  expect(code).toBe(0)
})

/** Runs the real TypeScript compiler (TypeScript 7, native) from this repository; `edit` rewrites `file` first. */
async function tsc(
  args: string[],
  edit?: (source: string) => string,
  name = 'usage.ts',
): Promise<{ code: number | null; output: string }> {
  if (edit) {
    const file = path.join(project.root, name)
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
