import { compile } from '../../src/core/index.js'
import { toDefinition } from '../../src/core/index.js'
import { defineScript, type LuaScript } from '../../src/runtime/index.js'

const ROOT = '/project'

/**
 * The same in-memory files compiled both ways: `script` runs with EVALSHA, `fn` with FCALL.
 * `strict: false` keeps a script whose errors are the point of the test.
 */
export function bothForms<P extends object = Record<string, unknown>, R = unknown>(
  files: Record<string, string>,
  entry = 'main.lua',
  strict = true,
): { script: LuaScript<P, R>; fn: LuaScript<P, R> } {
  const absolute = new Map(Object.entries(files).map(([path, text]) => [`${ROOT}/${path}`, text]))
  const form = (functions: boolean) => {
    const result = compile(`${ROOT}/${entry}`, { root: ROOT, readFile: path => absolute.get(path), functions })
    const errors = result.diagnostics.filter(d => d.severity === 'error')
    if (strict && errors.length) throw new Error(errors.map(d => `${d.file}:${d.line}: ${d.message}`).join('\n'))
    return defineScript<P, R>(toDefinition(result))
  }
  return { script: form(false), fn: form(true) }
}
