import type { ScriptDefinition } from '../shared/definition.js'
import { LuaScript } from './lua-script.js'
import type { ScriptParams } from './types.js'

/**
 * The script object of a compiled `.lua` file; what generated modules call:
 * `export default defineScript({ name, lua, sha1, keys, args, returns, readOnly, lineMap })`.
 */
export function defineScript<Params extends object = ScriptParams, Result = unknown>(
  definition: ScriptDefinition,
): LuaScript<Params, Result> {
  return new LuaScript<Params, Result>(definition)
}
