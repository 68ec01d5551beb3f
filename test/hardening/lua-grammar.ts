import fc from 'fast-check'
import { ROOT } from './project.js'
import type { Project } from './project.js'

/**
 * Valid Redis Lua 5.1 by construction: statements, locals, functions, tables, loops, string escapes,
 * long strings and comments, with directives and includes between them. What we accept from here,
 * Redis must accept. Sizes stay well under Lua's limits (200 locals, 60 upvalues, 200 syntax levels).
 */

const NUMBERS = [
  '0',
  '1',
  '42',
  '3.25',
  '.5',
  '3.',
  '1e3',
  '1E-3',
  '2e+2',
  '0x1F',
  '0XaB',
  '0x1p4',
  '1e308',
  '0x10',
  '007',
]
const ESCAPES = [
  '\\n',
  '\\t',
  '\\\\',
  '\\"',
  "\\'",
  '\\0',
  '\\65',
  '\\255',
  '\\a',
  '\\b',
  '\\f',
  '\\v',
  '\\r',
  '\\q',
  '\\x41',
  '\\\n',
  '\\\n%key nope ',
]
const PLAIN = [
  'a',
  'Z',
  ' ',
  'é',
  '𝄞',
  '😀',
  '%',
  '%key x',
  '${x}',
  '`',
  '</script>',
  '\u2028',
  '\u2029',
  '\t',
  '[[',
  ']]',
  '--',
  '#',
  '\0',
  '"',
  "'",
  '\uFEFF',
]
const LONG_TEXT = [
  'a',
  ' ',
  '\n',
  '%key nope',
  '--%include "nope"',
  '%include "x"',
  '"',
  "'",
  '[[',
  ']',
  '=',
  '\\',
  '\0',
  'é',
  '`',
  '${',
  '\n%pragma once\n',
]
const BINOPS = ['+', '-', '*', '/', '%', '^', '..', '==', '~=', '<', '<=', '>', '>=', 'and', 'or']
const CALLS = [
  'tostring',
  'type',
  'tonumber',
  'redis.sha1hex',
  'cjson.encode',
  'string.upper',
  'math.abs',
  'string.format',
  'select',
]

const number = fc.constantFrom(...NUMBERS)

const shortString = fc
  .tuple(
    fc.constantFrom('"', "'"),
    fc.array(fc.oneof(fc.constantFrom(...PLAIN), fc.constantFrom(...ESCAPES)), { maxLength: 6 }),
  )
  .map(([quote, parts]) => quote + parts.filter(p => p !== quote).join('') + quote)

/** `[==[ ... ]==]` whose text never closes it early; `comment` makes it a long comment. */
const longBracket = (comment: boolean) =>
  fc.tuple(fc.nat(3), fc.array(fc.constantFrom(...LONG_TEXT), { maxLength: 8 })).map(([level, parts]) => {
    const close = `]${'='.repeat(level)}]`
    let body = parts.join('')
    if (`${body}${close}`.indexOf(close) !== body.length) body = body.replaceAll(']', ' ')
    // Lua 5.1.5 refuses a `[[` inside a level-0 one (Valkey 8.0 does; Redis since its CVE-2025-46819 fix does not).
    while (level === 0 && body.includes('[[')) body = body.replaceAll('[[', '[ [')
    return `${comment ? '--' : ''}[${'='.repeat(level)}[${body}${close}`
  })

interface Scope {
  names: string[]
  /** `...` is usable: the main chunk, or a function declared with `...`. */
  vararg: boolean
}

function leaf(scope: Scope): fc.Arbitrary<string> {
  const names = ['nil', 'true', 'false', 'KEYS', 'ARGV', ...scope.names, ...(scope.vararg ? ['...'] : [])]
  return fc.oneof(number, shortString, longBracket(false), fc.constantFrom(...names))
}

function list(item: fc.Arbitrary<string>, max: number, separator = ', '): fc.Arbitrary<string> {
  return fc.array(item, { maxLength: max }).map(items => items.join(separator))
}

/** Index brackets get spaces inside: `[[` would open a long string. */
function table(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const field = fc.oneof(
    value,
    value.map(v => `name = ${v}`),
    fc.tuple(value, value).map(([k, v]) => `[ ${k} ] = ${v}`),
  )
  return fc
    .tuple(fc.array(field, { maxLength: 4 }), fc.constantFrom(', ', '; ', ','), fc.boolean())
    .map(([fields, sep, trailing]) => `{${fields.join(sep)}${trailing && fields.length ? sep.trim() : ''}}`)
}

/** An expression; `depth` bounds the nesting so scripts stay far below Lua's 200 syntax levels. */
export function expr(scope: Scope, depth: number): fc.Arbitrary<string> {
  if (depth <= 0) return leaf(scope)
  const sub = expr(scope, depth - 1)
  return fc.oneof(
    { weight: 3, arbitrary: leaf(scope) },
    { weight: 2, arbitrary: fc.tuple(sub, fc.constantFrom(...BINOPS), sub).map(([a, op, b]) => `${a} ${op} ${b}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('not ', '- ', '#'), sub).map(([op, e]) => op + e) },
    { weight: 1, arbitrary: sub.map(e => `(${e})`) },
    { weight: 1, arbitrary: table(sub) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...CALLS), list(sub, 3)).map(([f, args]) => `${f}(${args})`) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...CALLS), fc.oneof(shortString, table(sub))).map(([f, arg]) => `${f}${arg}`),
    },
    { weight: 1, arbitrary: fc.tuple(sub, sub).map(([e, k]) => `(${e})[ ${k} ]`) },
    { weight: 1, arbitrary: sub.map(e => `(${e}):len()`) },
    { weight: 1, arbitrary: fn(scope, depth - 1).map(([params, body]) => `function(${params})\n${body}\nend`) },
  )
}

/** Parameters and a body ending in `return`, for a function nested `depth` levels further in. */
function fn(scope: Scope, depth: number): fc.Arbitrary<[string, string]> {
  return fc.boolean().chain(vararg => {
    const inner = { names: [...scope.names, 'p', 'q'], vararg }
    return fc.tuple(
      fc.constant(vararg ? 'p, q, ...' : 'p, q'),
      fc.tuple(block(inner, depth), expr(inner, depth)).map(([b, e]) => `${b}\nreturn ${e}`),
    )
  })
}

const comment = fc.oneof(
  fc
    .array(fc.constantFrom('a', ' ', '%key x', '--%', 'é', '`', "'", '"', '[=', '\\'), { maxLength: 6 })
    .map(parts => `-- ${parts.join('')}`),
  longBracket(true),
)

function simple(scope: Scope, depth: number): fc.Arbitrary<string> {
  const e = expr(scope, depth)
  return fc.oneof(
    e.map(v => `local v = ${v}`),
    fc.tuple(e, e).map(([a, b]) => `local v, w = ${a}, ${b}`),
    fc.constant('local u'),
    e.map(v => `t.x = ${v}`),
    fc.tuple(e, e).map(([k, v]) => `t[ ${k} ] = ${v}`),
    e.map(v => `n = ${v}`),
    fc.tuple(e, e).map(([a, b]) => `s, n = ${a}, ${b}`),
    fc.tuple(fc.constantFrom(...CALLS), list(e, 2)).map(([f, args]) => `${f}(${args})`),
    comment,
  )
}

function compound(scope: Scope, depth: number): fc.Arbitrary<string> {
  const e = expr(scope, depth)
  const b = block(scope, depth)
  const loop = (names: string[]) =>
    fc
      .tuple(block({ ...scope, names: [...scope.names, ...names] }, depth), fc.boolean())
      .map(([body, brk]) => `${body}${brk ? '\nbreak' : ''}`)
  return fc.oneof(
    fc.tuple(b, fc.option(e)).map(([body, ret]) => `do\n${body}${ret === null ? '' : `\nreturn ${ret}`}\nend`),
    fc.tuple(e, loop([])).map(([c, body]) => `while ${c} do\n${body}\nend`),
    fc.tuple(loop([]), e).map(([body, c]) => `repeat\n${body}\nuntil ${c}`),
    fc
      .tuple(e, b, fc.option(fc.tuple(e, b)), fc.option(b))
      .map(
        ([c, then, elif, other]) =>
          `if ${c} then\n${then}${elif ? `\nelseif ${elif[0]} then\n${elif[1]}` : ''}${other === null ? '' : `\nelse\n${other}`}\nend`,
      ),
    fc
      .tuple(e, e, fc.option(e), loop(['i']))
      .map(([from, to, step, body]) => `for i = ${from}, ${to}${step === null ? '' : `, ${step}`} do\n${body}\nend`),
    fc.tuple(e, loop(['k', 'x'])).map(([it, body]) => `for k, x in pairs(${it}) do\n${body}\nend`),
    fn(scope, depth).map(([params, body]) => `local function f(${params})\n${body}\nend`),
  )
}

function statement(scope: Scope, depth: number): fc.Arbitrary<string> {
  if (depth <= 0) return simple(scope, 0)
  return fc.oneof(
    { weight: 3, arbitrary: simple(scope, depth - 1) },
    { weight: 1, arbitrary: compound(scope, depth - 1) },
  )
}

const indent = fc.constantFrom('', '  ', '\t')

function block(scope: Scope, depth: number): fc.Arbitrary<string> {
  return fc
    .array(
      fc.tuple(indent, statement(scope, depth)).map(([i, s]) => i + s),
      { maxLength: 3 },
    )
    .map(s => s.join('\n'))
}

/** Every file opens with these locals, so statements always have names in scope. */
const PRELUDE = 'local t, n, s = {}, 1, "x"'
const TOP: Scope = { names: ['t', 'n', 's'], vararg: true }
const TYPES = ['', ' integer', ' int', ' number', ' string', ' str', ' boolean', ' bool', ' list', ' dict']
const RETURNS = ['integer', 'number', 'string', 'boolean', 'list', 'dict', 'int?', 'dict?']

type Item =
  | { kind: 'lua'; text: string }
  | { kind: 'key' | 'arg'; type: string; comment: boolean; lead: string }
  | { kind: 'include'; target: number; style: number }
  | { kind: 'blank' }

const item: fc.Arbitrary<Item> = fc.oneof(
  { weight: 4, arbitrary: statement(TOP, 2).map(text => ({ kind: 'lua' as const, text })) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('key' as const, 'arg' as const),
      type: fc.constantFrom(...TYPES),
      comment: fc.boolean(),
      lead: indent,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('include' as const), target: fc.nat(2), style: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'blank' as const }) },
)

export interface ScriptShape {
  files: Item[][]
  shebang: string | null
  returns: string | null
  result: string
  breaks: string
}

/** An entry and up to two libraries; a file only includes files after it, so there is no cycle. */
export const scriptShape: fc.Arbitrary<ScriptShape> = fc.record({
  files: fc.array(fc.array(item, { maxLength: 5 }), { minLength: 1, maxLength: 3 }),
  shebang: fc.option(
    fc.constantFrom('#!lua', '#!lua flags=no-writes', '#!lua flags=allow-oom,no-cluster', '#!lua  flags=allow-stale '),
  ),
  returns: fc.option(fc.constantFrom(...RETURNS)),
  result: expr(TOP, 2),
  breaks: fc.constantFrom('\n', '\r\n', '\r'),
})

const INCLUDE_FORMS = [
  (t: string) => `%include "${t}"`,
  (t: string) => `--%include '${t}.lua'`,
  (t: string) => `  %include "./${t}"`,
  (t: string) => `\t--%include "${t}"  `,
]

function itemLines(it: Item, f: number, files: number, counter: { n: number }): string[] {
  if (it.kind === 'lua') return [it.text]
  if (it.kind === 'blank') return ['']
  if (it.kind === 'include') {
    const target = f + 1 + it.target
    return target < files ? [INCLUDE_FORMS[it.style](`lib${target}`)] : []
  }
  const name = `${it.kind[0]}${f}_${counter.n++}`
  return [`${it.lead}${it.comment ? '--%' : '%'}${it.kind} ${name}${it.kind === 'arg' ? it.type : ''}`, `n = ${name}`]
}

/** The files of a shape. Libraries that declare keys or args say `%pragma once`, as they must. */
export function buildScript(shape: ScriptShape): Project {
  const counter = { n: 0 }
  const files: Record<string, string> = {}
  shape.files.forEach((items, f) => {
    const body = items.flatMap(it => itemLines(it, f, shape.files.length, counter))
    const head =
      f === 0
        ? [...(shape.shebang ? [shape.shebang] : []), ...(shape.returns ? [`%return ${shape.returns}`] : []), PRELUDE]
        : ['%pragma once', PRELUDE]
    const tail = f === 0 ? [`return ${shape.result}`] : []
    files[`${ROOT}/${f === 0 ? 'main' : `lib${f}`}.lua`] = [...head, ...body, ...tail]
      .join('\n')
      .replaceAll('\n', shape.breaks)
  })
  return { files, entry: `${ROOT}/main.lua` }
}
