import { fileURLToPath } from 'node:url'
import redisLua from 'unplugin-redis-lua/vite'
import { defineConfig } from 'vite'

// The playground service, built for Node: `npx vite build -c playground/vite.config.mjs`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [redisLua()],
  build: { ssr: 'src/main.ts', outDir: 'dist', emptyOutDir: true, minify: false },
})
