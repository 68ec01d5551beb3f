import unplugin from './index.js'

/** `redisLua(options?)` for farm. */
const farm = unplugin.farm
export default farm
export { farm as 'module.exports' }
