/**
 * `node --import unplugin-redis-lua/register app.js`: `.lua` imports compile on the fly, rooted at
 * `REDIS_LUA_ROOT` or the working directory.
 */
import { registerLuaImports } from './register-lua.js'

registerLuaImports()
