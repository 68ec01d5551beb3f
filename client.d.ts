// Loose types for `.lua` imports that have no `foo.d.lua.ts` sidecar yet (before the first build, or with
// `dts: false`). A sidecar, when there is one, takes precedence and types the parameters and the result.
// Use: `/// <reference types="unplugin-redis-lua/client" />`, or `"types": ["unplugin-redis-lua/client"]`.
declare module '*.lua' {
  type LuaScript = import('./dist/runtime/index.js').LuaScript

  /** A compiled Redis Lua script: named parameters of any value type, an `unknown` result. */
  const script: LuaScript
  export default script
}
