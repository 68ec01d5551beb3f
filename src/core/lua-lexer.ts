/**
 * Lua 5.1's tokens, read as its lexer reads them (llex.c). It serves the lint pass over text Lua's own
 * compiler has accepted, and the placing of a syntax error Lua reported; on text Lua refuses it goes
 * on without complaint (an unknown character is a token of its own, an unfinished string ends at its
 * line), since Lua has already said what is wrong.
 */

import { keepShape } from './keep-shape.js'

// Tokens: keywords and operators have their own codes.
export const EOS: number = 0
export const NAME: number = 1
export const NUMBER: number = 2
export const STRING: number = 3
export const DOTS: number = 4
export const CONCAT: number = 5
export const DOT: number = 6
export const EQ: number = 7
export const ASSIGN: number = 8
export const LE: number = 9
export const GE: number = 10
export const LT: number = 11
export const GT: number = 12
export const NE: number = 13
export const PLUS: number = 14
export const MINUS: number = 15
export const STAR: number = 16
export const SLASH: number = 17
export const PERCENT: number = 18
export const CARET: number = 19
export const HASH: number = 20
export const LPAREN: number = 21
export const RPAREN: number = 22
export const LBRACE: number = 23
export const RBRACE: number = 24
export const LBRACKET: number = 25
export const RBRACKET: number = 26
export const SEMI: number = 27
export const COLON: number = 28
export const COMMA: number = 29
/** A character no token starts with (Lua refuses it; `~` alone too). */
export const OTHER: number = 30
export const AND: number = 31
export const BREAK: number = 32
export const DO: number = 33
export const ELSE: number = 34
export const ELSEIF: number = 35
export const END: number = 36
export const FALSE: number = 37
export const FOR: number = 38
export const FUNCTION: number = 39
export const IF: number = 40
export const IN: number = 41
export const LOCAL: number = 42
export const NIL: number = 43
export const NOT: number = 44
export const OR: number = 45
export const REPEAT: number = 46
export const RETURN: number = 47
export const THEN: number = 48
export const TRUE: number = 49
export const UNTIL: number = 50
export const WHILE: number = 51

/**
 * The reserved words by the character code of their first letter: a name is looked up without being
 * cut out of the text. A constant table, frozen.
 */
const KEYWORDS: readonly (readonly (readonly [string, number])[] | undefined)[] = Object.freeze(
  byFirstLetter({
    a: [['and', AND]],
    b: [['break', BREAK]],
    d: [['do', DO]],
    e: [
      ['else', ELSE],
      ['elseif', ELSEIF],
      ['end', END],
    ],
    f: [
      ['false', FALSE],
      ['for', FOR],
      ['function', FUNCTION],
    ],
    i: [
      ['if', IF],
      ['in', IN],
    ],
    l: [['local', LOCAL]],
    n: [
      ['nil', NIL],
      ['not', NOT],
    ],
    o: [['or', OR]],
    r: [
      ['repeat', REPEAT],
      ['return', RETURN],
    ],
    t: [
      ['then', THEN],
      ['true', TRUE],
    ],
    u: [['until', UNTIL]],
    w: [['while', WHILE]],
  }),
)

function byFirstLetter(words: Record<string, [string, number][]>): (readonly [string, number][] | undefined)[] {
  const table: ([string, number][] | undefined)[] = []
  for (const [letter, list] of Object.entries(words)) table[letter.charCodeAt(0)] = list
  return table
}

/** The keyword token of the name of `length` characters at `start` (first character `c`), or NAME. */
function keywordAt(text: string, start: number, length: number, c: number): number {
  if (length > 8) return NAME
  const words = KEYWORDS[c]
  if (words === undefined) return NAME
  for (const [word, token] of words) if (word.length === length && text.startsWith(word, start)) return token
  return NAME
}

const isDigit = (c: number) => c >= 48 && c <= 57
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95
const isNamePart = (c: number) => isNameStart(c) || isDigit(c)
const isNewline = (c: number) => c === 10 || c === 13
/** Space, tab, vertical tab, form feed: C's other `isspace` blanks. */
const isBlank = (c: number) => c === 32 || c === 9 || c === 11 || c === 12

/** A lexer over one text: `next()` moves to the following token and describes it in its fields. */
export class Lexer {
  /** The current token. */
  token = EOS
  /** Where it starts: offset, line (1-based) and column (0-based, UTF-16 code units). */
  start = 0
  line = 1
  column = 0
  /** Its text, for a NAME. */
  name = ''
  /** A string or long bracket ran to the end of the text unclosed (so the text is no whole chunk). */
  unfinished = false

  private pos: number
  private lineNumber = 1
  private lineStart = 0
  /**
   * The text with line feeds after its end, where every scan stops: no read past the end (a NaN
   * character code would make every comparison a floating-point one).
   */
  private readonly text: string
  private readonly length: number

  /** Reads `text` from `from` (past a shebang Redis strips), counting lines from 1. */
  constructor(text: string, from = 0) {
    this.text = `${text}\n\n\n`
    this.length = text.length
    this.pos = from
  }

  /** The offset where the current token ends. */
  get end(): number {
    return this.pos
  }

  next(): number {
    this.token = this.lex()
    return this.token
  }

  /** Moves to `offset`, the start or the end of the 1-based line `line`; `next()` then reads from there. */
  seek(offset: number, line: number): void {
    this.pos = offset
    this.lineNumber = line
    this.lineStart = offset
  }

  /** The token after the current one, without moving on (Lua looks one ahead in a table constructor). */
  peek(): number {
    const { start, line, column, name, pos, lineNumber, lineStart } = this
    const ahead = this.lex()
    this.start = start
    this.line = line
    this.column = column
    this.name = name
    this.pos = pos
    this.lineNumber = lineNumber
    this.lineStart = lineStart
    return ahead
  }

  private lex(): number {
    const text = this.text
    for (;;) {
      // Blanks and line breaks, with the position in a local: most characters of a script are these.
      let pos = this.pos
      let c = text.charCodeAt(pos)
      while (pos < this.length && (isBlank(c) || isNewline(c))) {
        if (isNewline(c)) {
          this.pos = pos
          this.newline()
          pos = this.pos
        } else pos++
        c = text.charCodeAt(pos)
      }
      this.pos = pos
      if (pos >= this.length) {
        this.start = this.length
        this.line = this.lineNumber
        this.column = this.length - this.lineStart
        return EOS
      }
      this.start = pos
      this.line = this.lineNumber
      this.column = pos - this.lineStart
      if (isNameStart(c)) {
        let end = pos + 1
        while (isNamePart(text.charCodeAt(end))) end++
        this.pos = end
        const keyword = keywordAt(text, pos, end - pos, c)
        if (keyword !== NAME) return keyword
        this.name = text.slice(pos, end)
        return NAME
      }
      const d = text.charCodeAt(this.pos + 1)
      if (isDigit(c) || (c === 46 && isDigit(d))) return this.numeral()
      switch (c) {
        case 45: // -
          if (d !== 45) return this.single(MINUS)
          this.comment()
          continue
        case 91: {
          // [
          const level = this.longBracket()
          if (level < 0) return this.single(LBRACKET)
          this.longString(level)
          return STRING
        }
        case 34:
        case 39: // " '
          this.shortString(c)
          return STRING
        case 46: // .
          if (d !== 46) return this.single(DOT)
          if (text.charCodeAt(this.pos + 2) === 46) return this.skip(3, DOTS)
          return this.skip(2, CONCAT)
        case 61:
          return d === 61 ? this.skip(2, EQ) : this.single(ASSIGN)
        case 60:
          return d === 61 ? this.skip(2, LE) : this.single(LT)
        case 62:
          return d === 61 ? this.skip(2, GE) : this.single(GT)
        case 126: // ~
          return d === 61 ? this.skip(2, NE) : this.single(OTHER)
        case 43:
          return this.single(PLUS)
        case 42:
          return this.single(STAR)
        case 47:
          return this.single(SLASH)
        case 37:
          return this.single(PERCENT)
        case 94:
          return this.single(CARET)
        case 35:
          return this.single(HASH)
        case 40:
          return this.single(LPAREN)
        case 41:
          return this.single(RPAREN)
        case 123:
          return this.single(LBRACE)
        case 125:
          return this.single(RBRACE)
        case 93:
          return this.single(RBRACKET)
        case 59:
          return this.single(SEMI)
        case 58:
          return this.single(COLON)
        case 44:
          return this.single(COMMA)
        default:
          return this.single(OTHER)
      }
    }
  }

  private single(token: number): number {
    this.pos++
    return token
  }

  private skip(length: number, token: number): number {
    this.pos += length
    return token
  }

  /** Skips a line break: `\n`, `\r`, and `\r\n` or `\n\r` as one, as Lua counts lines. */
  private newline(): void {
    const c = this.text.charCodeAt(this.pos++)
    const d = this.text.charCodeAt(this.pos)
    if (isNewline(d) && d !== c) this.pos++
    this.lineNumber++
    this.lineStart = this.pos
  }

  /**
   * Digits and dots, an exponent mark and its sign, then letters, digits and `_`. Lua looks for the
   * exponent mark with `strchr("Ee", c)`, which also matches a NUL byte: that is read as part of the
   * numeral too.
   */
  private numeral(): number {
    const text = this.text
    let c = text.charCodeAt(this.pos)
    while (isDigit(c) || c === 46) c = text.charCodeAt(++this.pos)
    if (c === 69 || c === 101 || c === 0) {
      c = text.charCodeAt(++this.pos)
      if (c === 43 || c === 45 || c === 0) c = text.charCodeAt(++this.pos)
    }
    while (isNamePart(c)) c = text.charCodeAt(++this.pos)
    return NUMBER
  }

  /** At `[`: the level of a long bracket `[==[` opening here, or -1. */
  private longBracket(): number {
    let i = this.pos + 1
    while (this.text.charCodeAt(i) === 61) i++
    return this.text.charCodeAt(i) === 91 ? i - this.pos - 1 : -1
  }

  /** A long string or comment from its `[=*[` to its closing bracket (or the end of the text). */
  private longString(level: number): void {
    const text = this.text
    this.pos += level + 2
    const close = `]${'='.repeat(level)}]`
    let end = text.indexOf(close, this.pos)
    if (end < 0 || end >= this.length) {
      end = this.length
      this.unfinished = true
    }
    while (this.pos < end) {
      if (isNewline(text.charCodeAt(this.pos))) this.newline()
      else this.pos++
    }
    this.pos = Math.min(end + close.length, this.length)
  }

  private comment(): void {
    this.pos += 2
    if (this.text.charCodeAt(this.pos) === 91) {
      const level = this.longBracket()
      if (level >= 0) return this.longString(level)
    }
    while (!isNewline(this.text.charCodeAt(this.pos))) this.pos++
  }

  /** A quoted string; a backslash escapes the next character, a line break included. Unfinished: to the line's end. */
  private shortString(quote: number): void {
    const text = this.text
    this.pos++
    for (;;) {
      const c = text.charCodeAt(this.pos)
      if (c === quote) {
        this.pos++
        return
      }
      if (isNewline(c)) {
        this.unfinished = true
        return
      }
      if (c === 92 && isNewline(text.charCodeAt(this.pos + 1))) {
        this.pos++
        this.newline()
      } else this.pos += c === 92 ? 2 : 1
    }
  }
}

keepShape(new Lexer('local x = 1'))
