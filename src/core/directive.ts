import type { TypeNode } from '../shared/definition.js'
import { invalidNameReason, TYPE_ALIASES } from './names.js'
import { parseTypeExpr, type TypeRef } from './type-expr.js'

/** A parsed directive line; `column` is where the directive starts (its `%` or `--%`). */
export type Directive =
  | { kind: 'key'; name: string; column: number; nameColumn: number }
  | { kind: 'arg'; name: string; type: TypeNode | null; refs: TypeRef[]; column: number; nameColumn: number }
  | { kind: 'return'; type: TypeNode; refs: TypeRef[]; column: number }
  | { kind: 'type'; name: string; type: TypeNode; refs: TypeRef[]; column: number; nameColumn: number }
  | { kind: 'include'; path: string; column: number }
  | { kind: 'pragma'; value: 'once'; column: number }

/** A line that was meant as a directive but is not a valid one. */
export interface DirectiveError {
  kind: 'error'
  code: string
  message: string
  column: number
}

const PLAIN_RE = /^([ \t]*)%/
const COMMENT_RE = /^([ \t]*)--%(key|arg|return|type|include|pragma)(?![\w])/
const WORD_RE = /^%?(\w*)/
const NAMES = new Set(['key', 'arg', 'return', 'type', 'include', 'pragma'])

/**
 * Reads one line as a directive. Returns null for ordinary Lua (including a `--%word` comment whose
 * word is not a directive name), a directive, or an error for a line that is a malformed directive.
 */
export function parseDirective(line: string): Directive | DirectiveError | null {
  if (!startsLikeDirective(line)) return null
  const text = trimBlanksEnd(line)
  const comment = COMMENT_RE.exec(text)
  const plain = comment ? null : PLAIN_RE.exec(text)
  if (!comment && !plain) return null
  const column = (comment ?? plain)![1].length
  const body = text.slice(column + (comment ? 3 : 1))
  const word = WORD_RE.exec(body)![1]
  if (!NAMES.has(word)) {
    return fail(
      'bad-directive',
      `unknown directive \`%${word}\` (expected %key, %arg, %return, %type, %include or %pragma)`,
      column,
    )
  }
  const rest = body.slice(word.length)
  if (rest !== '' && !/^[ \t]/.test(rest)) return fail('bad-directive', `malformed \`%${word}\` directive`, column)
  const restColumn = column + (comment ? 3 : 1) + word.length
  return PARSERS[word](rest, restColumn, column)
}

/**
 * True when the line's first non-blank characters are `%` or `--%`, as PLAIN_RE and COMMENT_RE need:
 * most lines are plain Lua, and this turns them away without a regex or a copy.
 */
function startsLikeDirective(line: string): boolean {
  let i = 0
  while (line[i] === ' ' || line[i] === '\t') i++
  return line[i] === '%' || (line[i] === '-' && line[i + 1] === '-' && line[i + 2] === '%')
}

/**
 * `line` without trailing blanks. A loop, not `/[ \t\r]+$/`: that regex retries from every blank of
 * a long run and takes quadratic time (seconds for a line of 40,000 spaces and a letter).
 */
function trimBlanksEnd(line: string): string {
  let end = line.length
  while (end > 0 && BLANKS.has(line[end - 1])) end--
  return line.slice(0, end)
}

const BLANKS = new Set([' ', '\t', '\r'])

type Parser = (rest: string, restColumn: number, column: number) => Directive | DirectiveError

const PARSERS: Record<string, Parser> = {
  key(rest, restColumn, column) {
    const tokens = tokenize(rest, restColumn)
    if (tokens.length !== 1) return fail('bad-directive', '`%key` takes exactly one name: `%key name`', column)
    const [name] = tokens
    const reason = invalidNameReason(name.text)
    if (reason) return fail('invalid-name', `invalid key name: ${reason}`, name.column)
    return { kind: 'key', name: name.text, column, nameColumn: name.column }
  },
  arg(rest, restColumn, column) {
    const name = firstToken(rest, restColumn)
    if (!name) return fail('bad-directive', '`%arg` takes a name and an optional type: `%arg name [type]`', column)
    const reason = invalidNameReason(name.text)
    if (reason) return fail('invalid-name', `invalid arg name: ${reason}`, name.column)
    const typeText = rest.slice(name.end)
    const base = { kind: 'arg' as const, name: name.text, column, nameColumn: name.column }
    if (typeText.trim() === '') return { ...base, type: null, refs: [] }
    const parsed = parseTypeExpr(typeText, restColumn + name.end)
    if (!parsed.ok) return fail(parsed.code, parsed.message, parsed.column)
    return { ...base, type: parsed.type, refs: parsed.refs }
  },
  return(rest, restColumn, column) {
    if (rest.trim() === '')
      return fail('bad-directive', '`%return` takes one type: `%return type` or `%return type?`', column)
    const parsed = parseTypeExpr(rest, restColumn)
    if (!parsed.ok) return fail(parsed.code, parsed.message, parsed.column)
    return { kind: 'return', type: parsed.type, refs: parsed.refs, column }
  },
  type(rest, restColumn, column) {
    const match = /^([ \t]+)([^ \t=]+)[ \t]*=/.exec(rest)
    if (!match) return fail('bad-directive', '`%type` names a type: `%type Name = type`', column)
    const nameColumn = restColumn + match[1].length
    const name = match[2]
    const reason = invalidNameReason(name) ?? (name in TYPE_ALIASES ? `\`${name}\` is a built-in type` : null)
    if (reason) return fail('invalid-name', `invalid type name: ${reason}`, nameColumn)
    const typeText = rest.slice(match[0].length)
    if (typeText.trim() === '')
      return fail('bad-type', '`%type` names a type: expected a type after `=`', restColumn + rest.length)
    const parsed = parseTypeExpr(typeText, restColumn + match[0].length)
    if (!parsed.ok) return fail(parsed.code, parsed.message, parsed.column)
    return { kind: 'type', name, type: parsed.type, refs: parsed.refs, column, nameColumn }
  },
  include(rest, restColumn, column) {
    const match = /^[ \t]+(["'])([^"'\n]+)\1$/.exec(rest)
    if (!match)
      return fail('bad-directive', '`%include` takes one quoted path: `%include "path"` or `%include \'path\'`', column)
    return { kind: 'include', path: match[2], column }
  },
  pragma(rest, restColumn, column) {
    const tokens = tokenize(rest, restColumn)
    if (tokens.length !== 1) return fail('bad-directive', '`%pragma` takes one value: `%pragma once`', column)
    if (tokens[0].text !== 'once')
      return fail('unknown-pragma', `unknown pragma \`${tokens[0].text}\` (expected \`once\`)`, tokens[0].column)
    return { kind: 'pragma', value: 'once', column }
  },
}

function tokenize(rest: string, restColumn: number): { text: string; column: number }[] {
  const tokens: { text: string; column: number }[] = []
  for (const match of rest.matchAll(/[^ \t]+/g)) tokens.push({ text: match[0], column: restColumn + match.index })
  return tokens
}

/** The first blank-separated word of `rest`, with its column and where it ends in `rest`. */
function firstToken(rest: string, restColumn: number): { text: string; column: number; end: number } | undefined {
  const match = /[^ \t]+/.exec(rest)
  return match ? { text: match[0], column: restColumn + match.index, end: match.index + match[0].length } : undefined
}

function fail(code: string, message: string, column: number): DirectiveError {
  return { kind: 'error', code, message, column }
}
