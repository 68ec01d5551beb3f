import {
  AND,
  ASSIGN,
  BREAK,
  CARET,
  COLON,
  COMMA,
  CONCAT,
  DO,
  DOT,
  DOTS,
  ELSE,
  ELSEIF,
  END,
  EOS,
  EQ,
  FALSE,
  FOR,
  FUNCTION,
  GE,
  GT,
  HASH,
  IF,
  LBRACE,
  LBRACKET,
  LE,
  Lexer,
  LOCAL,
  LPAREN,
  LT,
  MINUS,
  NAME,
  NE,
  NIL,
  NOT,
  NUMBER,
  OR,
  PERCENT,
  PLUS,
  RBRACE,
  REPEAT,
  RETURN,
  RPAREN,
  SEMI,
  SLASH,
  STAR,
  STRING,
  TRUE,
  UNTIL,
  WHILE,
} from './lua-lexer.js'

/** A name where the script uses it. */
export interface NameUse {
  name: string
  line: number
  column: number
}

/** A write the lint reports: to a global name, a global `function`, or into a table reached from a global. */
export interface GlobalWrite extends NameUse {
  kind: 'assignment' | 'function' | 'table'
}

/** What one pass over an accepted script finds for the lint rules. */
export interface Uses {
  /** Every use of a name that is no local in scope there (reads, bases of writes, writes), in order. */
  globals: NameUse[]
  writes: GlobalWrite[]
  /** The locals declared on `lines` (the declarations' rendered lines) that something else uses. */
  used: Set<string>
}

/** A local in scope. */
interface Local {
  name: string
  /** The rendered line of the `local` statement, for a declaration's local; else 0. */
  declaredOn: number
}

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

/** What a suffixed expression is, for an assignment to it. */
interface Suffixed {
  /** A plain name, a field or index, a call, or a parenthesised expression. */
  kind: 'name' | 'index' | 'call' | 'paren'
  /** The name it starts with (also inside parentheses, `(t).x`), when no call comes between. */
  base: NameUse | null
  /** That name is a local. */
  local: boolean
}

/**
 * Reads a script Lua 5.1 has compiled and resolves every name with Lua's scoping: a `local`'s names
 * are in scope after its statement, a `local function`'s in its own body, a `for`'s in its body only,
 * a `repeat` block's in its `until` condition, a method's `self` and a vararg function's `arg` in the
 * function. Declaration lines are the rendered lines of `%key`/`%arg` locals.
 */
export function findUses(text: string, from: number, declarationLines: ReadonlyMap<string, number>): Uses {
  const pass = new Pass(text, from, declarationLines)
  pass.script()
  return pass.uses
}

class Pass {
  readonly uses: Uses = { globals: [], writes: [], used: new Set() }
  private readonly lexer: Lexer
  /** The locals in scope by name, innermost last. */
  private readonly scope = new Map<string, Local[]>()
  /** The names declared in each open block, innermost last. */
  private readonly blocks: string[][] = []
  private token = EOS

  constructor(
    text: string,
    from: number,
    private readonly declarationLines: ReadonlyMap<string, number>,
  ) {
    this.lexer = new Lexer(text, from)
  }

  script(): void {
    this.next()
    this.open()
    this.chunk()
    this.close()
  }

  private next(): void {
    this.token = this.lexer.next()
  }

  private test(token: number): boolean {
    if (this.token !== token) return false
    this.next()
    return true
  }

  /** A NAME's text and place, then the next token. */
  private name(): NameUse {
    const { name, line, column } = this.lexer
    this.next()
    return { name, line, column }
  }

  private open(): void {
    this.blocks.push([])
  }

  private close(): void {
    for (const name of this.blocks.pop()!) this.scope.get(name)!.pop()
  }

  private declare(use: NameUse): void {
    const declaredOn = this.declarationLines.get(use.name) === use.line ? use.line : 0
    let locals = this.scope.get(use.name)
    if (!locals) this.scope.set(use.name, (locals = []))
    locals.push({ name: use.name, declaredOn })
    this.blocks.at(-1)!.push(use.name)
  }

  /** A use of a name: true for a local (marked used when it is a declaration's), else a global use. */
  private resolve(use: NameUse): boolean {
    const local = this.scope.get(use.name)?.at(-1)
    if (!local) {
      this.uses.globals.push(use)
      return false
    }
    if (local.declaredOn && local.declaredOn !== use.line) this.uses.used.add(use.name)
    return true
  }

  private blockFollows(): boolean {
    const t = this.token
    return t === EOS || t === END || t === ELSE || t === ELSEIF || t === UNTIL
  }

  private chunk(): void {
    let last = false
    while (!last && !this.blockFollows()) {
      last = this.statement()
      this.test(SEMI)
    }
  }

  private block(): void {
    this.open()
    this.chunk()
    this.close()
  }

  /** Returns true for `return` and `break`, which end their block. */
  private statement(): boolean {
    switch (this.token) {
      case IF:
        do {
          this.next()
          this.expression()
          this.next() // then
          this.block()
        } while (this.token === ELSEIF)
        if (this.test(ELSE)) this.block()
        this.next() // end
        return false
      case WHILE:
        this.next()
        this.expression()
        this.next() // do
        this.block()
        this.next() // end
        return false
      case DO:
        this.next()
        this.block()
        this.next() // end
        return false
      case FOR:
        this.forStatement()
        return false
      case REPEAT:
        this.next()
        this.open()
        this.chunk()
        this.next() // until
        this.expression()
        this.close()
        return false
      case FUNCTION:
        this.functionStatement()
        return false
      case LOCAL:
        this.next()
        if (this.test(FUNCTION)) {
          this.declare(this.name())
          this.body(false)
        } else this.localStatement()
        return false
      case RETURN:
        this.next()
        if (!this.blockFollows() && this.token !== SEMI) this.expressionList()
        return true
      case BREAK:
        this.next()
        return true
      default:
        this.expressionStatement()
        return false
    }
  }

  /** The loop variables are in scope in the body only, not in the bounds or the iterators. */
  private forStatement(): void {
    this.next()
    const variables = [this.name()]
    if (this.test(ASSIGN)) {
      this.expression()
      this.next() // ,
      this.expression()
      if (this.test(COMMA)) this.expression()
    } else {
      while (this.test(COMMA)) variables.push(this.name())
      this.next() // in
      this.expressionList()
    }
    this.next() // do
    this.open()
    for (const variable of variables) this.declare(variable)
    this.block()
    this.close()
    this.next() // end
  }

  /** `function a.b.c:m() ... end`: a global `a` is written (a global function, or into a global table). */
  private functionStatement(): void {
    this.next()
    const base = this.name()
    const local = this.resolve(base)
    let method = false
    let dotted = false
    while (this.token === DOT || this.token === COLON) {
      method = this.token === COLON
      dotted = true
      this.next()
      this.name()
      if (method) break
    }
    this.body(method)
    if (!local) this.uses.writes.push({ ...base, kind: dotted ? 'table' : 'function' })
  }

  private localStatement(): void {
    const names = [this.name()]
    while (this.test(COMMA)) names.push(this.name())
    if (this.test(ASSIGN)) this.expressionList()
    for (const name of names) this.declare(name)
  }

  /** A call, or an assignment to names, fields and indexes. */
  private expressionStatement(): void {
    const targets = [this.suffixedExpression()]
    if (targets[0].kind === 'call' && this.token !== ASSIGN && this.token !== COMMA) return
    while (this.test(COMMA)) targets.push(this.suffixedExpression())
    this.next() // =
    this.expressionList()
    for (const target of targets) {
      if (!target.base || target.local) continue
      if (target.kind === 'name') this.uses.writes.push({ ...target.base, kind: 'assignment' })
      else if (target.kind === 'index') this.uses.writes.push({ ...target.base, kind: 'table' })
    }
  }

  /** `(params) body end`, with `self` for a method and `arg` for a vararg function. */
  private body(method: boolean): void {
    this.open()
    if (method) this.declare({ name: 'self', line: 0, column: 0 })
    this.next() // (
    while (this.token === NAME || this.token === DOTS) {
      if (this.token === DOTS) {
        this.next()
        this.declare({ name: 'arg', line: 0, column: 0 })
        break
      }
      this.declare(this.name())
      if (!this.test(COMMA)) break
    }
    this.next() // )
    this.chunk()
    this.next() // end
    this.close()
  }

  private expressionList(): void {
    this.expression()
    while (this.test(COMMA)) this.expression()
  }

  /** An expression; returns the name it is when it is nothing but a name (for `(t).x = 1`). */
  private expression(): Suffixed | null {
    return this.subexpression(0)
  }

  private subexpression(limit: number): Suffixed | null {
    let plain: Suffixed | null = null
    const t = this.token
    if (t === NOT || t === MINUS || t === HASH) {
      this.next()
      this.subexpression(UNARY_PRIORITY)
    } else plain = this.simpleExpression()
    for (let priority = PRIORITY[this.token]; priority && priority[0] > limit; priority = PRIORITY[this.token]) {
      plain = null
      this.next()
      this.subexpression(priority[1])
    }
    return plain
  }

  private simpleExpression(): Suffixed | null {
    switch (this.token) {
      case NUMBER:
      case STRING:
      case NIL:
      case TRUE:
      case FALSE:
      case DOTS:
        this.next()
        return null
      case LBRACE:
        this.table()
        return null
      case FUNCTION:
        this.next()
        this.body(false)
        return null
      default:
        return this.suffixedExpression()
    }
  }

  /** A name or a parenthesised expression, then fields, indexes and calls (Lua 5.1's primaryexp). */
  private suffixedExpression(): Suffixed {
    let result: Suffixed
    if (this.token === NAME) {
      const base = this.name()
      result = { kind: 'name', base, local: this.resolve(base) }
    } else {
      this.next() // (
      const inner = this.expression()
      this.next() // )
      result = { kind: 'paren', base: inner?.kind === 'name' ? inner.base : null, local: inner?.local ?? false }
    }
    for (;;) {
      const t = this.token
      if (t === DOT) {
        this.next()
        this.next() // the field's name
        result.kind = 'index'
      } else if (t === LBRACKET) {
        this.next()
        this.expression()
        this.next() // ]
        result.kind = 'index'
      } else if (t === COLON) {
        this.next()
        this.next() // the method's name
        this.callArguments()
        result = { kind: 'call', base: null, local: false }
      } else if (t === LPAREN || t === STRING || t === LBRACE) {
        this.callArguments()
        result = { kind: 'call', base: null, local: false }
      } else return result
    }
  }

  private callArguments(): void {
    if (this.token === STRING) return this.next()
    if (this.token === LBRACE) return this.table()
    this.next() // (
    if (this.token !== RPAREN) this.expressionList()
    this.next() // )
  }

  private table(): void {
    this.next() // {
    while (this.token !== RBRACE && this.token !== EOS) {
      if (this.token === NAME && this.lexer.peek() === ASSIGN) {
        this.next() // the key
        this.next() // =
        this.expression()
      } else if (this.token === LBRACKET) {
        this.next()
        this.expression()
        this.next() // ]
        this.next() // =
        this.expression()
      } else this.expression()
      if (!this.test(COMMA) && !this.test(SEMI)) break
    }
    this.next() // }
  }
}
