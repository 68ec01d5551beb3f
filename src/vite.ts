import unplugin from './index.js'

/** `redisLua(options?)` for vite. */
const vite = unplugin.vite
export default vite
export { vite as 'module.exports' }
