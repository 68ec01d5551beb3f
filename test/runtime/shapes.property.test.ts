import fc from 'fast-check'
import { expect, it } from 'vitest'
import type { TypeNode } from '../../src/shared/definition.js'
import { formatType, isNullable, nonNull } from '../../src/shared/type-node.js'
import { ScriptArgumentError } from '../../src/runtime/index.js'
import { useServer } from '../support/servers.js'
import { commandCounts, countsSince, scriptOf } from './helpers.js'

// `npm run fuzz` runs 20,000 cases (FUZZ_RUNS); the default run keeps to a few hundred.
const RUNS = Number(process.env.FUZZ_RUNS ?? 500)
const SEED = Number(process.env.FUZZ_SEED ?? 20261201)
const TIMEOUT = process.env.FUZZ_RUNS ? 3_600_000 : 120_000

const suite = useServer()

const FIELD_NAMES = ['id', 'name', 'n', 'tags', 'at', 'end', '_x9']

const nullable = (type: fc.Arbitrary<TypeNode>): fc.Arbitrary<TypeNode> =>
  fc
    .tuple(type, fc.boolean())
    .map(([t, q]) => (q ? (typeof t === 'string' ? (`${t}?` as TypeNode) : { ...t, nullable: true as const }) : t))

/** Random type expressions: scalars at the leaves, lists, dicts and shapes above, any of them nullable. */
const typeArb: fc.Arbitrary<TypeNode> = fc.letrec<{ type: TypeNode; structured: TypeNode }>(tie => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nullable(fc.constantFrom<TypeNode>('integer', 'number', 'string', 'boolean')),
    tie('structured'),
  ),
  structured: nullable(
    fc.oneof(
      { depthSize: 'small' },
      tie('type').map(list => ({ list })),
      tie('type').map(dict => ({ dict })),
      fc
        .uniqueArray(fc.record({ name: fc.constantFrom(...FIELD_NAMES), type: tie('type'), optional: fc.boolean() }), {
          minLength: 1,
          maxLength: 4,
          selector: field => field.name,
        })
        .map(fields => ({
          shape: fields.map(({ name, type, optional }) =>
            optional ? { name, type, optional: true as const } : { name, type },
          ),
        })),
    ),
  ),
})).structured

const KEY = fc.string({ unit: 'grapheme', maxLength: 6 }).filter(key => key !== '__proto__')

/** A random value of a type; numbers kept to what cjson's 14 significant digits write back exactly. */
function valueArb(type: TypeNode): fc.Arbitrary<unknown> {
  const base = nonNull(type)
  const value = ((): fc.Arbitrary<unknown> => {
    if (base === 'integer') return fc.integer()
    if (base === 'number') return fc.integer({ min: -1e9, max: 1e9 }).map(n => n / 4)
    if (base === 'string') return fc.string({ unit: 'grapheme', maxLength: 12 })
    if (base === 'boolean') return fc.boolean()
    if (typeof base === 'string') throw new Error(`no values for ${base}`)
    if ('list' in base) return fc.array(valueArb(base.list), { maxLength: 4 })
    if ('dict' in base) return fc.dictionary(KEY, valueArb(base.dict), { maxKeys: 4 })
    if ('ref' in base) throw new Error('no refs here')
    return fc.record(Object.fromEntries(base.shape.map(field => [field.name, valueArb(field.type)])), {
      requiredKeys: base.shape.filter(field => !field.optional).map(field => field.name),
    })
  })()
  return isNullable(type) ? fc.option(value, { nil: null }) : value
}

/** Every place in a value with the type expected there and the path an error names it by. */
function places(
  type: TypeNode,
  value: unknown,
  path: string,
  out: { path: string; type: TypeNode; set: (v: unknown) => void }[],
): void {
  const base = nonNull(type)
  if (value === null || typeof base === 'string' || 'ref' in base) return
  if ('list' in base) {
    const list = value as unknown[]
    list.forEach((element, i) => {
      out.push({ path: `${path}[${i}]`, type: base.list, set: v => (list[i] = v) })
      places(base.list, element, `${path}[${i}]`, out)
    })
  } else if ('dict' in base) {
    const record = value as Record<string, unknown>
    for (const key of Object.keys(record)) {
      const at = /^[A-Z_a-z]\w*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
      out.push({ path: at, type: base.dict, set: v => (record[key] = v) })
      places(base.dict, record[key], at, out)
    }
  } else {
    const record = value as Record<string, unknown>
    for (const field of base.shape) {
      if (!Object.hasOwn(record, field.name)) continue
      out.push({ path: `${path}.${field.name}`, type: field.type, set: v => (record[field.name] = v) })
      places(field.type, record[field.name], `${path}.${field.name}`, out)
    }
  }
}

/** A value no type at that place accepts: a number where a string is expected, else a string. */
const wrongFor = (type: TypeNode): unknown => (nonNull(type) === 'string' ? 12345 : '\u0000not this')

const caseArb = typeArb.chain(type =>
  fc.record({ type: fc.constant(type), value: valueArb(type), pick: fc.nat(), breakIt: fc.boolean() }),
)

it(
  'a value that fits a random type comes back equal through Lua; one that does not is refused with its path before sending',
  async () => {
    const before = await commandCounts(suite.client)
    let sent = 0
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ type, value, pick, breakIt }) => {
        const written = formatType(type)
        const script = scriptOf<{ x: unknown }>(
          'echo',
          `%arg x ${written}\n%return ${written}\nreturn cjson.encode(x)\n`,
        )
        // A copy to break: fast-check may reuse the generated value while shrinking.
        const copy = structuredClone(value)
        const spots: { path: string; type: TypeNode; set: (v: unknown) => void }[] = [
          { path: 'x', type, set: () => undefined },
        ]
        places(type, copy, 'x', spots)
        if (!breakIt) {
          sent++
          expect(await script.run(suite.client, { x: value })).toEqual(value)
          return
        }
        const spot = spots[pick % spots.length]
        const bad = wrongFor(spot.type)
        const given = spot.path === 'x' ? bad : copy
        spot.set(bad)
        const error = await script.run(suite.client, { x: given }).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(ScriptArgumentError)
        expect(error).toMatchObject({ path: spot.path })
      }),
      { seed: SEED, numRuns: RUNS },
    )
    // Only the fitting values reached Redis: one EVALSHA each (then an EVAL, the first time of a type).
    const counts = countsSince(before, await commandCounts(suite.client))
    expect(counts.evalsha).toBe(sent)
  },
  TIMEOUT,
)
