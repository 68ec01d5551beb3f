/**
 * Lua 5.1 reads a numeral greedily: digits and dots, an exponent sign after `e`, then any letters,
 * digits and `_`; the whole run must then convert (C `strtod`, which also takes hex and hex `p`
 * exponents). luaparse reads Lua 5.2 numerals such as `0x1.8` instead, which Redis rejects.
 */
const LUA_NUMERAL_RE = /[\d.]*(?:[Ee][+-]?)?\w*/y
const DECIMAL_RE = /^(?:\d+\.?\d*|\.\d+)(?:[Ee][+-]?\d+)?$/
const HEX_RE = /^0[Xx][\dA-Fa-f]+(?:[Pp]\d+)?$/

/** Why Lua 5.1 rejects the numeral luaparse read at `start` as `raw`, or null when it reads the same. */
export function badNumeral(lua: string, start: number, raw: string): string | null {
  LUA_NUMERAL_RE.lastIndex = start
  const token = LUA_NUMERAL_RE.exec(lua)![0]
  if (!DECIMAL_RE.test(token) && !HEX_RE.test(token)) return `malformed number near '${token}'`
  if (token !== raw)
    return `malformed number near '${raw}' (Lua 5.1 reads '${token}', then '${raw.slice(token.length)}')`
  return null
}
