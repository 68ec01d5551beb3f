import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { generateCommonJsModule, generateModule } from '../core/index.js'
import { compileForTool, reportError } from './compile-for-tool.js'
import type { Options } from './options.js'

/** What the transformer reads of Jest's transform options. */
export interface JestTransformOptions {
  /** True when Jest runs the test as ESM (`--experimental-vm-modules` and `extensionsToTreatAsEsm`). */
  supportsStaticESM?: boolean
  config: { rootDir: string }
}

/** A Jest transformer (`transform: { '\\.lua$': 'unplugin-redis-lua/jest' }`). */
export interface LuaTransformer {
  getCacheKey(source: string, file: string, options: JestTransformOptions): string
  process(source: string, file: string, options: JestTransformOptions): { code: string }
}

// Jest cannot require() ESM before Node 24.9: in CommonJS mode scripts require the CommonJS runtime build.
const CJS_RUNTIME = fileURLToPath(new URL('../cjs/runtime.cjs', import.meta.url))

/**
 * The `.lua` transformer for Jest, in CommonJS and ESM modes: the plugin's compile, module and
 * sidecar. A script that does not compile fails its test file with an error starting `path:line:col`.
 */
export function createLuaTransformer(options?: Options): LuaTransformer {
  const transform = (file: string, jest: JestTransformOptions): string => {
    const { result, error, warnings } = compileForTool(file, options, jest.config.rootDir)
    for (const warning of warnings) process.stderr.write(`${warning}\n`)
    if (error) throw reportError(error)
    return jest.supportsStaticESM ? generateModule(result) : generateCommonJsModule(result, CJS_RUNTIME)
  }
  return {
    // The key is the output itself: an include that changed (or appeared) changes it, and Jest's cache
    // never serves a stale script. Compiling is cheap next to what a cache miss costs.
    getCacheKey(_source, file, jest) {
      let output: string
      try {
        output = transform(file, jest)
      } catch (error) {
        output = `error ${(error as Error).message}`
      }
      return createHash('sha1').update(`${file}\0${output}`).digest('hex')
    },
    process: (_source, file, jest) => ({ code: transform(file, jest) }),
  }
}
