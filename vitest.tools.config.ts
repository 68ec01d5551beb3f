import { defineConfig } from 'vitest/config'

// The slow part: real Next.js, Bun, Jest and Vite SSR apps built and run from `.out/tools`
// (`npm run test:tools`, after `npm run build`).
export default defineConfig({
  test: {
    include: ['test/tools/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Each file builds whole apps on few cores: one at a time.
    fileParallelism: false,
  },
})
