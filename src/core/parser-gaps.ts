/** A comment (which may hold a comma) or a comma, between two tokens. */
const COMMA_RE = /--\[(=*)\[[\s\S]*?\]\1\]|--[^\n]*|,/g

/**
 * luaparse takes `f(, x)` and `return , x`: when the first expression of a list is missing it goes on
 * at the comma. Lua 5.1 refuses both, so a comma between the opener (from `from`) and the first item
 * (at `first`) is a syntax error. Returns the comma's index, or -1.
 */
export function leadingComma(lua: string, from: number, first: number): number {
  // Only the text between is searched: a search from `from` on would scan the rest of the script.
  for (const match of lua.slice(from, first).matchAll(COMMA_RE)) {
    if (match[0] === ',') return from + match.index
  }
  return -1
}

/** 1-based line and 0-based column of an index into text whose lines end with `\n`. */
export function position(text: string, index: number): { line: number; column: number } {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++
  return { line, column: index - (text.lastIndexOf('\n', index - 1) + 1) }
}
