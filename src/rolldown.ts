import unplugin from './index.js'

/** `redisLua(options?)` for rolldown. */
const rolldown = unplugin.rolldown
export default rolldown
export { rolldown as 'module.exports' }
