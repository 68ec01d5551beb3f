import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { CompileResult } from '../../src/core/index.js'
import { chainAt } from '../../src/shared/line-map.js'
import { servers, useServer } from '../support/servers.js'
import { buildProject, OUTSIDE_TEXT, projectShape } from './arbitrary-project.js'
import { buildScript, scriptShape } from './lua-grammar.js'
import { mutate, mutations, nearLimits, shebang } from './mutate.js'
import {
  compileProject,
  errorsOf,
  expectDeterministic,
  expectFaithfulRendering,
  expectPlacedDiagnostics,
  ROOT,
} from './project.js'

/**
 * Property tests of the compiler. A fixed seed and bounded counts keep `npm test` repeatable and quick;
 * `FUZZ_RUNS=20000` runs every property that many times (as the core property test reads it) and
 * `FUZZ_SEED` hunts elsewhere. A failure prints the seed and path that replay it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261123)
const runs = (base: number) => ({ seed: SEED, numRuns: Number(process.env.FUZZ_RUNS ?? base) })
/** The default runs take seconds; a long hunt gets an hour per property rather than the 30 s default. */
const TIMEOUT = process.env.FUZZ_RUNS ? 3_600_000 : 60_000

/** How many cases each property ran and what they exercised, for the report at the end of the file. */
const tally: Record<string, Record<string, number>> = {}
const count = (property: string, what: string) => {
  tally[property] ??= {}
  tally[property][what] = (tally[property][what] ?? 0) + 1
}

afterAll(() => {
  if (process.env.FUZZ_REPORT) console.log(JSON.stringify(tally, null, 2))
})

/** Our verdict on what the server would refuse to load: a Lua syntax error or a bad line-1 shebang. */
const rejects = (result: CompileResult) =>
  result.diagnostics.some(
    d => d.code === 'lua-syntax' || (d.code === 'bad-shebang' && d.line === 1 && d.chain.length === 0),
  )

/**
 * The server's compile error as we report it: `Lua syntax error: <Lua's message>` on Lua's line, or
 * null when it loads the script (or names no line: a shebang it refuses).
 */
function asDiagnostic(serverError: string | null): { line: number; message: string } | null {
  const match = /^ERR Error compiling script \(new function\): user_script:(\d+): (.*)$/s.exec(serverError ?? '')
  return match ? { line: Number(match[1]), message: `Lua syntax error: ${match[2].trimEnd()}` } : null
}

describe('compiler fuzz: arbitrary text and include graphs', () => {
  it(
    'never throws, places every diagnostic in the tree, never reads outside the root, and is deterministic',
    () => {
      fc.assert(
        fc.property(projectShape, shape => {
          const project = buildProject(shape)
          const compiled = compileProject(project)
          expectPlacedDiagnostics(project, compiled)
          expect(compiled.result.lua).not.toContain(OUTSIDE_TEXT)
          expectDeterministic(project, compiled.result)
          const clean = errorsOf(compiled.result).length === 0
          if (clean) expectFaithfulRendering(project, compiled.result)
          count('arbitrary', clean ? 'without errors' : 'with errors')
          count('arbitrary', 'cases')
        }),
        runs(1000),
      )
    },
    TIMEOUT,
  )
})

describe.each(servers.map(under => [under.name, under] as const))(
  'compiler fuzz: valid Lua from a grammar, against %s',
  (_, under) => {
    const suite = useServer(under)
    const { name, target } = under

    /** What the server says when it loads (compiles) a script: null when it accepts, else its error. */
    async function load(lua: string): Promise<string | null> {
      try {
        await suite.client.script('LOAD', lua)
        return null
      } catch (error) {
        return (error as Error).message
      }
    }

    const compileOne = (lua: string) =>
      compileProject({ files: { [`${ROOT}/main.lua`]: lua }, entry: `${ROOT}/main.lua` }, { target })

    /** The syntax error we report: its line and message. */
    const ourError = (result: CompileResult) => {
      const d = result.diagnostics.find(d => d.code === 'lua-syntax')
      return d ? { line: d.line, message: d.message } : null
    }
    /**
     * The server's, on the line of the file that wrote its rendered line (Lua may name the line after the
     * last, at its end; an include that failed renders no line).
     */
    const theirError = (result: CompileResult, serverError: string | null) => {
      const error = asDiagnostic(serverError)
      if (!error) return null
      const found = chainAt(result.lineMap, Math.min(error.line, result.lua.split('\n').length))
      return { ...error, line: found.length ? found[found.length - 1] : error.line }
    }

    it(
      `accepts it, renders it line for line, and ${name} loads exactly what we accept with the same SHA-1`,
      async () => {
        await fc.assert(
          fc.asyncProperty(scriptShape, async shape => {
            const project = buildScript(shape)
            const { result } = compileProject(project, { target })
            expect(errorsOf(result)).toEqual([])
            expectFaithfulRendering(project, result)
            expectDeterministic(project, result)
            const sha1 = await suite.client.script('LOAD', result.lua)
            expect(sha1).toBe(result.sha1)
            count(`grammar ${name}`, 'cases')
            count(`grammar ${name}`, `files ${Object.keys(project.files).length}`)
          }),
          runs(500),
        )
      },
      TIMEOUT,
    )

    it(
      `a mutated script: we report a Lua syntax error exactly when ${name} refuses to load it, with its message`,
      async () => {
        await fc.assert(
          fc.asyncProperty(scriptShape, mutations, async (shape, edits) => {
            const { result: valid } = compileProject(buildScript(shape), { target })
            const { result } = compileOne(mutate(valid.lua, edits))
            const serverError = await load(result.lua)
            expect({ lua: result.lua, weReject: rejects(result) }).toEqual({
              lua: result.lua,
              weReject: serverError !== null,
            })
            // A shebang line the server refuses has no Lua message; every other refusal is Lua's, word for word.
            const theirs = theirError(result, serverError)
            if (theirs) expect({ lua: result.lua, error: ourError(result) }).toEqual({ lua: result.lua, error: theirs })
            count(`mutated ${name}`, serverError === null ? 'loaded' : theirs ? 'refused, same message' : 'refused')
          }),
          runs(1000),
        )
      },
      TIMEOUT,
    )

    it(
      `near Lua 5.1's limits (locals, upvalues, registers, syntax levels): we refuse what ${name} refuses`,
      async () => {
        await fc.assert(
          fc.asyncProperty(nearLimits, async lua => {
            const { result } = compileOne(lua)
            const serverError = await load(result.lua)
            expect({ lua, error: ourError(result) }).toEqual({ lua, error: theirError(result, serverError) })
            count(`limits ${name}`, serverError === null ? 'loaded' : 'refused')
          }),
          runs(300),
        )
      },
      TIMEOUT,
    )

    it(
      `a shebang: we refuse exactly the \`#!\` lines ${name} refuses`,
      async () => {
        await fc.assert(
          fc.asyncProperty(shebang, async line => {
            const { result } = compileOne(`${line}\nreturn 1`)
            const serverError = await load(result.lua)
            expect({ line, weReject: rejects(result) }).toEqual({ line, weReject: serverError !== null })
            count(`shebang ${name}`, serverError === null ? 'loaded' : 'refused')
          }),
          runs(300),
        )
      },
      TIMEOUT,
    )
  },
)
