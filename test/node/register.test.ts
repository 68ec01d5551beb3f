import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { dist } from './paths.js'

const dir = mkdtempSync(path.join(tmpdir(), 'redis-lua-register-'))

afterAll(() => rmSync(dir, { recursive: true, force: true }))

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
}

/** `node --import <hooks> -e <code>` in the temp dir, outside this package; `<hooks>` defaults to register.js. */
function node(code: string, env: Record<string, string> = {}, hooks = pathToFileURL(dist('node/register.js')).href) {
  const run = spawnSync(process.execPath, ['--import', hooks, '--input-type=module', '-e', code], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

describe('unplugin-redis-lua/register', () => {
  write({
    'lua/ok.lua': '%key k\n%include "../shared/util"\nreturn util(k)\n',
    'shared/util.lua': 'local function util(v) return v end\n',
    'lua/warns.lua': '%arg unused\nreturn 1\n',
    'lua/bad.lua': '%arg n integr\nlocal x = = 1\n',
    'lua/custom.lua': 'return custom_lib.version()\n',
  })

  it('compiles .lua imports rooted at the working directory; the runtime resolves even outside the package', () => {
    const run = node(
      'const { default: s } = await import("./lua/ok.lua"); console.log(JSON.stringify([s.name, s.keys, s.constructor.name]))',
    )
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual(['lua/ok', ['k'], 'LuaScript'])
  })

  it('REDIS_LUA_ROOT moves the root: names and the include boundary follow', () => {
    const named = node('const { default: s } = await import("./lua/warns.lua"); console.log(s.name)', {
      REDIS_LUA_ROOT: 'lua',
    })
    expect(named.stdout).toBe('warns\n')
    const outside = node('await import("./lua/ok.lua")', { REDIS_LUA_ROOT: 'lua' })
    expect(outside.code).toBe(1)
    expect(outside.stderr).toContain(
      'lua/ok.lua:2:1: error: include "../shared/util" resolves to ../shared/util.lua, outside the project root',
    )
  })

  it('prints warnings and still loads', () => {
    const run = node('await import("./lua/warns.lua"); console.log("loaded")')
    expect(run.stdout).toBe('loaded\n')
    expect(run.stderr).toBe('lua/warns.lua:1:6: warning: arg `unused` is declared but never used\n')
  })

  it('registerLuaImports(options) from unplugin-redis-lua/node passes compile options to the hooks', () => {
    const code = 'const { default: s } = await import("./lua/custom.lua"); console.log(s.name)'
    expect(node(code).stderr).toContain(
      'lua/custom.lua:1:8: error: `custom_lib` is not a local and not a global Redis provides',
    )
    const api = pathToFileURL(dist('node/index.js')).href
    const hooks = `data:text/javascript,import { registerLuaImports } from ${JSON.stringify(api)}; registerLuaImports({ globals: ['custom_lib'] })`
    expect(node(code, {}, hooks)).toMatchObject({ code: 0, stdout: 'lua/custom\n', stderr: '' })
  })

  it('fails the import with every diagnostic formatted', () => {
    const run = node('await import("./lua/bad.lua")')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      [
        'ScriptCompileError]: 2 errors compiling lua/bad.lua:',
        'lua/bad.lua:1:8: error: unknown type `integr` (expected integer|int|number|string|str|boolean|bool|list|array|dict|dictionary, or a name declared with %type)',
        "lua/bad.lua:2:11: error: Lua syntax error: unexpected symbol near '='",
      ].join('\n'),
    )
  })

  it("require('./x.lua') works in CommonJS too: the script is the module's default", () => {
    write({
      'app.cjs':
        "const s = require('./lua/ok.lua').default; console.log(JSON.stringify([s.name, s.keys, s.constructor.name]))\n",
      'bad.cjs': "require('./lua/bad.lua')\n",
    })
    const run = spawnSync(process.execPath, ['--import', pathToFileURL(dist('node/register.js')).href, 'app.cjs'], {
      cwd: dir,
      encoding: 'utf8',
    })
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual(['lua/ok', ['k'], 'LuaScript'])
    const bad = spawnSync(process.execPath, ['--import', pathToFileURL(dist('node/register.js')).href, 'bad.cjs'], {
      cwd: dir,
      encoding: 'utf8',
    })
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('lua/bad.lua:1:8: error: unknown type `integr`')
    expect(bad.stderr).not.toContain('SyntaxError')
  })
})
