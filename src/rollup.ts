import unplugin from './index.js'

/** `redisLua(options?)` for rollup. */
const rollup = unplugin.rollup
export default rollup
export { rollup as 'module.exports' }
