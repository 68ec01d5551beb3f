import unplugin from './index.js'

/** `redisLua(options?)` for rspack. */
const rspack = unplugin.rspack
export default rspack
export { rspack as 'module.exports' }
