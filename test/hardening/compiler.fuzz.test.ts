import fc from 'fast-check'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompileResult } from '../../src/core/index.js'
import { startRedis } from '../../src/testing/index.js'
import type { RedisServer } from '../../src/testing/index.js'
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

let server: RedisServer
let redis: Redis

beforeAll(async () => {
  server = await startRedis()
  redis = server.client()
})
afterAll(async () => {
  await server?.stop()
  if (process.env.FUZZ_REPORT) console.log(JSON.stringify(tally, null, 2))
})

/** What Redis says when it loads (compiles) a script: null when it accepts, else its error. */
async function load(lua: string): Promise<string | null> {
  try {
    await redis.script('LOAD', lua)
    return null
  } catch (error) {
    return (error as Error).message
  }
}

/**
 * The divergences we accept, on the safe side (we refuse what Redis loads), found by this file:
 * - Lua 5.1 swallows a NUL byte right after a numeral's digits (its lexer looks for an exponent with
 *   `strchr("Ee", c)`, which matches the C terminator), so Redis loads `return 1\0`;
 * - luaparse reads a hex fraction (5.2), so `0xA..s` is a syntax error to it while Lua 5.1 reads
 *   `0xA .. s`. A space makes both agree.
 */
const KNOWN_FALSE_REFUSALS = [/[\d.]\0/, /0[Xx][\dA-Fa-f]+\./]
const knownFalseRefusal = (lua: string) => KNOWN_FALSE_REFUSALS.some(re => re.test(lua))

/**
 * The gap we know of: Lua 5.1 stops at 250 registers per function ("function or expression too
 * complex"). We count the plain cases (locals plus a call's or a return's values), not the temporaries
 * its code generator keeps inside a nested expression (`f{f{f{...}}}` 124 deep).
 */
const TOO_COMPLEX = /function or expression too complex/

/**
 * Whether an error of ours is on the line Redis's compile error names: counted, not asserted (Lua
 * reads `1..2` as one bad numeral and stops there, luaparse reads on and stops later).
 */
function lineAgreement(redisError: string, result: CompileResult): string {
  const line = /user_script:(\d+):/.exec(redisError)?.[1]
  if (!line) return 'both refuse, Redis names no line (shebang)'
  const same = result.diagnostics.some(d => d.severity === 'error' && d.line === Number(line))
  return same ? 'both refuse, on the same line' : 'both refuse, on different lines'
}

/** Our verdict on what Redis would reject when loading: a Lua syntax error or a bad line-1 shebang. */
const rejects = (result: CompileResult) =>
  result.diagnostics.some(
    d => d.code === 'lua-syntax' || (d.code === 'bad-shebang' && d.line === 1 && d.chain.length === 0),
  )

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

describe('compiler fuzz: valid Lua from a grammar, against a real redis-server', () => {
  it(
    'accepts it, renders it line for line, and Redis loads exactly what we accept with the same SHA-1',
    async () => {
      await fc.assert(
        fc.asyncProperty(scriptShape, async shape => {
          const project = buildScript(shape)
          const { result } = compileProject(project)
          expect(errorsOf(result)).toEqual([])
          expectFaithfulRendering(project, result)
          expectDeterministic(project, result)
          const sha1 = await redis.script('LOAD', result.lua)
          expect(sha1).toBe(result.sha1)
          count('grammar', 'cases')
          count('grammar', `files ${Object.keys(project.files).length}`)
        }),
        runs(500),
      )
    },
    TIMEOUT,
  )

  it(
    'a mutated script: we report a Lua syntax error exactly when Redis refuses to load it',
    async () => {
      await fc.assert(
        fc.asyncProperty(scriptShape, mutations, async (shape, edits) => {
          const { result: valid } = compileProject(buildScript(shape))
          const text = mutate(valid.lua, edits)
          const { result } = compileProject({ files: { [`${ROOT}/main.lua`]: text }, entry: `${ROOT}/main.lua` })
          const redisError = await load(result.lua)
          const known = redisError === null && rejects(result) && knownFalseRefusal(result.lua)
          if (!known)
            expect({ lua: result.lua, weReject: rejects(result) }).toEqual({
              lua: result.lua,
              weReject: redisError !== null,
            })
          count(
            'mutated',
            known
              ? 'known false refusal (NUL after a numeral, hex numeral then a dot)'
              : redisError === null
                ? 'loaded by Redis'
                : 'refused by Redis',
          )
          if (redisError !== null && rejects(result)) count('mutated', lineAgreement(redisError, result))
        }),
        runs(1000),
      )
    },
    TIMEOUT,
  )

  it(
    "near Lua 5.1's limits (locals, upvalues, registers, syntax levels): we refuse what Redis refuses",
    async () => {
      await fc.assert(
        fc.asyncProperty(nearLimits, async lua => {
          const { result } = compileProject({ files: { [`${ROOT}/main.lua`]: lua }, entry: `${ROOT}/main.lua` })
          const redisError = await load(result.lua)
          const known = redisError !== null && TOO_COMPLEX.test(redisError) && !rejects(result)
          if (!known)
            expect({ lua, weReject: rejects(result), redisError }).toEqual({
              lua,
              weReject: redisError !== null,
              redisError,
            })
          count(
            'limits',
            known
              ? 'known gap: register limit inside an expression'
              : redisError === null
                ? 'loaded by Redis'
                : 'refused by Redis',
          )
        }),
        runs(300),
      )
    },
    TIMEOUT,
  )

  it(
    'a shebang: we refuse exactly the `#!` lines Redis refuses',
    async () => {
      await fc.assert(
        fc.asyncProperty(shebang, async line => {
          const { result } = compileProject({
            files: { [`${ROOT}/main.lua`]: `${line}\nreturn 1` },
            entry: `${ROOT}/main.lua`,
          })
          const redisError = await load(result.lua)
          expect({ line, weReject: rejects(result) }).toEqual({ line, weReject: redisError !== null })
          count('shebang', redisError === null ? 'loaded by Redis' : 'refused by Redis')
        }),
        runs(300),
      )
    },
    TIMEOUT,
  )
})
