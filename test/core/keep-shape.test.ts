import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

// The built compiler (npm test builds first), run in a child Node that reports why V8 drops optimized code.
const CORE = pathToFileURL(path.resolve(import.meta.dirname, '../../dist/core/index.js')).href

/** Six builds of 20 entries sharing an include, each with its own session, a major GC after each. */
const BUILDS = `
import { compile, createCompileSession } from ${JSON.stringify(CORE)}
const body = Array.from({ length: 150 }, (_, i) =>
  \`do\\n  local v = redis.call('GET', key) or '\${i}'\\n  if #v > \${i} then v = string.sub(v, 1, \${i}) end\\nend\`,
).join('\\n')
const files = new Map([['/app/lib.lua', \`local function helper(x)\\n  return tostring(x)\\nend\\n\${body}\`]])
for (let i = 0; i < 20; i++)
  files.set(\`/app/e\${i}.lua\`, \`%key key\\n%include "lib"\\n\${body}\\nreturn helper(\${i})\\n\`)
for (let build = 0; build < 6; build++) {
  const options = { root: '/app', readFile: file => files.get(file), session: createCompileSession() }
  for (let i = 0; i < 20; i++) {
    const result = compile(\`/app/e\${i}.lua\`, options)
    if (result.diagnostics.length) throw new Error(result.diagnostics[0].message)
  }
  globalThis.gc()
}
`

/** The functions whose optimized code V8 threw away because an object it relied on was collected. */
function droppedForDeadObjects(): string[] {
  const trace = execFileSync(process.execPath, ['--expose-gc', '--trace-deopt', '--input-type=module', '-e', BUILDS], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  return trace
    .split('\n')
    .filter(line => line.includes('reason: weak objects'))
    .map(line => /SharedFunctionInfo (\w+)/.exec(line)?.[1] ?? '(anonymous)')
}

describe('keepShape', () => {
  // Without it, V8 collects the hidden class of the lexer's and the lint pass's objects at a major GC
  // that finds none alive, and every build after it runs their methods unoptimized again (bench row 5).
  it('the lexer and the lint pass keep their optimized code across builds and major GCs', () => {
    const dropped = droppedForDeadObjects()
    const hot = ['lex', 'next', 'statement', 'expression', 'block', 'chunk', 'renderFile', 'parseSourceFile']
    expect(dropped.filter(name => hot.includes(name))).toEqual([])
  }, 60_000)
})
