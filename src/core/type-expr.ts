import type { FieldSpec, TypeNode } from '../shared/type-node.js'
import { isNullable, withNull } from '../shared/type-node.js'
import { TYPE_ALIASES, TYPE_NAMES } from './names.js'

/** A `%type` name used in a type expression, with its column, resolved once the whole tree is read. */
export interface TypeRef {
  name: string
  column: number
}

export type ParsedType =
  { ok: true; type: TypeNode; refs: TypeRef[] } | { ok: false; code: 'bad-type'; message: string; column: number }

interface Token {
  text: string
  column: number
}

const TOKEN_RE = /[ \t]+|([A-Z_a-z]\w*)|([<>{}[\]?:,])|(.)/gy
const END = 'the end of the line'
const A_TYPE = `a type (${TYPE_NAMES}, \`{\` for a shape, or a %type name)`

class TypeSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message)
  }
}

/**
 * Parses a type expression of `%arg`, `%return` or `%type` (the grammar below), `text` starting at
 * `column` of its line. Names that are not built-in types come back in `refs`: they name `%type`s,
 * which may be declared anywhere in the include tree.
 *
 * ```
 * T := integer | number | string | boolean | list | dict     (and their aliases)
 *    | list<T> | dict<T> | T[] | T? | { name: T, other?: T } | Name
 * ```
 */
export function parseTypeExpr(text: string, column: number): ParsedType {
  try {
    const parser = new Parser(tokenize(text, column), column + text.length)
    const type = parser.type()
    parser.end()
    return { ok: true, type, refs: parser.refs }
  } catch (error) {
    if (!(error instanceof TypeSyntaxError)) throw error
    return { ok: false, code: 'bad-type', message: error.message, column: error.column }
  }
}

function tokenize(text: string, column: number): Token[] {
  const tokens: Token[] = []
  TOKEN_RE.lastIndex = 0
  for (let match = TOKEN_RE.exec(text); match; match = TOKEN_RE.exec(text)) {
    if (match[3] !== undefined)
      throw new TypeSyntaxError(`expected ${A_TYPE}, got \`${match[3]}\``, column + match.index)
    const word = match[1] ?? match[2]
    if (word !== undefined) tokens.push({ text: word, column: column + match.index })
  }
  return tokens
}

class Parser {
  readonly refs: TypeRef[] = []
  private index = 0

  constructor(
    private readonly tokens: Token[],
    private readonly endColumn: number,
  ) {}

  type(): TypeNode {
    let type = this.primary()
    for (;;) {
      const token = this.peek()
      if (token?.text === '?') {
        this.index++
        if (isNullable(type)) throw new TypeSyntaxError('the type is already nullable: one `?` is enough', token.column)
        type = withNull(type)
      } else if (token?.text === '[') {
        this.index++
        this.expect(']', '`]` (`T[]` is a list of T)')
        type = { list: type }
      } else return type
    }
  }

  end(): void {
    const token = this.peek()
    if (token) throw new TypeSyntaxError(`expected the end of the type, got \`${token.text}\``, token.column)
  }

  private primary(): TypeNode {
    const token = this.next(A_TYPE)
    if (token.text === '{') return this.shape(token)
    if (!/^[A-Z_a-z]/.test(token.text)) throw this.unexpected(A_TYPE, token)
    const builtin = TYPE_ALIASES[token.text]
    if (this.peek()?.text !== '<') {
      if (builtin) return builtin
      this.refs.push({ name: token.text, column: token.column })
      return { ref: token.text }
    }
    const open = this.next('`<`')
    if (builtin !== 'list' && builtin !== 'dict')
      throw new TypeSyntaxError(`\`${token.text}\` takes no type parameter (only list<T> and dict<T> do)`, open.column)
    const element = this.type()
    this.expect('>', `\`>\` to close \`${token.text}<\``)
    return builtin === 'list' ? { list: element } : { dict: element }
  }

  private shape(open: Token): TypeNode {
    const fields: FieldSpec[] = []
    const seen = new Set<string>()
    for (;;) {
      const name = this.next(fields.length ? 'a field name or `}`' : 'a field name (`{ name: type, ... }`)')
      if (name.text === '}' && fields.length) break
      if (!/^[A-Z_a-z]/.test(name.text))
        throw this.unexpected(fields.length ? 'a field name or `}`' : 'a field name (`{ name: type, ... }`)', name)
      if (seen.has(name.text)) throw new TypeSyntaxError(`duplicate field \`${name.text}\``, name.column)
      seen.add(name.text)
      const optional = this.peek()?.text === '?'
      if (optional) this.index++
      this.expect(':', `\`:\` after the field name \`${name.text}\``)
      const field: FieldSpec = { name: name.text, type: this.type() }
      if (optional) field.optional = true
      fields.push(field)
      const after = this.next(`\`,\` or \`}\` to close the shape opened at column ${open.column + 1}`)
      if (after.text === '}') break
      if (after.text !== ',')
        throw this.unexpected(`\`,\` or \`}\` to close the shape opened at column ${open.column + 1}`, after)
    }
    return { shape: fields }
  }

  private expect(text: string, expected: string): void {
    const token = this.next(expected)
    if (token.text !== text) throw this.unexpected(expected, token)
  }

  private peek(): Token | undefined {
    return this.tokens[this.index]
  }

  private next(expected: string): Token {
    const token = this.tokens[this.index++]
    if (!token) throw new TypeSyntaxError(`expected ${expected}, got ${END}`, this.endColumn)
    return token
  }

  private unexpected(expected: string, token: Token): TypeSyntaxError {
    return new TypeSyntaxError(`expected ${expected}, got \`${token.text}\``, token.column)
  }
}
