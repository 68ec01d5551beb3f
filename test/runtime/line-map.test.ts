import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LineMapBuilder } from '../../src/core/line-map-builder.js'
import type { LineMap } from '../../src/shared/definition.js'
import { chainAt, lineCount } from '../../src/shared/line-map.js'

/** The map of rendered lines whose chains are `chains`, one flat `[file, line, ...]` array per line. */
function encode(chains: number[][]): LineMap {
  const builder = new LineMapBuilder()
  for (const chain of chains) builder.push(chain.slice(0, -2), chain.at(-2)!, chain.at(-1)!)
  return { files: [], segments: builder.segments, directives: {} }
}

const decode = (map: LineMap) => Array.from({ length: lineCount(map) }, (_, i) => chainAt(map, i + 1))

describe('line map segments', () => {
  const chains = [
    [0, 1],
    [0, 2],
    [0, 3, 1, 1],
    [0, 3, 1, 2],
    [0, 3, 1, 3, 2, 7],
    [0, 3, 1, 4],
    [0, 4],
    [0, 6],
    [0, 7, 1, 1],
    [0, 8],
  ]

  it('collapses lines of one chain with consecutive source lines into one segment', () => {
    expect(encode(chains).segments).toEqual([
      [2, 0, 1],
      [2, 0, 3, 1, 1],
      [1, 0, 3, 1, 3, 2, 7],
      [1, 0, 3, 1, 4],
      [1, 0, 4],
      [1, 0, 6],
      [1, 0, 7, 1, 1],
      [1, 0, 8],
    ])
  })

  it('decodes to the chain of every line', () => {
    expect(decode(encode(chains))).toEqual(chains)
  })

  it.each([0, -1, 1.5, Number.NaN, 11])('gives no chain for line %s', line => {
    expect(chainAt(encode(chains), line)).toEqual([])
  })

  it('counts no line in an empty map', () => {
    expect(lineCount(encode([]))).toBe(0)
    expect(chainAt(encode([]), 1)).toEqual([])
  })

  it('round-trips any sequence of chains', () => {
    const pair = fc.tuple(fc.nat(3), fc.integer({ min: 1, max: 5 }))
    const chain = fc.array(pair, { minLength: 1, maxLength: 4 }).map(pairs => pairs.flat())
    fc.assert(
      fc.property(fc.array(chain, { maxLength: 60 }), all => {
        expect(decode(encode(all))).toEqual(all)
      }),
      { seed: 20261123, numRuns: 500 },
    )
  })
})
