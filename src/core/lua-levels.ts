import type luaparse from 'luaparse'
import type { LimitFinding } from './lua-limits.js'

/**
 * Lua 5.1 counts "syntax levels" (`LUAI_MAXCCALLS`, 200): one per chunk (the main one, each block and
 * function body) and one per `subexpr` frame (each full expression, each unary operand, each right
 * operand of a binary operator, each parenthesised expression). Past 200, Redis refuses the script
 * ("chunk has too many syntax levels"); a long `..` chain reaches that easily, as `..` nests to the
 * right. luaparse has no such limit, so the count is redone here on its tree.
 *
 * luaparse drops parentheses; they are counted from the text before a node (`(` after `(`), which can
 * only miss some (a comment between two of them), never invent one: the count is exact or low.
 */
const MAX_LEVELS = 200

type Node = luaparse.Node
type Expression = luaparse.Expression

const SUFFIXES = new Set([
  'MemberExpression',
  'IndexExpression',
  'CallExpression',
  'TableCallExpression',
  'StringCallExpression',
])
const BLANK = new Set([' ', '\t', '\n', '\v', '\f', '\r'])

class Found {
  constructor(readonly finding: LimitFinding) {}
}

/** Where the script first nests deeper than Lua 5.1 allows, or null. */
export function levelFinding(chunk: luaparse.Chunk, source: string): LimitFinding | null {
  try {
    new Levels(source).chunk(chunk.body, 0, chunk)
    return null
  } catch (error) {
    if (error instanceof Found) return error.finding
    throw error
  }
}

class Levels {
  constructor(private readonly source: string) {}

  /** A chunk entered from `level`: its statements stand one level in. */
  chunk(body: luaparse.Statement[], level: number, at: Node): void {
    this.check(level + 1, body[0] ?? at)
    for (const statement of body) this.statement(statement, level + 1)
  }

  private statement(node: luaparse.Statement, c: number): void {
    switch (node.type) {
      case 'LocalStatement':
        return this.expressions(node.init, c)
      case 'AssignmentStatement':
        node.variables.forEach(v => this.suffixed(v, c))
        return this.expressions(node.init, c)
      case 'CallStatement':
        return this.suffixed(node.expression, c)
      case 'ReturnStatement':
        return this.expressions(node.arguments, c)
      case 'DoStatement':
        return this.chunk(node.body, c, node)
      case 'WhileStatement':
        this.expression(node.condition, c)
        return this.chunk(node.body, c, node)
      case 'RepeatStatement':
        this.chunk(node.body, c, node)
        return this.expression(node.condition, c)
      case 'IfStatement':
        return node.clauses.forEach(clause => {
          if (clause.type !== 'ElseClause') this.expression(clause.condition, c)
          this.chunk(clause.body, c, clause)
        })
      case 'ForNumericStatement':
        this.expressions([node.start, node.end, ...(node.step ? [node.step] : [])], c)
        return this.chunk(node.body, c, node)
      case 'ForGenericStatement':
        this.expressions(node.iterators, c)
        return this.chunk(node.body, c, node)
      case 'FunctionDeclaration':
        return this.chunk(node.body, c, node)
    }
  }

  private expressions(nodes: Expression[], outer: number, firstContext = 0): void {
    nodes.forEach((node, i) => this.expression(node, outer, i === 0 ? firstContext : 0))
  }

  /**
   * A full expression in a slot at `outer`: a frame one level in, plus one per parenthesis around it.
   * `context` is how many `(` just before it belong to the slot itself (a call's own parenthesis).
   */
  private expression(node: Expression, outer: number, context = 0): void {
    this.frame(node, outer + 1 + Math.max(0, this.parens(node) - context))
  }

  /** An expression parsed in a `subexpr` frame at level `d`. */
  private frame(node: Node, d: number): void {
    this.check(d, node)
    if (node.type === 'BinaryExpression' || node.type === 'LogicalExpression') return this.operands(node, d)
    if (node.type === 'UnaryExpression') return this.frame(node.argument, d + 1 + this.parens(node.argument))
    if (SUFFIXES.has(node.type)) return this.suffixed(node, d)
    if (node.type === 'TableConstructorExpression') return this.table(node, d)
    if (node.type === 'FunctionDeclaration') return this.chunk(node.body, d, node)
  }

  /** The left operand stays in the frame, each right operand opens one: walked without recursing left. */
  private operands(node: luaparse.BinaryExpression | luaparse.LogicalExpression, d: number): void {
    const rights: [Node, number][] = []
    let left: Node = node
    let frame = d
    while (left.type === 'BinaryExpression' || left.type === 'LogicalExpression') {
      rights.push([left.right, frame + 1])
      const next: Node = left.left
      frame += this.inner(next, left)
      left = next
    }
    this.frame(left, frame)
    for (const [right, level] of rights.reverse()) this.frame(right, level + this.parens(right))
  }

  /**
   * `a.b[c](d)`: the parts are a loop at level `d` in Lua; only a parenthesised base goes deeper, and
   * the chain stops there (`(f(x)):m()` is a call on a parenthesised call, not one chain).
   */
  private suffixed(node: Node, d: number): void {
    const chain: Node[] = []
    let base: Node = node
    while (SUFFIXES.has(base.type) && (base === node || this.inner(base, chain.at(-1)!) === 0)) {
      chain.push(base)
      base = (base as luaparse.MemberExpression).base
    }
    if (base !== node) this.frame(base, d + this.inner(base, chain.at(-1)!))
    else if (base.type !== 'Identifier') this.frame(base, d)
    for (const suffix of chain.reverse()) {
      if (suffix.type === 'IndexExpression') this.expression(suffix.index, d)
      else if (suffix.type === 'CallExpression') this.expressions(suffix.arguments, d, 1)
      else if (suffix.type === 'TableCallExpression')
        this.table(suffix.arguments as luaparse.TableConstructorExpression, d)
    }
  }

  private table(node: luaparse.TableConstructorExpression, d: number): void {
    for (const field of node.fields) {
      if (field.type === 'TableKey') this.expression(field.key, d)
      this.expression(field.value, d)
    }
  }

  /** Parentheses between the start of `outer` and the start of `node`, its leftmost part. */
  private inner(node: Node, outer: Node): number {
    return Math.max(0, this.parens(node) - this.parens(outer))
  }

  /** How many `(` stand right before `node`, blanks between. */
  private parens(node: Node): number {
    let count = 0
    let i = (node as Node & { range: [number, number] }).range[0] - 1
    for (; i >= 0; i--) {
      if (this.source[i] === '(') count++
      else if (!BLANK.has(this.source[i])) break
    }
    return count
  }

  private check(level: number, at: Node): void {
    if (level > MAX_LEVELS)
      throw new Found({
        message: 'chunk has too many syntax levels',
        line: at.loc!.start.line,
        column: at.loc!.start.column,
      })
  }
}
