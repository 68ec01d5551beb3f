import unplugin from './index.js'

/** `redisLua(options?)` for esbuild. */
const esbuild = unplugin.esbuild
export default esbuild
export { esbuild as 'module.exports' }
