import { describe, expect, it } from 'vitest'
import { startRedis } from '../../src/testing/index.js'
import { freePorts } from '../../src/testing/ports.js'
import { bin, getJson, makeApp, run, serve } from './app.js'
import { COUNTS, expectBadScriptErrors } from './bad-scripts.js'

// Next.js 16 with Turbopack (its default bundler), `.lua` through `unplugin-redis-lua/loader`.
const NEXT_CONFIG = `/** @type {import('next').NextConfig} */
export default {
  turbopack: {
    rules: { '*.lua': { loaders: ['unplugin-redis-lua/loader'], as: '*.js' } },
  },
}
`

const route = (script: string) => `import { Redis } from 'ioredis'
import counter from '../../../${script}'

export const dynamic = 'force-dynamic'

export async function GET() {
  const redis = new Redis(Number(process.env.REDIS_PORT), '127.0.0.1')
  try {
    const value = await counter.run(redis, { counter: 'next:counter', by: 5 })
    return Response.json({ value, name: counter.name })
  } finally {
    redis.disconnect()
  }
}
`

const LAYOUT = `export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html>
      <body>{children}</body>
    </html>
  )
}
`

// Written as Next would complete it, so \`next build\` has nothing to rewrite.
const TSCONFIG = JSON.stringify(
  {
    compilerOptions: {
      target: 'es2022',
      lib: ['dom', 'es2023'],
      module: 'esnext',
      moduleResolution: 'bundler',
      jsx: 'react-jsx',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      isolatedModules: true,
      allowJs: true,
      resolveJsonModule: true,
      allowArbitraryExtensions: true,
      plugins: [{ name: 'next' }],
    },
    include: ['next-env.d.ts', '**/*.ts', '**/*.tsx', '.next/types/**/*.ts', '.next/dev/types/**/*.ts'],
    exclude: ['node_modules'],
  },
  null,
  2,
)

function nextApp(name: string, routes: Record<string, string>) {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name, private: true, type: 'module' }),
    'next.config.js': NEXT_CONFIG,
    'tsconfig.json': TSCONFIG,
    'app/layout.tsx': LAYOUT,
  }
  for (const [at, script] of Object.entries(routes)) files[`app/api/${at}/route.ts`] = route(script)
  return makeApp(name, files)
}

/**
 * `next <command>` in `dir` on a free port, with a throw-away Redis: the counter route answers COUNTS in
 * turn. Returns what Next printed.
 */
async function serveCounter(dir: string, command: 'start' | 'dev'): Promise<string> {
  const redis = await startRedis()
  const [port] = await freePorts(1)
  const env = { REDIS_PORT: String(redis.port) }
  const server = await serve(bin('next'), [command, '-p', String(port)], dir, env, /Ready in/)
  try {
    const url = `http://127.0.0.1:${port}/api/counter`
    for (const value of COUNTS)
      expect(await getJson(url)).toEqual({ status: 200, body: { value, name: 'lua/counter' } })
    return server.output()
  } finally {
    await server.stop()
    await redis.stop()
  }
}

describe('Next.js (Turbopack)', () => {
  it('next build type-checks with the sidecar, next start serves a route that runs the script', async () => {
    const dir = await nextApp('next', { counter: 'lua/counter.lua' })
    const build = await run(bin('next'), ['build'], dir)
    expect(build.output).toContain('(Turbopack)')
    expect(build.code, build.output).toBe(0)
    // Next type-checks after compiling: the route's `counter.run(...)` was checked against the sidecar.
    expect(build.output).toMatch(/Finished TypeScript/)

    await serveCounter(dir, 'start')
  })

  it('next dev answers the route', async () => {
    const dir = await nextApp('next-dev', { counter: 'lua/counter.lua' })
    expect(await serveCounter(dir, 'dev')).toContain('Turbopack')
  })

  it('next build fails on a directive error and a missing include, with path:line:col and the include chain', async () => {
    const dir = await nextApp('next-bad', { directive: 'bad/directive.lua', missing: 'bad/missing.lua' })
    const build = await run(bin('next'), ['build'], dir)
    expect(build.code).not.toBe(0)
    expectBadScriptErrors(build.output)
  })
})
