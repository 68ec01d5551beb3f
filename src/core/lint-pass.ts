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
import type { IncludeRegion } from './render.js'
import { SCRIPT_PARAMETERS } from './targets.js'
import { keepShape } from './keep-shape.js'

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

/**
 * What the pass finds in a region read on its own, to be replayed wherever the same text stands at the
 * start of a statement: lines count from 1 at the region's first line. null: the region is no whole
 * chunk on its own (a block or string open at its end), so it is always read in place.
 */
export type RegionUses = {
  /** The first use of each name no local of the region binds (for KEYS and ARGV also the first off a declaration's line). */
  free: NameUse[]
  /** Writes whose base no local of the region binds. */
  writes: GlobalWrite[]
  /** The region's own declaration locals that it uses itself. */
  used: string[]
  /** The locals of the region's top level, in order: in scope after it. */
  locals: NameUse[]
} | null

/** Tokens after which an expression goes on: after one, a region's last statement would not have ended with it. */
const GOES_ON = new Set([
  DOT,
  LBRACKET,
  COLON,
  LPAREN,
  STRING,
  LBRACE,
  COMMA,
  ASSIGN,
  CONCAT,
  PLUS,
  MINUS,
  STAR,
  SLASH,
  PERCENT,
  CARET,
  EQ,
  NE,
  LT,
  LE,
  GT,
  GE,
  AND,
  OR,
])

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
  /** The name it starts with (also inside parentheses, `(t).x`) when that is a global and no call comes between. */
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
export function findUses(
  text: string,
  from: number,
  declarationLines: ReadonlyMap<string, number>,
  regions: readonly IncludeRegion[] = [],
  known: Map<string, RegionUses> = new Map(),
): Uses {
  const pass = new Pass(text, from, declarationLines, regions, known)
  pass.script()
  return pass.uses
}

/**
 * Reads a region on its own. Its text parses as it does in place: it starts where a statement starts,
 * ends with a statement whose next token begins another one (checked at each replay), and Lua has
 * accepted the script around it.
 */
function readRegion(
  text: string,
  region: IncludeRegion,
  declarationLines: ReadonlyMap<string, number>,
  regions: readonly IncludeRegion[],
  known: Map<string, RegionUses>,
): RegionUses {
  const shift = region.line - 1
  const own = new Map<string, number>()
  for (const [name, line] of declarationLines)
    if (line > shift && line <= shift + region.lines) own.set(name, line - shift)
  const inner = regions
    .filter(r => r !== region && r.start >= region.start && r.end <= region.end)
    .map(r => ({ ...r, start: r.start - region.start, end: r.end - region.start, line: r.line - shift }))
  const pass = new Pass(text.slice(region.start, region.end), 0, own, inner, known, true)
  pass.script()
  if (!pass.whole()) return null
  const generated = new Set(own.values())
  const firsts = new Set<string>()
  const free = pass.uses.globals.filter(use => {
    const key = SCRIPT_PARAMETERS.has(use.name) && !generated.has(use.line) ? `${use.name} ` : use.name
    if (firsts.has(key)) return false
    firsts.add(key)
    return true
  })
  return { free, writes: pass.uses.writes, used: [...pass.uses.used], locals: pass.topLocals }
}

class Pass {
  readonly uses: Uses = { globals: [], writes: [], used: new Set() }
  /** The locals declared at the top level, in order (kept when reading a region on its own). */
  readonly topLocals: NameUse[] = []
  private readonly lexer: Lexer
  /** The locals in scope by name, innermost last. */
  private readonly scope = new Map<string, Local[]>()
  /** The names declared in each open block, innermost last. */
  private readonly blocks: string[][] = []
  /** -1 before the first token. */
  private token = -1
  /** Where the token before the current one ended. */
  private previousEnd = 0
  /** The first region that may still start at a statement ahead. */
  private nextRegion = 0
  /** A token was asked for after the end of the text: a block or expression is open there. */
  private overran = false

  constructor(
    private readonly text: string,
    from: number,
    private readonly declarationLines: ReadonlyMap<string, number>,
    private readonly regions: readonly IncludeRegion[],
    private readonly known: Map<string, RegionUses>,
    private readonly keepTopLocals = false,
  ) {
    this.lexer = new Lexer(text, from)
  }

  /** The text was one whole chunk: every block and string closed, nothing after its last statement. */
  whole(): boolean {
    return !this.overran && !this.lexer.unfinished && this.token === EOS
  }

  script(): void {
    this.next()
    this.open()
    this.chunk()
    this.close()
  }

  private next(): void {
    if (this.token === EOS) this.overran = true
    this.previousEnd = this.lexer.end
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
    if (this.keepTopLocals && this.blocks.length === 1) this.topLocals.push(use)
  }

  /** A use of a name: true for a local (marked used when it is a declaration's), else a global use. */
  /** The current NAME as a use, then the next token: its global use, or null for a local. */
  private resolveName(): NameUse | null {
    const { name, line, column } = this.lexer
    this.next()
    return this.resolveAt(name, line, column)
  }

  /** The local in scope there is marked used when it is a declaration's; else the global use is kept (null: a local). */
  private resolveAt(name: string, line: number, column: number): NameUse | null {
    const locals = this.scope.get(name)
    const local = locals === undefined ? undefined : locals[locals.length - 1]
    if (local === undefined) {
      const use = { name, line, column }
      this.uses.globals.push(use)
      return use
    }
    if (local.declaredOn && local.declaredOn !== line) this.uses.used.add(name)
    return null
  }

  private blockFollows(): boolean {
    const t = this.token
    return t === EOS || t === END || t === ELSE || t === ELSEIF || t === UNTIL
  }

  private chunk(): void {
    let last = false
    while (!last && !this.blockFollows()) {
      last = this.regions.length > this.nextRegion && this.replay() ? false : this.statement()
      this.test(SEMI)
    }
  }

  /**
   * At the start of a statement: when an include's text starts here and was read before (or can be
   * read now on its own), its uses are replayed instead of reading it again, and the pass goes on after it.
   */
  private replay(): boolean {
    const { regions } = this
    const at = this.lexer.start
    while (this.nextRegion < regions.length && regions[this.nextRegion].start < this.previousEnd) this.nextRegion++
    for (; this.nextRegion < regions.length && regions[this.nextRegion].start <= at; this.nextRegion++) {
      const region = regions[this.nextRegion]
      if (at >= region.end) continue
      const uses = this.regionUses(region)
      if (uses === null) continue
      this.lexer.seek(region.end, region.line + region.lines - 1)
      this.next()
      if (!GOES_ON.has(this.token)) {
        this.apply(uses, region.line - 1)
        return true
      }
      // The region's last statement goes on after it here: read the region in place.
      this.lexer.seek(region.start, region.line)
      this.next()
      return false
    }
    return false
  }

  private regionUses(region: IncludeRegion): RegionUses {
    let uses = this.known.get(region.key)
    if (uses === undefined) {
      uses = readRegion(this.text, region, this.declarationLines, this.regions, this.known)
      this.known.set(region.key, uses)
    }
    return uses
  }

  /** The uses a region read on its own, as if read here: its free names resolved in this scope. */
  private apply(uses: NonNullable<RegionUses>, shift: number): void {
    const local = new Set<string>()
    for (const use of uses.free)
      if (this.resolveAt(use.name, use.line + shift, use.column) === null) local.add(use.name)
    for (const write of uses.writes)
      if (!local.has(write.name)) this.uses.writes.push({ ...write, line: write.line + shift })
    for (const name of uses.used) this.uses.used.add(name)
    for (const use of uses.locals) this.declare({ name: use.name, line: use.line + shift, column: use.column })
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
    const base = this.resolveName()
    let method = false
    let dotted = false
    while (this.token === DOT || this.token === COLON) {
      method = this.token === COLON
      dotted = true
      this.next()
      this.next() // the field's or method's name
      if (method) break
    }
    this.body(method)
    if (base) this.uses.writes.push({ ...base, kind: dotted ? 'table' : 'function' })
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
      const base = this.resolveName()
      result = { kind: 'name', base, local: base === null }
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

keepShape(new Pass('local x = 1', 0, new Map(), [], new Map()))
