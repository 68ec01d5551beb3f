import { bunLuaPlugin } from './plugin/bun-plugin.js'

/** `redisLua(options?)` for Bun: `Bun.build({ plugins })`, and `Bun.plugin()` in a `bunfig.toml` preload. */
export default bunLuaPlugin
