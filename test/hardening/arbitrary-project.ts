import fc from 'fast-check'
import path from 'node:path/posix'
import { ROOT } from './project.js'
import type { Project } from './project.js'

/** Files outside the root that an include may try to reach; their text must never be read or rendered. */
export const OUTSIDE_TEXT = 'OUTSIDE-SECRET'
const OUTSIDE: Record<string, string> = {
  '/outside.lua': `return "${OUTSIDE_TEXT}"`,
  '/project-evil/x.lua': `return "${OUTSIDE_TEXT}"`,
  '/etc/passwd': OUTSIDE_TEXT,
}

/** Names the tree's files are drawn from: sub-folders, spaces, dots, non-ASCII. */
const NAMES = ['main', 'a', 'lib/b', 'lib/deep/c', 'sp ace', 'ünï/cödé', 'x.y', '-dash', 'lib/a']

/** Include paths that are not computed from the tree: escapes, absolutes, odd but legal spellings. */
const RAW_SPECS = [
  '../outside',
  '../outside.lua',
  '/outside.lua',
  '../project-evil/x',
  '../../../../etc/passwd',
  '/etc/passwd',
  '/project/a',
  '../project/a',
  'lib/../a',
  './a.lua',
  'missing',
  '',
  ' ',
  'a\0b',
  'lib/',
  '.',
  '..',
  'con:',
]

/** Bits of text chosen to upset a line-based directive parser, a long-bracket tracker and an encoder. */
const FRAGMENTS = [
  '%',
  '--%',
  '--',
  '-',
  '[[',
  ']]',
  '[=[',
  ']=]',
  '[==[',
  ']==]',
  '--[[',
  '--[==[',
  '"',
  "'",
  '\\',
  '\0',
  '\t',
  ' ',
  '\r',
  '\n',
  '\r\n',
  '\v',
  '\f',
  '\uD800',
  '\uDFFF',
  '\u2028',
  '\u2029',
  '\uFEFF',
  'é',
  '𝄞',
  '`',
  '${',
  '</script>',
  'local ',
  'end',
  'return ',
  '=',
  '(',
  ')',
  '{',
  '}',
  'x',
  '1',
  'KEYS[1]',
  'ARGV',
  'include ',
  'key ',
  'arg ',
  'pragma once',
  '#!lua',
  'function',
  'do ',
  'then',
  '0x1.8',
  '..',
  '...',
]

const text = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
    ),
    { maxLength: 12 },
  )
  .map(parts => parts.join(''))

const blank = fc.constantFrom('', ' ', '\t', '  \t')
const word = fc.constantFrom('k', 'k2', 'a', 'end', '1x', 'a-b', 'ü', '_', 'KEYS', '')
const type = fc.constantFrom(
  '',
  'int',
  'integer',
  'string',
  'str',
  'bool',
  'list',
  'dict',
  'dictionary',
  'number',
  'int?',
  'tuple',
  'string?',
)

/** A directive line, valid or not, plain or in its `--%` comment form. */
const directive = fc
  .tuple(
    blank,
    fc.boolean(),
    fc.oneof(
      fc.tuple(fc.constantFrom('key', 'arg'), word, type).map(([kind, name, t]) => `${kind} ${name} ${t}`),
      type.map(t => `return ${t}`),
      fc.constantFrom('pragma once', 'pragma twice', 'pragma', 'foo', 'keys x', 'include', 'include "a', ''),
    ),
    blank,
  )
  .map(([lead, comment, body, trail]) => `${lead}${comment ? '--%' : '%'}${body}${trail}`)

/** An include of another file of the tree (by index), written one of several ways, or a raw path. */
export interface IncludeLine {
  kind: 'include'
  target: number
  style: number
  lead: string
  comment: boolean
  quote: string
  raw: string | null
}
export type Line = { kind: 'text'; text: string } | IncludeLine

const include: fc.Arbitrary<IncludeLine> = fc.record({
  kind: fc.constant('include' as const),
  target: fc.nat(7),
  style: fc.nat(3),
  lead: blank,
  comment: fc.boolean(),
  quote: fc.constantFrom('"', "'"),
  raw: fc.option(fc.constantFrom(...RAW_SPECS), { freq: 4 }),
})

const line: fc.Arbitrary<Line> = fc.oneof(
  { weight: 3, arbitrary: text.map(t => ({ kind: 'text' as const, text: t })) },
  { weight: 2, arbitrary: directive.map(t => ({ kind: 'text' as const, text: t })) },
  { weight: 3, arbitrary: include },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'local s = [[',
        ']]',
        '--[==[',
        ']==]',
        'local s = "a\\',
        '#!lua flags=no-writes',
        '#!lua flags=bogus',
        'return 1',
      )
      .map(t => ({ kind: 'text' as const, text: t })),
  },
)

export interface ProjectShape {
  names: string[]
  files: { lines: Line[]; breaks: string[]; trailing: boolean }[]
}

const BREAKS = ['\n', '\r\n', '\r', '\n\r']

/** 1 to 6 files with unique names, each a list of lines joined by mixed line breaks. */
export const projectShape: fc.Arbitrary<ProjectShape> = fc
  .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 6 })
  .chain(names =>
    fc.record({
      names: fc.constant(names),
      files: fc.array(
        fc.record({
          lines: fc.array(line, { maxLength: 8 }),
          breaks: fc.array(fc.constantFrom(...BREAKS), { minLength: 8, maxLength: 8 }),
          trailing: fc.boolean(),
        }),
        { minLength: names.length, maxLength: names.length },
      ),
    }),
  )

/** The spec an include line writes for a target file, seen from the including file. */
function spec(from: string, to: string, style: number): string {
  const rel = path.relative(path.dirname(from), to)
  if (style === 0) return rel.replace(/\.lua$/, '')
  if (style === 1) return rel
  if (style === 2) return `./${rel.replace(/\.lua$/, '')}`
  return to
}

function lineText(item: Line, from: string, paths: string[]): string {
  if (item.kind === 'text') return item.text
  const target = item.raw ?? spec(from, paths[item.target % paths.length], item.style)
  return `${item.lead}${item.comment ? '--%' : '%'}include ${item.quote}${target}${item.quote}`
}

/** The files of a shape, with the outside files beside them, ready to compile. */
export function buildProject(shape: ProjectShape): Project {
  const paths = shape.names.map(name => path.join(ROOT, `${name}.lua`))
  const files: Record<string, string> = { ...OUTSIDE }
  shape.files.forEach((file, f) => {
    const lines = file.lines.map(item => lineText(item, paths[f], paths))
    files[paths[f]] = lines.map((l, i) => l + (i < lines.length - 1 || file.trailing ? file.breaks[i] : '')).join('')
  })
  return { files, entry: paths[0] }
}
