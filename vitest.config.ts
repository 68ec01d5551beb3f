import { defineConfig } from 'vitest/config'
import redisLua from './src/vite.ts'

export default defineConfig({
  // Tests import `.lua` files the way an app does; sidecars are the build's job, not the test run's.
  plugins: [redisLua({ dts: false })],
  test: {
    include: ['test/**/*.test.ts'],
    // The real-tool apps run apart: `npm run test:tools` (vitest.tools.config.ts).
    exclude: ['test/tools/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
