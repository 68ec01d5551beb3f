// CommonJS copies of the entries a CommonJS test runner loads (Jest cannot require() ESM before
// Node 24.9): `require` resolves `unplugin-redis-lua/{runtime,node,testing}` here, while Node itself
// (`module-sync`) and every `import` get the ESM files. One build with shared chunks, so the three
// entries share one runtime (one `LuaScriptError` class) in CommonJS too.
import { rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { build } from 'rolldown'

const ENTRIES = { runtime: 'dist/runtime/index.js', node: 'dist/node/index.js', testing: 'dist/testing/index.js' }

await rm('dist/cjs', { recursive: true, force: true })
await build({
  input: ENTRIES,
  platform: 'node',
  // Dependencies and Node built-ins stay `require()`s.
  external: id => !id.startsWith('.') && !path.isAbsolute(id),
  output: { dir: 'dist/cjs', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
  logLevel: 'warn',
})

// The types of the CommonJS entries are the ESM ones: a `.d.cts` that re-exports them.
for (const [name, file] of Object.entries(ENTRIES))
  await writeFile(`dist/cjs/${name}.d.cts`, `export * from '${file.replace(/^dist/, '..').replace(/\.js$/, '.js')}'\n`)
