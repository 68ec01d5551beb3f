import { generateModule } from '../core/index.js'
import { compileForTool, reportError } from './compile-for-tool.js'
import type { Options } from './options.js'

/** The part of Bun's plugin builder the plugin uses (the same in `Bun.build` and `Bun.plugin`). */
export interface BunPluginBuilder {
  onLoad(
    constraints: { filter: RegExp },
    callback: (args: { path: string }) => { contents: string; loader: 'js' },
  ): unknown
}

/** A Bun plugin: `Bun.build({ plugins: [redisLua()] })`, or `Bun.plugin(redisLua())` in a preload. */
export interface BunLuaPlugin {
  name: string
  setup(build: BunPluginBuilder): void
}

/**
 * `.lua` for Bun, bundler and runtime alike: the plugin's compile, module and sidecar, with paths
 * shown from the working directory. Only `onLoad`, which both of Bun's plugin hosts support.
 */
export function bunLuaPlugin(options?: Options): BunLuaPlugin {
  return {
    name: 'unplugin-redis-lua',
    setup(build) {
      build.onLoad({ filter: /\.lua$/ }, ({ path }) => {
        const { result, error, warnings } = compileForTool(path, options, process.cwd())
        for (const warning of warnings) console.warn(warning)
        if (error) throw reportError(error)
        return { contents: generateModule(result), loader: 'js' }
      })
    },
  }
}
