// Builds a fixture copy with Farm (argv[2]: its root) into `out/farm/`. A child process of the bundler tests,
// because a failed Farm build ends the process it runs in. Uses the built plugin: `npm run build` first.
import path from 'node:path'
import { build } from '@farmfe/core'
import redisLua from 'unplugin-redis-lua/farm'

const root = process.argv[2]
await build({
  root,
  configPath: root,
  compilation: {
    input: { main: './src/main.js' },
    output: { path: path.join(root, 'out/farm'), targetEnv: 'node', format: 'esm', entryFilename: '[entryName].js' },
    persistentCache: false,
    minify: false,
    presetEnv: false,
  },
  plugins: [redisLua()],
})
