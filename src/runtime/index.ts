export { defineScript } from './define-script.js'
export { LuaScript } from './lua-script.js'
export { ScriptAbortedError, ScriptArgumentError, ScriptReturnError } from './errors.js'
export { LuaScriptError } from './lua-script-error.js'
export { parseRedisError } from './parse-redis-error.js'
export type { ParsedRedisError } from './parse-redis-error.js'
export type { LuaFrame } from './frames.js'
export type { ArgSpec, LineMap, ReturnSpec, ScriptDefinition, ValueType } from '../shared/definition.js'
export type {
  ParamsArgument,
  ParamType,
  ParamTypes,
  ParamValue,
  ResultType,
  ResultTypes,
  ScriptClient,
  ScriptParams,
} from './types.js'
export { RedisLuaError } from '../shared/errors.js'
