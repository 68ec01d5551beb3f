import unplugin from './index.js'

/** `redisLua(options?)` for webpack. */
const webpack = unplugin.webpack
export default webpack
export { webpack as 'module.exports' }
