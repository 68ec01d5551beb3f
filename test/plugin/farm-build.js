// Builds a fixture copy with Farm (argv[2]: its root) into `out/farm/`, or watches it (argv[3]: `watch`).
// A child process of the bundler tests, because a failed Farm build ends the process it runs in.
// Uses the built plugin: `npm run build` first.
import path from 'node:path'
import { build, watch } from '@farmfe/core'
import redisLua from 'unplugin-redis-lua/farm'

const [root, mode] = process.argv.slice(2)
await (mode === 'watch' ? watch : build)({
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
