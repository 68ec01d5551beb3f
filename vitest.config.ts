import { defineConfig } from 'vitest/config'
import redisLua from './src/vite.ts'

export default defineConfig({
  // Tests import `.lua` files the way an app does; sidecars are the build's job, not the test run's.
  plugins: [redisLua({ dts: false })],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
