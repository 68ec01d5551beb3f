import luaparse from 'luaparse'
import type { LintInput } from './lint.js'
import { SCRIPT_PARAMETERS } from './redis-globals.js'

/**
 * The fast path of the lint: true when the script certainly has no finding, so that the precise pass
 * can be skipped. Most scripts in a build are clean, and the precise pass is slow: luaparse's
 * `locations`, `ranges` and `scope` options double its parse time (scope resolution scans arrays of
 * names, positions allocate several objects per node), and the limit and level checks walk the tree
 * twice more. A clean script is parsed once without any of that and checked here in one walk, with
 * scopes kept in a Map.
 *
 * It must never call clean a script in which lint() would report anything; where in doubt it answers
 * false and the precise pass decides. What it covers, each one conservatively:
 * - a Lua syntax error: luaparse throws (its options do not change what it accepts);
 * - a numeral Lua 5.1 reads differently (lua-numeral.ts): every numeral-like run of the text is checked;
 * - a list that starts with a comma (parser-gaps.ts): any `(` or `return` followed by a comma or a
 *   comment sends the script on;
 * - Lua 5.1's limits (lua-limits.ts): active locals and registers counted as that walk counts them,
 *   upvalues as distinct outer names per function;
 * - syntax levels (lua-levels.ts): bounded by the tree depth times one plus the longest run of `(`;
 * - globals written or read, unused declarations and raw KEYS/ARGV: resolved with luaparse's own
 *   scoping (a `local`'s names are in scope after the statement, a `local function`'s before its body).
 * A `for` whose bounds or iterators read one of its own loop variables (where luaparse's scoping and
 * Lua's differ) always goes to the precise pass.
 */
export function certainlyClean(input: LintInput): boolean {
  const { lua, declarations } = input
  const parenRun = scanText(lua)
  if (parenRun < 0) return false
  // The generated line reads its value through `tonumber(...)`, `cjson.decode(...)`, `KEYS` or `ARGV`: a
  // declaration with one of those names could put a second local use on that line.
  if (declarations.some(d => AMBIGUOUS_NAMES.has(d.name))) return false
  let chunk: luaparse.Chunk
  try {
    chunk = luaparse.parse(lua, { luaVersion: '5.1', comments: false })
  }
  catch {
    return false
  }
  const check = new Check(input.allowedGlobals, new Set(declarations.map(d => d.name)))
  try {
    check.chunk(chunk)
  }
  catch {
    // Recursion deep enough to overflow here is for the precise pass to report.
    return false
  }
  if (check.dirty) return false
  if (check.maxDepth * (1 + parenRun) + 2 > MAX_LEVELS) return false
  // Each generated declaration line reads KEYS or ARGV once; any other global read of them is raw.
  if (declarations.length && check.rawParameters > declarations.length) return false
  // A declaration is used when some local identifier of its name is not the one it declares.
  return declarations.every(d => check.uses(d.name) >= 2)
}

const AMBIGUOUS_NAMES = new Set(['tonumber', 'cjson', 'KEYS', 'ARGV'])

const MAX_LOCALS = 200
const MAX_UPVALUES = 60
const MAX_REGISTERS = 250
const MAX_LEVELS = 200

const DECIMAL_RE = /^(?:\d+\.?\d*|\.\d+)(?:[Ee][+-]?\d+)?$/
const HEX_RE = /^0[Xx][\dA-Fa-f]+(?:[Pp]\d+)?$/
const PLAIN_INTEGER_RE = /^\d+$/

function validNumeral(raw: string): boolean {
  return DECIMAL_RE.test(raw) || HEX_RE.test(raw)
}

const isDigit = (c: number) => c >= 48 && c <= 57
const isWord = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95

/** `(` followed (blanks between) by another `(`, a comma or a comment. */
const PAREN_RE = /\([ \t\n\v\f\r]*(?:\(|,|--)/g
/** `return` followed by a comma or a comment (also inside longer names: that only costs time). */
const RETURN_COMMA_RE = /return\s*(?:,|--)/
/** A digit followed by a dot, a letter or `_`, or a dot followed by a digit: where a numeral is not plain. */
const SUSPECT_RE = /\d[.A-Za-z_]|\.\d/g

/**
 * The checks on the text that luaparse's tree cannot answer. Returns -1 when the script must go to the
 * precise pass, else the longest run of `(` (blanks between; lua-levels.ts's blanks), each of which
 * can add a syntax level to the expression after it. Strings and comments are not skipped: what looks
 * suspicious in them only sends the script to the precise pass.
 * - A comma, or a comment that could hide one, right after `(` or `return` (parser-gaps.ts).
 * - A numeral-like run that Lua 5.1 does not read as luaparse does (lua-numeral.ts), see badNumeralRun.
 */
function scanText(lua: string): number {
  if (RETURN_COMMA_RE.test(lua) || badNumeralRun(lua)) return -1
  let longest = lua.includes('(') ? 1 : 0
  PAREN_RE.lastIndex = 0
  for (let match = PAREN_RE.exec(lua); match; match = PAREN_RE.exec(lua)) {
    const last = match[0].charCodeAt(match[0].length - 1)
    if (last !== 40) return -1
    let run = 1
    let i = match.index + match[0].length - 1
    for (let c = 40; c === 40 || c === 32 || (c >= 9 && c <= 13); c = lua.charCodeAt(++i)) {
      if (c === 40 && i > match.index) run++
    }
    const next = lua.charCodeAt(i)
    if (next === 44 || (next === 45 && lua.charCodeAt(i + 1) === 45)) return -1
    if (run > longest) longest = run
    PAREN_RE.lastIndex = i
  }
  return longest
}

/**
 * True when some run of the text that could be a numeral is not one Lua 5.1 accepts. A run starts at a
 * digit not inside a name or at a dot before a digit, and is read the way Lua 5.1 reads a numeral
 * (lua-numeral.ts): digits and dots, an exponent sign after `e`, then letters, digits and `_`. A run of
 * digits alone is always fine, so only runs around a SUSPECT_RE match are read.
 */
function badNumeralRun(lua: string): boolean {
  SUSPECT_RE.lastIndex = 0
  for (let match = SUSPECT_RE.exec(lua); match; match = SUSPECT_RE.exec(lua)) {
    let start = match.index
    if (lua.charCodeAt(start) !== 46) {
      while (start > 0 && isDigit(lua.charCodeAt(start - 1))) start--
      // Digits at the end of a name (`lib_2.call`) are no numeral.
      if (start > 0 && isWord(lua.charCodeAt(start - 1))) continue
    }
    let end = start
    let c = lua.charCodeAt(end)
    while (isDigit(c) || c === 46) c = lua.charCodeAt(++end)
    if (c === 69 || c === 101) {
      c = lua.charCodeAt(++end)
      if (c === 43 || c === 45) c = lua.charCodeAt(++end)
    }
    while (isWord(c)) c = lua.charCodeAt(++end)
    if (!validNumeral(lua.slice(start, end))) return true
    SUSPECT_RE.lastIndex = end
  }
  return false
}

type Expression = luaparse.Expression
type Statement = luaparse.Statement

/** What the walk knows about one name; looked up once per identifier. */
interface Name {
  /** The function depth (0: the main chunk) of each declaration in scope, innermost last. */
  depths: number[]
  /** Identifiers luaparse would mark `isLocal: true`; counted for declared names only. */
  uses: number
  declared: boolean
  /** Redis provides it as a global. */
  allowed: boolean
  /** KEYS or ARGV. */
  parameter: boolean
  /** Set while the bounds or iterators of a `for` declaring this name are walked. */
  guarded: number
}

/** A function being walked: its active locals as Lua counts them, and the outer names it uses. */
interface Fn {
  depth: number
  active: number
  /** Created at the first one. */
  upvalues: Set<Name> | null
}

/** One walk over the tree, in luaparse's parse order, with the names in scope in a Map. */
class Check {
  dirty = false
  /** Global (non-local) reads of KEYS and ARGV. */
  rawParameters = 0
  /** The deepest nesting of nodes seen. */
  maxDepth = 0
  private depth = 0
  private readonly names = new Map<string, Name>()
  /** The declarations in scope, innermost last, and where each open scope's own start. */
  private readonly inScope: Name[] = []
  private readonly marks: number[] = []
  private fn: Fn = { depth: 0, active: 0, upvalues: null }
  private readonly fns: Fn[] = [this.fn]

  constructor(private readonly allowed: ReadonlySet<string>, private readonly declared: ReadonlySet<string>) {}

  chunk(chunk: luaparse.Chunk): void {
    this.scoped(chunk.body)
  }

  uses(name: string): number {
    return this.names.get(name)?.uses ?? 0
  }

  private name(text: string): Name {
    let name = this.names.get(text)
    if (!name) {
      name = { depths: [], uses: 0, declared: this.declared.has(text), allowed: this.allowed.has(text), parameter: SCRIPT_PARAMETERS.has(text), guarded: 0 }
      this.names.set(text, name)
    }
    return name
  }

  private open(): void {
    this.marks.push(this.inScope.length)
  }

  private close(): void {
    const mark = this.marks.pop()!
    while (this.inScope.length > mark) this.inScope.pop()!.depths.pop()
  }

  /**
   * Brings a local into scope: a `local` name, a parameter, a `for` variable. A method's implicit
   * `self` is in scope too, but it is no identifier (`counted` false).
   */
  private declare(text: string, counted = true): void {
    const name = this.name(text)
    this.inScope.push(name)
    name.depths.push(this.fn.depth)
    if (counted) this.local(name)
  }

  /** Lua's count of a function's active locals; past the limit Redis refuses the script. */
  private activate(count: number): void {
    this.fn.active += count
    if (this.fn.active > MAX_LOCALS) this.dirty = true
  }

  /** An identifier luaparse marks `isLocal: true`. */
  private local(name: Name): void {
    if (name.declared) name.uses++
    if (name.parameter) this.dirty = true
  }

  /**
   * An identifier luaparse resolves in the scope: a read, or the base of a write or of a call. True
   * when it is a local; one of an enclosing function is an upvalue of every function in between.
   */
  private reference(text: string): boolean {
    const name = this.name(text)
    if (name.guarded) this.dirty = true
    const depths = name.depths
    if (!depths.length) {
      if (name.parameter) this.rawParameters++
      else if (!name.allowed) this.dirty = true
      return false
    }
    this.local(name)
    for (let d = this.fn.depth; d > depths[depths.length - 1]; d--) {
      const fn = this.fns[d]
      const upvalues = fn.upvalues ??= new Set()
      upvalues.add(name)
      if (upvalues.size > MAX_UPVALUES) this.dirty = true
    }
    return true
  }

  private block(body: Statement[]): void {
    for (const statement of body) this.statement(statement)
  }

  /** A block: its locals go out of scope, and stop counting, at its end (after `then`, for `until`). */
  private scoped(body: Statement[], then?: () => void): void {
    const active = this.fn.active
    this.open()
    this.block(body)
    then?.()
    this.close()
    this.fn.active = active
  }

  private statement(node: Statement): void {
    if (++this.depth > this.maxDepth) this.maxDepth = this.depth
    switch (node.type) {
      case 'LocalStatement':
        if (this.fn.active + node.variables.length > MAX_LOCALS) this.dirty = true
        this.expressions(node.init)
        for (const variable of node.variables) this.declare(variable.name)
        this.activate(node.variables.length)
        break
      case 'AssignmentStatement':
        for (const target of node.variables) this.target(target)
        this.expressions(node.init)
        break
      case 'CallStatement':
        this.expression(node.expression)
        break
      case 'FunctionDeclaration':
        this.function(node)
        break
      case 'ReturnStatement':
        if (node.arguments.length > 1) this.registers(node.arguments.length)
        this.expressions(node.arguments)
        break
      case 'IfStatement':
        for (const clause of node.clauses) {
          if (clause.type !== 'ElseClause') this.expression(clause.condition)
          this.scoped(clause.body)
        }
        break
      case 'WhileStatement':
        this.expression(node.condition)
        this.scoped(node.body)
        break
      case 'DoStatement':
        this.scoped(node.body)
        break
      case 'RepeatStatement':
        this.scoped(node.body, () => this.expression(node.condition))
        break
      case 'ForNumericStatement':
        this.loop([node.variable], node.step ? [node.start, node.end, node.step] : [node.start, node.end], node.body)
        break
      case 'ForGenericStatement':
        this.loop(node.variables, node.iterators, node.body)
        break
      case 'BreakStatement':
        break
      default:
        // Labels and goto are not Lua 5.1; anything unexpected goes to the precise pass.
        this.dirty = true
    }
    this.depth--
  }

  /**
   * A `for`: luaparse scopes the loop variables before the bounds or iterators, Lua after them (three
   * hidden control variables come first); where that could matter, the precise pass decides.
   */
  private loop(variables: luaparse.Identifier[], heads: Expression[], body: Statement[]): void {
    const active = this.fn.active
    if (active + 3 + variables.length > MAX_LOCALS) this.dirty = true
    this.open()
    for (const variable of variables) this.declare(variable.name)
    const own = this.inScope.slice(-variables.length)
    for (const name of own) name.guarded++
    this.expressions(heads)
    for (const name of own) name.guarded--
    this.activate(3 + variables.length)
    this.block(body)
    this.close()
    this.fn.active = active
  }

  /** An assignment target: a global name or a field of a global table is a write Redis rejects. */
  private target(node: Expression): void {
    if (node.type === 'Identifier') {
      if (!this.reference(node.name)) this.dirty = true
      return
    }
    this.expression(node)
    this.writeInto(node)
  }

  /** A write into `a.b[c]...`: fine when `a` is a local (or KEYS/ARGV, reported as raw use instead). */
  private writeInto(node: Expression): void {
    let base = node
    while (base.type === 'MemberExpression' || base.type === 'IndexExpression') base = base.base
    if (base.type === 'Identifier' && !this.name(base.name).depths.length && !SCRIPT_PARAMETERS.has(base.name)) this.dirty = true
  }

  private function(node: luaparse.FunctionDeclaration): void {
    const id = node.identifier
    if (id && node.isLocal) {
      if (this.fn.active + 1 > MAX_LOCALS) this.dirty = true
      this.declare((id as luaparse.Identifier).name)
      this.activate(1)
    }
    else if (id?.type === 'Identifier') {
      if (!this.reference(id.name)) this.dirty = true
    }
    else if (id) {
      this.expression(id)
      this.writeInto(id)
    }
    const outer = this.fn
    this.fn = { depth: outer.depth + 1, active: 0, upvalues: null }
    this.fns.push(this.fn)
    this.open()
    const method = id?.type === 'MemberExpression' && id.indexer === ':'
    if (method) this.declare('self', false)
    for (const parameter of node.parameters) {
      if (parameter.type === 'Identifier') this.declare(parameter.name)
    }
    // A vararg is the local `arg` to Lua 5.1.
    this.activate((method ? 1 : 0) + node.parameters.length)
    this.block(node.body)
    this.close()
    this.fns.pop()
    this.fn = outer
  }

  /** Lua needs a register per active local and per value a call or a `return` lines up. */
  private registers(count: number): void {
    if (this.fn.active + count >= MAX_REGISTERS) this.dirty = true
  }

  private expressions(nodes: Expression[]): void {
    for (const node of nodes) this.expression(node)
  }

  private expression(node: Expression): void {
    if (++this.depth > this.maxDepth) this.maxDepth = this.depth
    switch (node.type) {
      case 'Identifier':
        this.reference(node.name)
        break
      case 'StringLiteral':
      case 'BooleanLiteral':
      case 'NilLiteral':
      case 'VarargLiteral':
        break
      case 'NumericLiteral':
        if (!PLAIN_INTEGER_RE.test(node.raw) && !validNumeral(node.raw)) this.dirty = true
        break
      case 'CallExpression': {
        const method = node.base.type === 'MemberExpression' && node.base.indexer === ':'
        this.registers((method ? 2 : 1) + node.arguments.length)
        this.expression(node.base)
        this.expressions(node.arguments)
        break
      }
      case 'MemberExpression':
        this.expression(node.base)
        break
      case 'BinaryExpression':
      case 'LogicalExpression':
        this.expression(node.left)
        this.expression(node.right)
        break
      case 'IndexExpression':
        this.expression(node.base)
        this.expression(node.index)
        break
      case 'UnaryExpression':
        this.expression(node.argument)
        break
      case 'TableConstructorExpression':
        for (const field of node.fields) {
          if (field.type === 'TableKey') this.expression(field.key)
          this.expression(field.value)
        }
        break
      case 'StringCallExpression':
        this.expression(node.base)
        break
      case 'TableCallExpression':
        this.expression(node.base)
        this.expression(node.arguments as unknown as Expression)
        break
      case 'FunctionDeclaration':
        this.function(node)
        break
      default:
        this.dirty = true
    }
    this.depth--
  }
}
