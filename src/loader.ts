import { luaLoader } from './plugin/webpack-loader.js'

/** The `.lua` loader for webpack or Rspack `module.rules` and Next.js `turbopack.rules`. */
export default luaLoader
