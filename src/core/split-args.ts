/** C `isspace` in the C locale, which Redis uses to skip blanks between arguments. */
const SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r'])
/** What ends an unquoted argument in Redis: fewer characters than `isspace` (`\v` and `\f` stay in). */
const END = new Set([' ', '\n', '\r', '\t'])
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' }

/**
 * Splits a line into arguments exactly as Redis's `sdssplitargs` does (the shebang of an EVAL script
 * goes through it): blanks between, `"..."` with escapes, `'...'`, a closing quote followed only by a
 * blank, and the line cut at a NUL as C sees it. Returns null where Redis fails (unbalanced quotes).
 */
export function splitArgs(line: string): string[] | null {
  const text = line.split('\0')[0]
  const args: string[] = []
  let i = 0
  for (;;) {
    while (i < text.length && SPACE.has(text[i])) i++
    if (i >= text.length) return args
    const arg = readArg(text, i)
    if (!arg) return null
    args.push(arg.value)
    i = arg.end
  }
}

function readArg(text: string, start: number): { value: string; end: number } | null {
  let value = ''
  for (let i = start; i < text.length; i++) {
    const ch = text[i]
    if (END.has(ch)) return { value, end: i + 1 }
    if (ch !== '"' && ch !== "'") {
      value += ch
      continue
    }
    const quoted = ch === '"' ? readDouble(text, i + 1) : readSingle(text, i + 1)
    if (!quoted) return null
    return { value: value + quoted.value, end: quoted.end }
  }
  return { value, end: text.length }
}

/** After the closing quote, only a blank or the end of the line may follow. */
function close(text: string, quote: number, value: string): { value: string; end: number } | null {
  const next = text[quote + 1]
  return next === undefined || SPACE.has(next) ? { value, end: quote + 1 } : null
}

function readDouble(text: string, from: number): { value: string; end: number } | null {
  let value = ''
  for (let i = from; i < text.length; i++) {
    const hex = /^\\x([\dA-Fa-f]{2})/.exec(text.slice(i, i + 4))
    if (hex) {
      value += String.fromCharCode(Number.parseInt(hex[1], 16))
      i += 3
    } else if (text[i] === '\\' && i + 1 < text.length) value += ESCAPES[text[++i]] ?? text[i]
    else if (text[i] === '"') return close(text, i, value)
    else value += text[i]
  }
  return null
}

function readSingle(text: string, from: number): { value: string; end: number } | null {
  let value = ''
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === "'") value += text[++i]
    else if (text[i] === "'") return close(text, i, value)
    else value += text[i]
  }
  return null
}
