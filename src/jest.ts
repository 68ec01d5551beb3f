import { createLuaTransformer } from './plugin/jest-transformer.js'

/** The `.lua` transformer for Jest: `transform: { '\\.lua$': 'unplugin-redis-lua/jest' }` (options as its second item). */
export default { createTransformer: createLuaTransformer }
