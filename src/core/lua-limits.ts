import type luaparse from 'luaparse'

/**
 * Lua 5.1's per-function limits (luaconf.h `LUAI_MAXVARS`, `LUAI_MAXUPVALUES`). Redis refuses to load
 * a script past them, and includes make that easy to reach: every included file's top-level locals
 * land in the one main function.
 */
const MAX_LOCALS = 200
const MAX_UPVALUES = 60
/**
 * Registers per function (`MAXSTACK`; Lua 5.1 stops on reaching it). Every active local holds one, and a call puts the function,
 * `self` for a method, and each argument in the next ones, as does a `return` of several values; past
 * it Lua says "function or expression too complex". Temporaries deeper in an expression add more, so
 * this check only sees the plain cases (a call with ~250 arguments), never more than Lua would.
 */
const MAX_REGISTERS = 250

export interface LimitFinding {
  message: string
  line: number
  column: number
}

type Node = luaparse.Node
interface Local {
  name: string
}
interface Fn {
  parent: Fn | null
  /** Active locals, innermost last; distinct objects, so a shadowed name is another variable. */
  locals: Local[]
  upvalues: Set<Local>
  /** As Lua names it in the message: `main function` or `function at line N`. */
  name: string
}

class Found {
  constructor(readonly finding: LimitFinding) {}
}

const SUFFIXES = new Set([
  'MemberExpression',
  'IndexExpression',
  'CallExpression',
  'TableCallExpression',
  'StringCallExpression',
])
const SKIPPED = new Set(['type', 'loc', 'range'])

/** The first place the script passes a limit, in the order Lua's parser would meet it, or null. */
export function limitFinding(chunk: luaparse.Chunk): LimitFinding | null {
  try {
    new Walker().statements(chunk.body, { parent: null, locals: [], upvalues: new Set(), name: 'main function' })
    return null
  } catch (error) {
    if (error instanceof Found) return error.finding
    throw error
  }
}

/** Walks the tree as Lua 5.1's single-pass compiler does: declarations, scopes and upvalues in order. */
class Walker {
  statements(body: Node[], fn: Fn): void {
    for (const statement of body) this.visit(statement, fn)
  }

  private visit(node: Node | null | undefined, fn: Fn): void {
    if (!node) return
    switch (node.type) {
      case 'Identifier':
        return void this.resolve(node.name, fn, node)
      case 'LocalStatement':
        return this.local(node, fn)
      case 'FunctionDeclaration':
        return this.function(node, fn)
      case 'ForNumericStatement':
        return this.forNumeric(node, fn)
      case 'ForGenericStatement':
        return this.forGeneric(node, fn)
      case 'DoStatement':
        return this.scoped(fn, () => this.statements(node.body, fn))
      case 'WhileStatement':
        this.visit(node.condition, fn)
        return this.scoped(fn, () => this.statements(node.body, fn))
      // `until` sees the block's locals.
      case 'RepeatStatement':
        return this.scoped(fn, () => {
          this.statements(node.body, fn)
          this.visit(node.condition, fn)
        })
      case 'IfStatement':
        return node.clauses.forEach(clause => {
          if (clause.type !== 'ElseClause') this.visit(clause.condition, fn)
          this.scoped(fn, () => this.statements(clause.body, fn))
        })
      case 'TableKeyString':
        return this.visit(node.value, fn)
      case 'ReturnStatement':
        if (node.arguments.length > 1) this.registers(fn, node.arguments.length, node)
        return this.children(node, fn)
      case 'BinaryExpression':
      case 'LogicalExpression':
        return this.operands(node, fn)
      default:
        if (SUFFIXES.has(node.type)) return this.suffixed(node, fn)
        return this.children(node, fn)
    }
  }

  private children(node: Node, fn: Fn): void {
    for (const [key, value] of Object.entries(node)) {
      if (SKIPPED.has(key) || !value || typeof value !== 'object') continue
      for (const child of Array.isArray(value) ? value : [value])
        if (child && typeof child.type === 'string') this.visit(child, fn)
    }
  }

  /** `local a, b = ...`: the names count against the limit first, the values see the outer names. */
  private local(node: luaparse.LocalStatement, fn: Fn): void {
    const locals = this.declare(
      fn,
      node.variables.map(v => v.name),
      node,
    )
    for (const value of node.init) this.visit(value, fn)
    fn.locals.push(...locals)
  }

  private function(node: luaparse.FunctionDeclaration, fn: Fn): void {
    if (node.isLocal && node.identifier?.type === 'Identifier')
      fn.locals.push(...this.declare(fn, [node.identifier.name], node))
    else this.visit(node.identifier, fn)
    const inner: Fn = { parent: fn, locals: [], upvalues: new Set(), name: `function at line ${node.loc!.start.line}` }
    const method = node.identifier?.type === 'MemberExpression' && node.identifier.indexer === ':'
    const params = node.parameters.map(p => (p.type === 'Identifier' ? p.name : 'arg'))
    inner.locals.push(...this.declare(inner, method ? ['self', ...params] : params, node))
    this.statements(node.body, inner)
  }

  /** Three hidden control variables come before the loop variable. */
  private forNumeric(node: luaparse.ForNumericStatement, fn: Fn): void {
    const locals = this.declare(fn, ['(for index)', '(for limit)', '(for step)', node.variable.name], node)
    for (const value of [node.start, node.end, node.step]) this.visit(value, fn)
    this.scoped(fn, () => {
      fn.locals.push(...locals)
      this.statements(node.body, fn)
    })
  }

  private forGeneric(node: luaparse.ForGenericStatement, fn: Fn): void {
    const locals = this.declare(
      fn,
      ['(for generator)', '(for state)', '(for control)', ...node.variables.map(v => v.name)],
      node,
    )
    for (const value of node.iterators) this.visit(value, fn)
    this.scoped(fn, () => {
      fn.locals.push(...locals)
      this.statements(node.body, fn)
    })
  }

  /** `a.b[c](d):e(f)`: a loop in Lua's parser and a deep chain here, walked without recursing down it. */
  private suffixed(node: Node, fn: Fn): void {
    const chain: Node[] = []
    let base: Node = node
    while (SUFFIXES.has(base.type)) {
      chain.push(base)
      base = (base as luaparse.MemberExpression).base
    }
    this.visit(base, fn)
    for (const suffix of chain.reverse()) {
      if (suffix.type === 'IndexExpression') this.visit(suffix.index, fn)
      else if (suffix.type === 'CallExpression') {
        const method = suffix.base.type === 'MemberExpression' && suffix.base.indexer === ':'
        this.registers(fn, (method ? 2 : 1) + suffix.arguments.length, suffix)
        suffix.arguments.forEach(a => this.visit(a, fn))
      } else if (suffix.type === 'TableCallExpression') this.visit(suffix.arguments, fn)
    }
  }

  /** `a + b + c` nests to the left without bound (Lua loops over it): walk the left spine iteratively. */
  private operands(node: luaparse.BinaryExpression | luaparse.LogicalExpression, fn: Fn): void {
    const rights: Node[] = []
    let left: Node = node
    while (left.type === 'BinaryExpression' || left.type === 'LogicalExpression') {
      rights.push(left.right)
      left = left.left
    }
    this.visit(left, fn)
    for (const right of rights.reverse()) this.visit(right, fn)
  }

  private scoped(fn: Fn, body: () => void): void {
    const active = fn.locals.length
    body()
    fn.locals.length = active
  }

  private registers(fn: Fn, count: number, at: Node): void {
    if (fn.locals.length + count >= MAX_REGISTERS) throw this.found('function or expression too complex', at)
  }

  private declare(fn: Fn, names: string[], at: Node): Local[] {
    if (fn.locals.length + names.length > MAX_LOCALS)
      throw this.found(`${fn.name} has more than ${MAX_LOCALS} local variables`, at)
    return names.map(name => ({ name }))
  }

  /** A name as Lua resolves it: a local here, else an upvalue in every function between, else a global. */
  private resolve(name: string, fn: Fn, at: Node): Local | null {
    const local = fn.locals.findLast(l => l.name === name)
    if (local || !fn.parent) return local ?? null
    const outer = this.resolve(name, fn.parent, at)
    if (outer && !fn.upvalues.has(outer)) {
      if (fn.upvalues.size + 1 > MAX_UPVALUES) throw this.found(`${fn.name} has more than ${MAX_UPVALUES} upvalues`, at)
      fn.upvalues.add(outer)
    }
    return outer
  }

  private found(message: string, at: Node): Found {
    return new Found({ message, line: at.loc!.start.line, column: at.loc!.start.column })
  }
}
