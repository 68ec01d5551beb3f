import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chainAt, lineCount } from '../../src/shared/line-map.js'
import { compileFiles } from '../support/compile-memory.js'

type Item = { kind: 'text' } | { kind: 'include'; target: number; style: number } | { kind: 'once' }
type Tree = Item[][]

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)

const item = (files: number): fc.Arbitrary<Item> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant({ kind: 'text' } as Item) },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('include' as const), target: fc.nat(files - 1), style: fc.nat(3) }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'once' } as Item) },
  )
const tree: fc.Arbitrary<{ files: Tree; crlf: boolean }> = fc.integer({ min: 1, max: 6 }).chain(n =>
  fc.record({
    files: fc.array(fc.array(item(n), { maxLength: 8 }), { minLength: n, maxLength: n }),
    crlf: fc.boolean(),
  }),
)

const INCLUDE_FORMS = [
  (t: string) => `%include "${t}"`,
  (t: string) => `\t%include '${t}.lua'  `,
  (t: string) => `--%include "${t}"`,
  (t: string) => ` --%include './${t}'`,
]

function sourceLine(file: number, index: number, it: Item): string {
  if (it.kind === 'text') return `-- f${file} line ${index + 1}`
  if (it.kind === 'once') return '%pragma once'
  return INCLUDE_FORMS[it.style](`f${it.target}`)
}

/** A deliberately naive renderer: the oracle the compiler's line map is checked against. */
function reference(files: Tree): { text: string; stack: string[] }[] {
  const out: { text: string; stack: string[] }[] = []
  const rendered = new Set<number>()
  const walk = (file: number, stack: string[], ancestors: number[]) => {
    rendered.add(file)
    files[file].forEach((it, i) => {
      const here = [...stack, `f${file}.lua:${i + 1}`]
      if (it.kind === 'text') out.push({ text: sourceLine(file, i, it), stack: here })
      else if (it.kind === 'once') out.push({ text: '--%pragma once', stack: here })
      else if (
        !ancestors.includes(it.target) &&
        !(rendered.has(it.target) && files[it.target].some(x => x.kind === 'once'))
      )
        walk(it.target, here, [...ancestors, it.target])
    })
  }
  walk(0, [], [0])
  return out
}

describe('line map over generated include trees (repeats, diamonds, cycles, %pragma once, CRLF)', () => {
  it('maps every rendered line to the file and line that wrote it, through every include level', () => {
    fc.assert(
      fc.property(tree, ({ files, crlf }) => {
        const sources = Object.fromEntries(
          files.map((items, f) => [`f${f}.lua`, items.map((it, i) => sourceLine(f, i, it)).join(crlf ? '\r\n' : '\n')]),
        )
        const result = compileFiles(sources, 'f0.lua')
        const { files: names, segments } = result.lineMap
        const actual =
          result.lua === '' && lineCount(result.lineMap) === 0
            ? []
            : result.lua.split('\n').map((text, i) => ({
                text,
                stack: pairs(chainAt(result.lineMap, i + 1)).map(([f, l]) => `${names[f]}:${l}`),
              }))
        expect(actual).toEqual(reference(files))
        // Runs are maximal: a segment never continues the one before it.
        segments.slice(1).forEach((segment, i) => expect(continues(segments[i], segment)).toBe(false))
        expect(compileFiles(sources, 'f0.lua').lua).toBe(result.lua)
      }),
      { seed: 20261123, numRuns: RUNS },
    )
  })
})

function continues(before: number[], after: number[]): boolean {
  const next = [...before.slice(1, -1), before.at(-1)! + before[0]]
  return JSON.stringify(next) === JSON.stringify(after.slice(1))
}

function pairs(flat: number[]): [number, number][] {
  const out: [number, number][] = []
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]])
  return out
}
