/** A comment (which may hold a comma) or a comma, between two tokens. */
const COMMA_RE = /--\[(=*)\[[\s\S]*?\]\1\]|--[^\n]*|,/g

/**
 * luaparse takes `f(, x)` and `return , x`: when the first expression of a list is missing it goes on
 * at the comma. Lua 5.1 refuses both, so a comma between the opener (from `from`) and the first item
 * (at `first`) is a syntax error. Returns the comma's index, or -1.
 */
export function leadingComma(lua: string, from: number, first: number): number {
  COMMA_RE.lastIndex = from
  for (let match = COMMA_RE.exec(lua); match && match.index < first; match = COMMA_RE.exec(lua)) {
    if (match[0] === ',') return match.index
  }
  return -1
}

/** 1-based line and 0-based column of an index into text whose lines end with `\n`. */
export function position(text: string, index: number): { line: number, column: number } {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++
  return { line, column: index - (text.lastIndexOf('\n', index - 1) + 1) }
}
