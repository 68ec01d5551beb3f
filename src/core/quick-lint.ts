import type { LintInput } from './lint.js'
import { SCRIPT_PARAMETERS } from './redis-globals.js'

/**
 * The fast path of the lint: true when the script certainly has no finding, so that the precise pass
 * can be skipped. Most scripts in a build are clean, and the precise pass is slow: luaparse builds a
 * tree with positions (several objects per node) and resolves scopes by scanning arrays of names, and
 * the limit and level checks walk that tree twice more. A clean script is read here once, by a lexer
 * and recursive-descent recognizer that follow Lua 5.1's own (llex.c, lparser.c), build no tree and keep
 * scopes in a Map: about twice as fast as luaparse alone.
 *
 * It must never call clean a script in which lint() would report anything. It accepts only Lua that
 * both Lua 5.1 and luaparse accept, and anything unusual (an unexpected character, an unclosed string,
 * a nested `[[` in a long string, a call whose `(` starts a new line, ...) throws Unclear: the precise
 * pass then decides. What it checks, each at least as strictly as lint() does:
 * - syntax: Lua 5.1's grammar, which luaparse accepts too (luaparse also accepts a little more);
 * - numerals: the whole run Lua 5.1 reads must be a numeral (lua-numeral.ts);
 * - lists starting with a comma (parser-gaps.ts): the grammar has no such list;
 * - Lua 5.1's limits (lua-limits.ts): active locals, registers of calls and returns, upvalues, with
 *   that walk's counting;
 * - syntax levels (lua-levels.ts): counted as Lua counts them, in every chunk and subexpression;
 * - globals written or read, unused declarations, raw KEYS/ARGV (lint.ts): names resolved with
 *   luaparse's scoping (a `local`'s names are in scope after the statement, a `local function`'s
 *   before its body). A `for` whose bounds or iterators read one of its own loop variables, where
 *   luaparse's scoping and Lua's differ, is Unclear.
 */
export function certainlyClean(input: LintInput): boolean {
  const reader = new Reader(input)
  try {
    reader.script()
  } catch (error) {
    // Unclear, or recursion deep enough to overflow: for the precise pass to report.
    if (error instanceof Unclear || error instanceof RangeError) return false
    throw error
  }
  return input.declarations.every(d => reader.usedElsewhere(d.name))
}

const MAX_LOCALS = 200
const MAX_UPVALUES = 60
const MAX_REGISTERS = 250
const MAX_LEVELS = 200

/** Thrown where the script is not certainly clean. */
class Unclear {}
const UNCLEAR = new Unclear()

// Tokens. Keywords and single-character operators have their own codes.
const EOS: number = 0
const NAME: number = 1
const NUMBER: number = 2
const STRING: number = 3
const DOTS: number = 4
const CONCAT: number = 5
const DOT: number = 6
const EQ: number = 7
const ASSIGN: number = 8
const LE: number = 9
const GE: number = 10
const LT: number = 11
const GT: number = 12
const NE: number = 13
const PLUS: number = 14
const MINUS: number = 15
const STAR: number = 16
const SLASH: number = 17
const PERCENT: number = 18
const CARET: number = 19
const HASH: number = 20
const LPAREN: number = 21
const RPAREN: number = 22
const LBRACE: number = 23
const RBRACE: number = 24
const LBRACKET: number = 25
const RBRACKET: number = 26
const SEMI: number = 27
const COLON: number = 28
const COMMA: number = 29
const AND: number = 30
const BREAK: number = 31
const DO: number = 32
const ELSE: number = 33
const ELSEIF: number = 34
const END: number = 35
const FALSE: number = 36
const FOR: number = 37
const FUNCTION: number = 38
const IF: number = 39
const IN: number = 40
const LOCAL: number = 41
const NIL: number = 42
const NOT: number = 43
const OR: number = 44
const REPEAT: number = 45
const RETURN: number = 46
const THEN: number = 47
const TRUE: number = 48
const UNTIL: number = 49
const WHILE: number = 50

const KEYWORDS: [string, number][] = [
  ['and', AND],
  ['break', BREAK],
  ['do', DO],
  ['else', ELSE],
  ['elseif', ELSEIF],
  ['end', END],
  ['false', FALSE],
  ['for', FOR],
  ['function', FUNCTION],
  ['if', IF],
  ['in', IN],
  ['local', LOCAL],
  ['nil', NIL],
  ['not', NOT],
  ['or', OR],
  ['repeat', REPEAT],
  ['return', RETURN],
  ['then', THEN],
  ['true', TRUE],
  ['until', UNTIL],
  ['while', WHILE],
]

/** Lua 5.1's binary operator priorities (lparser.c): [left, right]. */
const PRIORITY: Record<number, [number, number]> = {
  [PLUS]: [6, 6],
  [MINUS]: [6, 6],
  [STAR]: [7, 7],
  [SLASH]: [7, 7],
  [PERCENT]: [7, 7],
  [CARET]: [10, 9],
  [CONCAT]: [5, 4],
  [EQ]: [3, 3],
  [NE]: [3, 3],
  [LT]: [3, 3],
  [LE]: [3, 3],
  [GT]: [3, 3],
  [GE]: [3, 3],
  [AND]: [2, 2],
  [OR]: [1, 1],
}
const UNARY_PRIORITY = 8

const DECIMAL_RE = /^(?:\d+\.?\d*|\.\d+)(?:[Ee][+-]?\d+)?$/
const HEX_RE = /^0[Xx][\dA-Fa-f]+(?:[Pp]\d+)?$/

const isDigit = (c: number) => c >= 48 && c <= 57
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95
const isNamePart = (c: number) => isNameStart(c) || isDigit(c)
const isNewline = (c: number) => c === 10 || c === 13
/** Space, tab, vertical tab, form feed: the blanks Lua and luaparse skip besides line breaks. */
const isSpace = (c: number) => c === 32 || c === 9 || c === 11 || c === 12

/** What the reader knows about one name (or keyword); looked up once per name token. */
interface Name {
  text: string
  /** A keyword's token, else NAME. */
  token: number
  /** luaparse's scoping, for the lint rules: the function depth of each declaration in scope, innermost last. */
  depths: number[]
  /** For a declared key or arg, the rendered line that declares it; else 0. */
  outputLine: number
  /** An identifier luaparse marks `isLocal: true` has this name on another line than `outputLine`. */
  usedElsewhere: boolean
  /** Redis provides it as a global. */
  allowed: boolean
  /** KEYS or ARGV. */
  parameter: boolean
  /** Set while the bounds or iterators of a `for` declaring this name are read. */
  guarded: number
}

/** A function being read: its active locals as Lua counts them, its loops, the outer names it uses. */
interface Fn {
  depth: number
  active: number
  loops: number
  vararg: boolean
  /** Created at the first one. */
  upvalues: Set<Name> | null
}

/** What a suffixed expression ends with: a plain name, a field or index, a call, or a parenthesis. */
const SUFFIX_NAME = 0
const SUFFIX_INDEX = 1
const SUFFIX_CALL = 2
const SUFFIX_PAREN = 3

class Reader {
  private readonly names = new Map<string, Name>()
  /** The declarations in scope, innermost last, and where each open scope's own start. */
  private readonly inScope: Name[] = []
  private readonly marks: number[] = []
  private fn: Fn = { depth: 0, active: 0, loops: 0, vararg: true, upvalues: null }
  private readonly fns: Fn[] = [this.fn]
  private level = 0
  private nameLine = 0
  /** What the last suffixed expression started with, for an assignment to it. */
  private base: Name | null = null
  private baseLocal = false
  private called = false

  // The lexer's state: the current token, and one token of lookahead when asked for.
  private pos = 0
  private line = 1
  private token = EOS
  private tokenName: Name | null = null
  private tokenLine = 1
  /** The lines the previous token ended on (Lua's `lastline`) and started on (luaparse's). */
  private lastLine = 1
  private previousLine = 1
  private ahead = -1
  private aheadName: Name | null = null
  private aheadLine = 1
  private aheadEndLine = 1
  private aheadPos = 0

  private readonly lua: string
  private readonly allowed: ReadonlySet<string>
  /** The rendered lines of the declarations, where KEYS and ARGV are read as they should be. */
  private readonly generated: ReadonlySet<number>
  private readonly declared: ReadonlyMap<string, number>

  constructor(input: LintInput) {
    const lua = input.lua
    this.lua = lua
    this.allowed = input.allowedGlobals
    this.generated = new Set(input.declarations.map(d => d.outputLine))
    this.declared = new Map(input.declarations.map(d => [d.name, d.outputLine]))
    for (const [text, token] of KEYWORDS) this.names.set(text, this.newName(text, token))
    // luaparse skips a first line starting with `#!`, and Redis strips it before Lua reads the script.
    // luaparse's line is what a regex `.` matches: U+2028 and U+2029 end it too (and then fail).
    if (lua.startsWith('#!')) {
      let c = lua.charCodeAt(0)
      while (this.pos < lua.length && !isNewline(c) && c !== 0x2028 && c !== 0x2029) c = lua.charCodeAt(++this.pos)
    }
  }

  usedElsewhere(text: string): boolean {
    return this.names.get(text)?.usedElsewhere ?? false
  }

  script(): void {
    this.next()
    this.open()
    this.chunk()
    this.close()
    if (this.token !== EOS) throw UNCLEAR
  }

  // ---------------------------------------------------------------------------------------------
  // Lexer (llex.c)

  private newName(text: string, token: number): Name {
    return {
      text,
      token,
      depths: [],
      outputLine: this.declared.get(text) ?? 0,
      usedElsewhere: false,
      allowed: this.allowed.has(text),
      parameter: SCRIPT_PARAMETERS.has(text),
      guarded: 0,
    }
  }

  private next(): void {
    this.lastLine = this.line
    this.previousLine = this.tokenLine
    if (this.ahead >= 0) {
      this.token = this.ahead
      this.tokenName = this.aheadName
      this.tokenLine = this.aheadLine
      this.line = this.aheadEndLine
      this.pos = this.aheadPos
      this.ahead = -1
      return
    }
    this.token = this.lex()
  }

  /** The token after the current one, read without moving on. */
  private peek(): number {
    if (this.ahead < 0) {
      const { pos, line, tokenName, tokenLine } = this
      this.ahead = this.lex()
      this.aheadName = this.tokenName
      this.aheadLine = this.tokenLine
      this.aheadEndLine = this.line
      this.aheadPos = this.pos
      this.pos = pos
      this.line = line
      this.tokenName = tokenName
      this.tokenLine = tokenLine
    }
    return this.ahead
  }

  /** Reads the next token from `pos`: sets `tokenName` and `tokenLine`, returns the token. */
  private lex(): number {
    const lua = this.lua
    const length = lua.length
    for (;;) {
      if (this.pos >= length) {
        this.tokenLine = this.line
        return EOS
      }
      const c = lua.charCodeAt(this.pos)
      if (isNewline(c)) {
        this.newline()
        continue
      }
      if (isSpace(c)) {
        this.pos++
        continue
      }
      this.tokenLine = this.line
      if (isNameStart(c)) {
        const start = this.pos
        let end = start + 1
        while (isNamePart(lua.charCodeAt(end))) end++
        this.pos = end
        const text = lua.slice(start, end)
        let name = this.names.get(text)
        if (!name) this.names.set(text, (name = this.newName(text, NAME)))
        this.tokenName = name
        return name.token
      }
      const d = lua.charCodeAt(this.pos + 1)
      if (isDigit(c) || (c === 46 && isDigit(d))) return this.numeral()
      switch (c) {
        case 45: // -
          if (d !== 45) return this.single(MINUS)
          this.comment()
          continue
        case 91: {
          // [
          const level = this.longBracket()
          if (level >= 0) {
            this.longString(level)
            return STRING
          }
          if (level !== -1) throw UNCLEAR
          return this.single(LBRACKET)
        }
        case 34:
        case 39: // " '
          this.shortString(c)
          return STRING
        case 46: // .
          if (d !== 46) return this.single(DOT)
          if (lua.charCodeAt(this.pos + 2) === 46) {
            this.pos += 3
            return DOTS
          }
          this.pos += 2
          return CONCAT
        case 61:
          return d === 61 ? this.double(EQ) : this.single(ASSIGN)
        case 60:
          return d === 61 ? this.double(LE) : this.single(LT)
        case 62:
          return d === 61 ? this.double(GE) : this.single(GT)
        case 126: // ~
          if (d === 61) return this.double(NE)
          throw UNCLEAR
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
          throw UNCLEAR
      }
    }
  }

  private single(token: number): number {
    this.pos++
    return token
  }

  private double(token: number): number {
    this.pos += 2
    return token
  }

  /** Skips a line break: `\n`, `\r`, `\r\n` or `\n\r`, one line for Lua. */
  private newline(): void {
    const c = this.lua.charCodeAt(this.pos++)
    const d = this.lua.charCodeAt(this.pos)
    if (isNewline(d) && d !== c) this.pos++
    this.line++
  }

  /** A numeral as Lua 5.1 reads it (digits and dots, an exponent sign, then letters, digits, `_`); it must convert. */
  private numeral(): number {
    const lua = this.lua
    const start = this.pos
    let end = start
    let c = lua.charCodeAt(end)
    let plain = true
    while (isDigit(c) || c === 46) {
      if (c === 46) plain = false
      c = lua.charCodeAt(++end)
    }
    if (c === 69 || c === 101) {
      plain = false
      c = lua.charCodeAt(++end)
      if (c === 43 || c === 45) c = lua.charCodeAt(++end)
    }
    while (isNamePart(c)) {
      plain = false
      c = lua.charCodeAt(++end)
    }
    this.pos = end
    if (!plain) {
      const text = lua.slice(start, end)
      // luaparse goes on reading a hex numeral at a dot (`0x1.8`, `0x11..2`), where Lua stops.
      if (DECIMAL_RE.test(text)) return NUMBER
      if (!HEX_RE.test(text) || c === 46) throw UNCLEAR
    }
    return NUMBER
  }

  /** At `[`: the level of a long bracket `[==[` opening here, -1 for a plain `[`, below -1 for `[=` alone. */
  private longBracket(): number {
    let i = this.pos + 1
    while (this.lua.charCodeAt(i) === 61) i++
    const level = i - this.pos - 1
    if (this.lua.charCodeAt(i) === 91) return level
    return -level - 1
  }

  /** A long string or comment from its `[=*[`; a `[[` inside a level-0 one is an error in Lua 5.1. */
  private longString(level: number): void {
    const lua = this.lua
    this.pos += level + 2
    const close = `]${'='.repeat(level)}]`
    const end = lua.indexOf(close, this.pos)
    if (end < 0) throw UNCLEAR
    if (level === 0) {
      const nested = lua.indexOf('[[', this.pos)
      if (nested >= 0 && nested < end) throw UNCLEAR
    }
    while (this.pos < end) {
      if (isNewline(lua.charCodeAt(this.pos))) this.newline()
      else this.pos++
    }
    this.pos = end + close.length
  }

  private comment(): void {
    this.pos += 2
    if (this.lua.charCodeAt(this.pos) === 91) {
      const level = this.longBracket()
      if (level >= 0) return this.longString(level)
    }
    while (this.pos < this.lua.length && !isNewline(this.lua.charCodeAt(this.pos))) this.pos++
  }

  /** A quoted string; escapes as Lua 5.1 and luaparse read them (`\ddd` at most 255). */
  private shortString(quote: number): void {
    const lua = this.lua
    let i = this.pos + 1
    for (;;) {
      const c = lua.charCodeAt(i)
      if (c === quote) break
      if (Number.isNaN(c) || isNewline(c)) throw UNCLEAR
      if (c !== 92) {
        i++
        continue
      }
      const e = lua.charCodeAt(i + 1)
      if (isDigit(e)) {
        let j = i + 1
        while (j < i + 4 && isDigit(lua.charCodeAt(j))) j++
        if (Number(lua.slice(i + 1, j)) > 255) throw UNCLEAR
        i = j
      }
      // A backslash before a line break continues the string on the next line.
      else if (isNewline(e)) {
        this.pos = i + 1
        this.newline()
        i = this.pos
      } else if (Number.isNaN(e)) throw UNCLEAR
      else i += 2
    }
    this.pos = i + 1
  }

  // ---------------------------------------------------------------------------------------------
  // Parser (lparser.c), with scopes, limits and levels

  private check(token: number): void {
    if (this.token !== token) throw UNCLEAR
    this.next()
  }

  private test(token: number): boolean {
    if (this.token !== token) return false
    this.next()
    return true
  }

  /** Reads a name; `nameLine` is the line it is on. */
  private name(): Name {
    if (this.token !== NAME) throw UNCLEAR
    const name = this.tokenName!
    this.nameLine = this.tokenLine
    this.next()
    return name
  }

  private enter(): void {
    if (++this.level > MAX_LEVELS) throw UNCLEAR
  }

  private open(): void {
    this.marks.push(this.inScope.length)
  }

  /** Ends a scope: its names leave it. Active locals are restored by the caller. */
  private close(): void {
    const mark = this.marks.pop()!
    while (this.inScope.length > mark) this.inScope.pop()!.depths.pop()
  }

  /** Brings a name into luaparse's scope; the identifier declaring it is on `line` (-1: none, a method's `self`). */
  private declare(name: Name, line: number): void {
    this.inScope.push(name)
    name.depths.push(this.fn.depth)
    if (line >= 0) this.local(name, line)
  }

  /** Lua's count of a function's active locals; past the limit Redis refuses the script. */
  private activate(count: number): void {
    this.fn.active += count
    if (this.fn.active > MAX_LOCALS) throw UNCLEAR
  }

  /** An identifier luaparse marks `isLocal: true`, on `line`. */
  private local(name: Name, line: number): void {
    if (name.outputLine && line !== name.outputLine) name.usedElsewhere = true
    if (name.parameter) throw UNCLEAR
  }

  /**
   * An identifier luaparse resolves in the scope: a read, or the base of a write or of a call. True
   * when it is a local; one of an enclosing function is an upvalue of every function in between.
   */
  private reference(name: Name, line: number): boolean {
    if (name.guarded) throw UNCLEAR
    const depths = name.depths
    if (!depths.length) {
      // KEYS or ARGV read anywhere but on a declaration's line is raw use; any other global must be Redis's.
      if (name.parameter ? this.generated.size > 0 && !this.generated.has(line) : !name.allowed) throw UNCLEAR
      return false
    }
    this.local(name, line)
    for (let d = this.fn.depth; d > depths[depths.length - 1]; d--) {
      const fn = this.fns[d]
      const upvalues = (fn.upvalues ??= new Set())
      upvalues.add(name)
      if (upvalues.size > MAX_UPVALUES) throw UNCLEAR
    }
    return true
  }

  private registers(count: number): void {
    if (this.fn.active + count >= MAX_REGISTERS) throw UNCLEAR
  }

  private blockFollows(): boolean {
    const t = this.token
    return t === EOS || t === END || t === ELSE || t === ELSEIF || t === UNTIL
  }

  /**
   * Statements until a block ends; `return` and `break` end it. Each may be followed by a `;`, except
   * `break`: Lua 5.1 takes `break;`, luaparse does not.
   */
  private chunk(): void {
    this.enter()
    let last = false
    while (!last && !this.blockFollows()) {
      const token = this.token
      last = this.statement()
      if (token !== BREAK) this.test(SEMI)
    }
    this.level--
  }

  /** A block in its own scope: its locals go out of scope, and stop counting, at its end. */
  private block(): void {
    const active = this.fn.active
    this.open()
    this.chunk()
    this.close()
    this.fn.active = active
  }

  /** Returns true for a statement that must end its block. */
  private statement(): boolean {
    switch (this.token) {
      case IF:
        this.ifStatement()
        return false
      case WHILE: {
        this.next()
        this.expression()
        this.check(DO)
        this.loopBody()
        this.check(END)
        return false
      }
      case DO:
        this.next()
        this.block()
        this.check(END)
        return false
      case FOR:
        this.forStatement()
        return false
      case REPEAT: {
        this.next()
        const active = this.fn.active
        this.fn.loops++
        this.open()
        this.chunk()
        this.check(UNTIL)
        this.expression()
        this.close()
        this.fn.loops--
        this.fn.active = active
        return false
      }
      case FUNCTION:
        this.functionStatement()
        return false
      case LOCAL:
        this.next()
        if (this.test(FUNCTION)) {
          const name = this.name()
          if (this.fn.active + 1 > MAX_LOCALS) throw UNCLEAR
          this.declare(name, this.nameLine)
          this.activate(1)
          this.body(false)
        } else this.localStatement()
        return false
      case RETURN: {
        this.next()
        if (!this.blockFollows() && this.token !== SEMI) {
          const count = this.expressionList()
          if (count > 1) this.registers(count)
        }
        return true
      }
      case BREAK:
        this.next()
        if (!this.fn.loops) throw UNCLEAR
        return true
      default:
        this.expressionStatement()
        return false
    }
  }

  private ifStatement(): void {
    do {
      this.next()
      this.expression()
      this.check(THEN)
      this.block()
    } while (this.token === ELSEIF)
    if (this.test(ELSE)) this.block()
    this.check(END)
  }

  private loopBody(): void {
    this.fn.loops++
    this.block()
    this.fn.loops--
  }

  /**
   * A `for`: luaparse scopes the loop variables before the bounds or iterators, Lua after them (three
   * hidden control variables come first, in lua-limits.ts's count); a bound reading a loop variable is
   * Unclear.
   */
  private forStatement(): void {
    this.next()
    const active = this.fn.active
    this.open()
    const variables: Name[] = []
    const variable = () => {
      const name = this.name()
      this.declare(name, this.nameLine)
      name.guarded++
      variables.push(name)
    }
    variable()
    if (this.token === ASSIGN) {
      this.next()
      this.expression()
      this.check(COMMA)
      this.expression()
      if (this.test(COMMA)) this.expression()
    } else {
      while (this.test(COMMA)) variable()
      this.check(IN)
      this.expressionList()
    }
    for (const variable of variables) variable.guarded--
    if (active + 3 + variables.length > MAX_LOCALS) throw UNCLEAR
    this.activate(3 + variables.length)
    this.check(DO)
    this.loopBody()
    this.check(END)
    this.close()
    this.fn.active = active
  }

  /** `function a.b.c:m() ... end`: a global `a` is a write luaparse's lint reports. */
  private functionStatement(): void {
    this.next()
    const base = this.name()
    const line = this.nameLine
    let method = false
    let dotted = false
    while (this.token === DOT || this.token === COLON) {
      method = this.token === COLON
      dotted = true
      this.next()
      this.name()
      if (method) break
    }
    if (!this.reference(base, line) && (!dotted || !base.parameter)) throw UNCLEAR
    this.body(method)
  }

  private localStatement(): void {
    const names = [this.name()]
    const lines = [this.nameLine]
    while (this.test(COMMA)) {
      names.push(this.name())
      lines.push(this.nameLine)
    }
    if (this.fn.active + names.length > MAX_LOCALS) throw UNCLEAR
    if (this.test(ASSIGN)) this.expressionList()
    names.forEach((name, i) => this.declare(name, lines[i]))
    this.activate(names.length)
  }

  /**
   * A call, or an assignment to names and fields (luaparse's parseAssignmentOrCallStatement). A write
   * to a global name, or into a table reached from a global name by fields and indexes only, is a
   * finding; a target behind parentheses, `(a).b = 1`, is Unclear.
   */
  private expressionStatement(): void {
    let kind = this.suffixedExpression()
    if (kind === SUFFIX_CALL && this.token !== ASSIGN && this.token !== COMMA) return
    for (;;) {
      if (
        kind === SUFFIX_NAME
          ? !this.baseLocal
          : kind !== SUFFIX_INDEX || !this.base || (!this.called && !this.baseLocal && !this.base.parameter)
      )
        throw UNCLEAR
      if (!this.test(COMMA)) break
      kind = this.suffixedExpression()
    }
    this.check(ASSIGN)
    this.expressionList()
  }

  /** `(params) body end`, a function one level deeper. */
  private body(method: boolean): void {
    const outer = this.fn
    this.fn = { depth: outer.depth + 1, active: 0, loops: 0, vararg: false, upvalues: null }
    this.fns.push(this.fn)
    this.open()
    if (method) this.declare(this.names.get('self') ?? this.newSelf(), -1)
    let count = method ? 1 : 0
    this.check(LPAREN)
    if (this.token !== RPAREN) {
      do {
        if (this.token === DOTS) {
          this.next()
          this.fn.vararg = true
        } else this.declare(this.name(), this.nameLine)
        count++
      } while (!this.fn.vararg && this.test(COMMA))
    }
    this.check(RPAREN)
    // A vararg is the local `arg` to Lua 5.1, and counts as one.
    this.activate(count)
    this.chunk()
    this.check(END)
    this.close()
    this.fns.pop()
    this.fn = outer
  }

  private newSelf(): Name {
    const name = this.newName('self', NAME)
    this.names.set('self', name)
    return name
  }

  private expressionList(): number {
    let count = 1
    this.expression()
    while (this.test(COMMA)) {
      this.expression()
      count++
    }
    return count
  }

  private expression(): void {
    this.subexpression(0)
  }

  /** Lua 5.1's subexpr: one syntax level, unary operators, then binary ones above `limit`. */
  private subexpression(limit: number): void {
    this.enter()
    const t = this.token
    if (t === NOT || t === MINUS || t === HASH) {
      this.next()
      this.subexpression(UNARY_PRIORITY)
    } else this.simpleExpression()
    for (let priority = PRIORITY[this.token]; priority && priority[0] > limit; priority = PRIORITY[this.token]) {
      this.next()
      this.subexpression(priority[1])
    }
    this.level--
  }

  private simpleExpression(): void {
    switch (this.token) {
      case NUMBER:
      case STRING:
      case NIL:
      case TRUE:
      case FALSE:
        this.next()
        return
      case DOTS:
        if (!this.fn.vararg) throw UNCLEAR
        this.next()
        return
      case LBRACE:
        return this.table()
      case FUNCTION:
        this.next()
        return this.body(false)
      default:
        this.suffixedExpression()
    }
  }

  /**
   * A name or a parenthesised expression, then fields, indexes and calls (Lua 5.1's primaryexp). Returns
   * what its last part is; `base` (the name it starts with, null after a parenthesis), `baseLocal` and
   * `called` (a call somewhere in it) describe it for an assignment.
   */
  private suffixedExpression(): number {
    let kind: number
    let base: Name | null = null
    let baseLocal = false
    if (this.token === NAME) {
      base = this.name()
      baseLocal = this.reference(base, this.nameLine)
      kind = SUFFIX_NAME
    } else if (this.token === LPAREN) {
      this.next()
      this.expression()
      this.check(RPAREN)
      kind = SUFFIX_PAREN
    } else throw UNCLEAR
    let called = false
    for (;;) {
      const t = this.token
      if (t === DOT) {
        this.next()
        this.name()
        kind = SUFFIX_INDEX
      } else if (t === LBRACKET) {
        this.next()
        this.expression()
        this.check(RBRACKET)
        kind = SUFFIX_INDEX
      } else if (t === COLON) {
        this.next()
        this.name()
        this.callArguments(true)
        kind = SUFFIX_CALL
        called = true
      } else if (t === LPAREN || t === STRING || t === LBRACE) {
        this.callArguments(false)
        kind = SUFFIX_CALL
        called = true
      } else break
    }
    this.base = base
    this.baseLocal = baseLocal
    this.called = called
    return kind
  }

  /**
   * funcargs: `(explist)`, a table or a string. Lua 5.1 refuses a `(` on another line than the end of
   * the token before it, luaparse one on another line than that token's start.
   */
  private callArguments(method: boolean): void {
    if (this.token === STRING) return this.next()
    if (this.token === LBRACE) return this.table()
    if (this.token !== LPAREN || this.tokenLine !== this.lastLine || this.tokenLine !== this.previousLine) throw UNCLEAR
    this.next()
    let count = 0
    if (this.token !== RPAREN) count = this.expressionList()
    this.registers((method ? 2 : 1) + count)
    this.check(RPAREN)
  }

  private table(): void {
    this.check(LBRACE)
    while (this.token !== RBRACE) {
      if (this.token === NAME && this.peek() === ASSIGN) {
        this.next()
        this.next()
        this.expression()
      } else if (this.token === LBRACKET) {
        this.next()
        this.expression()
        this.check(RBRACKET)
        this.check(ASSIGN)
        this.expression()
      } else this.expression()
      if (!this.test(COMMA) && !this.test(SEMI)) break
    }
    this.check(RBRACE)
  }
}
