import type { ValueType } from '../shared/definition.js'

const IDENTIFIER_RE = /^[A-Z_a-z]\w*$/

/** Lua 5.1 reserved words: none of them can name a key or an arg. */
export const LUA_KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'break',
  'do',
  'else',
  'elseif',
  'end',
  'false',
  'for',
  'function',
  'if',
  'in',
  'local',
  'nil',
  'not',
  'or',
  'repeat',
  'return',
  'then',
  'true',
  'until',
  'while',
])

/** Type names as written in directives, aliases included, to their canonical name. */
export const TYPE_ALIASES: Readonly<Record<string, ValueType>> = {
  integer: 'integer',
  int: 'integer',
  number: 'number',
  string: 'string',
  str: 'string',
  boolean: 'boolean',
  bool: 'boolean',
  list: 'list',
  array: 'list',
  dict: 'dict',
  dictionary: 'dict',
}

export const TYPE_NAMES = Object.keys(TYPE_ALIASES).join('|')

/** Why `name` cannot name a key or an arg, or null when it can. */
export function invalidNameReason(name: string): string | null {
  if (!IDENTIFIER_RE.test(name)) return `\`${name}\` is not a Lua identifier`
  if (LUA_KEYWORDS.has(name)) return `\`${name}\` is a Lua keyword`
  return null
}
