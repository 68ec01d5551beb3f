import fc from 'fast-check'

/** Tokens that break Lua in the ways people and tools do: stray brackets, 5.2+ syntax, bad numerals. */
const TOKENS = [
  'end',
  'do',
  'then',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '[[',
  ']]',
  '[=[',
  '=',
  '==',
  ',',
  ';',
  '.',
  '..',
  '...',
  ':',
  '"',
  "'",
  'local',
  'function',
  'return',
  'break',
  'if',
  'elseif',
  'until',
  '\n',
  '!',
  '@',
  '$',
  '`',
  '\0',
  '\\',
  '#',
  '%',
  '0x',
  '0x1.8',
  '0x.8',
  '0x1p-2',
  '1e',
  '1..2',
  '3x',
  '"\\256"',
  '--[[',
  'é',
  '\uFEFF',
  '<const>',
  '//',
  '&',
  '~',
  '::x::',
  'goto x',
  '\u00a0',
  '\u2028',
  '\v',
  '\f',
  '\r',
  '1',
  'x',
  ' ',
]

export type Mutation =
  | { kind: 'insert'; at: number; token: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'swap'; a: number; b: number }

/** One to three edits at positions taken as fractions of the text, so they land whatever its length. */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(1000),
        token: fc.constantFrom(...TOKENS),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('delete' as const),
        at: fc.nat(1000),
        length: fc.integer({ min: 1, max: 8 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap' as const), a: fc.nat(1000), b: fc.nat(1000) }) },
  ),
  { minLength: 1, maxLength: 3 },
)

export function mutate(text: string, edits: Mutation[]): string {
  return edits.reduce(apply, text)
}

function apply(text: string, edit: Mutation): string {
  const at = (n: number) => Math.floor((n / 1000) * text.length)
  if (edit.kind === 'insert') return text.slice(0, at(edit.at)) + edit.token + text.slice(at(edit.at))
  if (edit.kind === 'delete') return text.slice(0, at(edit.at)) + text.slice(at(edit.at) + edit.length)
  const lines = text.split('\n')
  const [a, b] = [edit.a, edit.b].map(n => Math.floor((n / 1000) * lines.length))
  const swapped = lines.map((line, i) => (i === a ? lines[b] : i === b ? lines[a] : line))
  return swapped.join('\n')
}

/** A `#!` line built from the pieces Redis's shebang parser reads, valid or not. */
export const shebang: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('lua', 'lua', 'lua ', 'lua\t', ' lua', 'LUA', ''),
    fc.array(
      fc.constantFrom(
        ' ',
        '  ',
        '\t',
        'flags=',
        'flags=',
        'no-writes',
        'allow-oom',
        'allow-stale',
        'no-cluster',
        'allow-cross-slot-keys',
        ',',
        'name=x',
        '"',
        "'",
        'x',
        '=',
        '\v',
        '\f',
        '\0',
        '\\x6e',
        '\\"',
        '\r',
      ),
      { maxLength: 6 },
    ),
  )
  .map(([engine, parts]) => `#!${engine}${parts.join('')}`)

/** Ways to nest one level deeper in an expression: `[open, close]` around what is inside. */
const WRAPPERS: [string, string][] = [
  ['(', ')'],
  ['not ', ''],
  ['- ', ''],
  ['#', ''],
  ['{', '}'],
  ['{x = ', '}'],
  ['{[', '] = 1}'],
  ['f(', ')'],
  ['f{', '}'],
  ['t[', ']'],
  ['function() return ', ' end'],
  ['"a" .. ', ''],
  ['2 ^ ', ''],
  ['1 + (', ')'],
  ['(', '):len()'],
  ['1 * ', ''],
]
/** Ways to nest one block deeper around a `return`. */
const BLOCKS: [string, string][] = [
  ['do ', ' end'],
  ['while false do ', ' end'],
  ['if true then ', ' end'],
  ['repeat ', ' until true'],
  ['local function g() ', ' end'],
  ['for i = 1, 2 do ', ' end'],
  ['for k in pairs(t) do ', ' end'],
]

/**
 * A script close to Lua 5.1's limits, so that both sides of each are tried: up to 200 locals, a
 * function reading 50 to 70 of them (upvalues), a call with up to 260 arguments (registers), then
 * blocks around an expression 150 to 260 levels deep (syntax levels).
 */
export const nearLimits: fc.Arbitrary<string> = fc
  .record({
    locals: fc.oneof(fc.constant(0), fc.integer({ min: 150, max: 200 })),
    upvalues: fc.option(fc.integer({ min: 50, max: 70 })),
    args: fc.option(fc.integer({ min: 1, max: 260 })),
    blocks: fc.array(fc.nat(BLOCKS.length - 1), { maxLength: 40 }),
    wrappers: fc
      .integer({ min: 150, max: 260 })
      .chain(n => fc.array(fc.nat(WRAPPERS.length - 1), { minLength: n, maxLength: n })),
  })
  .map(({ locals, upvalues, args, blocks, wrappers }) => {
    const names = Array.from({ length: locals }, (_, i) => `v${i}`)
    const reads = names.slice(0, upvalues ?? 0)
    const expression =
      wrappers.map(w => WRAPPERS[w][0]).join('') +
      '1' +
      wrappers
        .map(w => WRAPPERS[w][1])
        .reverse()
        .join('')
    return [
      'local f, t = tostring, {}',
      ...names.map((name, i) => `local ${name} = ${i}`),
      ...(reads.length ? [`t.h = function() return ${reads.join(' + ')} end`] : []),
      ...(args ? [`f(${Array(args).fill('1').join(', ')})`] : []),
      blocks.map(b => BLOCKS[b][0]).join('') +
        `return ${expression}` +
        blocks
          .map(b => BLOCKS[b][1])
          .reverse()
          .join(''),
    ].join('\n')
  })
