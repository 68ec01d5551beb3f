import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { transform } from 'esbuild'
import { rollup } from 'rollup'
import { createServer } from 'vite'
import { describe, expect, it } from 'vitest'
import redisLuaRollup from '../../src/rollup.js'
import redisLuaVite from '../../src/vite.js'
import { useFixture } from './fixture.js'

const RUNTIME = /^unplugin-redis-lua\//

const fixture = useFixture('module')
const file = (name: string) => path.join(fixture().root, 'lua', name)

/** Builds one `.lua` file with Rollup and returns the module the plugin loaded for it, byte for byte. */
async function loadedModule(entry: string): Promise<string> {
  const bundle = await rollup({ input: entry, plugins: [redisLuaRollup({ root: fixture().root })], external: RUNTIME })
  await bundle.close()
  return bundle.cache!.modules.find(m => m.id === entry)!.originalCode
}

describe('the generated module and its sidecar', () => {
  it('are deterministic, and the sidecar is not rewritten when unchanged', async () => {
    const first = await loadedModule(file('create_foo.lua'))
    const sidecar = file('create_foo.d.lua.ts')
    const written = await readFile(sidecar, 'utf8')
    expect(first).toMatchSnapshot('create_foo.lua module')
    expect(written).toMatchSnapshot('create_foo.d.lua.ts')

    const past = new Date('2020-01-01T00:00:00Z')
    await utimes(sidecar, past, past)
    expect(await loadedModule(file('create_foo.lua'))).toBe(first)
    expect(await readFile(sidecar, 'utf8')).toBe(written)
    expect((await stat(sidecar)).mtime).toEqual(past)
  })

  it("rewrites the sidecar when the script's types change", async () => {
    const source = await readFile(file('create_foo.lua'), 'utf8')
    await writeFile(file('create_foo.lua'), source.replace('%return dict', '%return integer?'))
    await loadedModule(file('create_foo.lua'))
    expect(await readFile(file('create_foo.d.lua.ts'), 'utf8')).toContain("ResultTypes['integer'] | null>")
    await writeFile(file('create_foo.lua'), source)
  })

  it('warns, and still builds, when the sidecar cannot be written', async () => {
    await writeFile(file('blocked.lua'), '%return integer\nreturn 1\n')
    await mkdir(file('blocked.d.lua.ts'))
    const warnings: string[] = []
    const bundle = await rollup({
      input: file('blocked.lua'),
      plugins: [redisLuaRollup({ root: fixture().root })],
      external: RUNTIME,
      onwarn: w => {
        warnings.push(w.message)
      },
    })
    await bundle.close()
    expect(warnings.join('\n')).toMatch(
      /cannot write the types of lua\/blocked\.lua: EISDIR.*\(`dts: false` skips them\)/,
    )
  })

  it('writes no sidecar outside the root or inside node_modules', async () => {
    const root = fixture().root
    const outside = path.join(root, 'elsewhere/outside.lua')
    const installed = path.join(root, 'lua/node_modules/some-package/installed.lua')
    for (const entry of [outside, installed]) {
      await mkdir(path.dirname(entry), { recursive: true })
      await writeFile(entry, 'return 1\n')
    }
    const plugins = [redisLuaRollup({ root: path.join(root, 'lua') })]
    const bundle = await rollup({ input: [outside, installed], plugins, external: RUNTIME })
    await bundle.close()
    expect(await readdir(path.dirname(outside))).toEqual(['outside.lua'])
    expect(await readdir(path.dirname(installed))).toEqual(['installed.lua'])
  })

  it('embeds a file name with quotes, backticks, `${` and a line separator safely', async () => {
    const name = 'we\'ird "q" `tick` ${x}\u2028.lua'
    await writeFile(file(name), '%arg n integer\n%return integer\nreturn n + 1\n')
    const out = path.join(fixture().root, 'out/weird.js')
    const bundle = await rollup({
      input: file(name),
      plugins: [redisLuaRollup({ root: fixture().root })],
      external: RUNTIME,
    })
    await bundle.write({ file: out, format: 'es' })
    await bundle.close()
    const { default: script } = (await import(pathToFileURL(out).href)) as {
      default: { name: string; args: unknown[] }
    }
    expect(script.name).toBe(`lua/${name.slice(0, -'.lua'.length)}`)
    expect(script.args).toEqual([{ name: 'n', type: 'integer' }])
    const sidecar = await readFile(file('we\'ird "q" `tick` ${x}\u2028.d.lua.ts'), 'utf8')
    expect(sidecar.split('\n')[0]).not.toContain('\u2028')
    await expect(transform(sidecar, { loader: 'ts' })).resolves.toBeDefined()
  })
})

describe('Vite', () => {
  it('leaves `?raw` imports to Vite', async () => {
    const server = await createServer({
      root: fixture().root,
      configFile: false,
      logLevel: 'silent',
      server: { middlewareMode: true, ws: false },
      plugins: [redisLuaVite()],
    })
    try {
      const raw = await server.environments.client.transformRequest('/lua/create_foo.lua?raw')
      expect(raw?.code).toContain('export default "%key counter\\n%arg size integer')
      expect(raw?.code).not.toContain('defineScript')
      const compiled = await server.environments.client.transformRequest('/lua/create_foo.lua')
      expect(compiled?.code).toContain('defineScript(')
    } finally {
      await server.close()
    }
  })
})
