import luaparse from 'luaparse'
import { levelFinding } from './lua-levels.js'
import { limitFinding } from './lua-limits.js'
import { badNumeral } from './lua-numeral.js'
import { leadingComma, position } from './parser-gaps.js'
import { certainlyClean } from './quick-lint.js'
import type { Declaration } from './render.js'
import { SCRIPT_PARAMETERS } from './redis-globals.js'

/** A finding in rendered-script coordinates (1-based line, 0-based column). */
export interface Finding {
  code: 'lua-syntax' | 'global-write' | 'unknown-global' | 'unused-declaration' | 'raw-keys-argv'
  message: string
  line: number
  column: number
}

export interface LintInput {
  lua: string
  declarations: Declaration[]
  allowedGlobals: ReadonlySet<string>
}

/** luaparse sets `isLocal` when `scope: true`; its types leave it out. */
type Identifier = luaparse.Identifier & { isLocal?: boolean }

/** luaparse sets `range` when `ranges: true`; its types leave it out. */
type Ranged<T> = T & { range?: [number, number] }
type Numeral = Ranged<luaparse.NumericLiteral>
/** A call or a `return`: lists luaparse lets start with a comma. */
type List = Ranged<luaparse.CallExpression | luaparse.ReturnStatement>

interface Collected {
  identifiers: Identifier[]
  assignments: luaparse.AssignmentStatement[]
  functions: luaparse.FunctionDeclaration[]
  numerals: Numeral[]
  lists: List[]
}

/** Parses the rendered script as Lua 5.1 and checks it against what Redis allows at run time. */
export function lint(input: LintInput): Finding[] {
  // Most scripts are clean, and one pass without positions or luaparse's scopes can prove it.
  return certainlyClean(input) ? [] : preciseLint(input)
}

/** lint() without the fast path: every finding, placed. */
export function preciseLint(input: LintInput): Finding[] {
  const collected: Collected = { identifiers: [], assignments: [], functions: [], numerals: [], lists: [] }
  let chunk: luaparse.Chunk
  try {
    chunk = luaparse.parse(input.lua, {
      luaVersion: '5.1',
      comments: false,
      locations: true,
      ranges: true,
      scope: true,
      onCreateNode: node => collect(collected, node),
    })
  } catch (error) {
    return [syntaxFinding(error, input.lua)]
  }
  const rejected =
    numeralFinding(collected.numerals, input.lua) ??
    commaFinding(collected.lists, input.lua) ??
    limitsExceeded(chunk, input.lua)
  if (rejected) return [rejected]
  const writes = globalWrites(collected)
  const written = new Set(writes.map(w => w.name))
  return [
    ...writes.map(w => w.finding),
    ...unknownGlobals(collected.identifiers, input.allowedGlobals, written),
    ...unusedDeclarations(collected.identifiers, input.declarations),
    ...rawParameters(collected.identifiers, input.declarations),
  ]
}

function collect(collected: Collected, node: luaparse.Node): void {
  if (node.type === 'Identifier') collected.identifiers.push(node)
  else if (node.type === 'AssignmentStatement') collected.assignments.push(node)
  else if (node.type === 'FunctionDeclaration') collected.functions.push(node)
  else if (node.type === 'NumericLiteral') collected.numerals.push(node)
  else if (node.type === 'CallExpression' || node.type === 'ReturnStatement') collected.lists.push(node)
}

function syntaxFinding(error: unknown, lua: string): Finding {
  // luaparse recurses once per nesting level; Redis's Lua stops at 200 levels, so a script deep enough
  // to exhaust our stack is one Redis rejects too.
  if (error instanceof RangeError)
    return { code: 'lua-syntax', message: 'Lua syntax error: chunk has too many syntax levels', line: 1, column: 0 }
  return placed(error, lua) ?? firstTokenFinding(lua) ?? unplaced(error)
}

/**
 * luaparse's error as a finding, when it says where. Its `column` is 0-based after a token but 1-based
 * after a bad character, while its `index` is exact: the column comes from that. `lead` characters
 * were put before line 1 of `source`.
 */
function placed(error: unknown, source: string, lead = 0): Finding | null {
  const e = error as { message?: string; line?: number; index?: number }
  if (typeof e.line !== 'number' || typeof e.index !== 'number') return null
  const message = String(e.message).replace(/^\[\d+:\d+\] /, '')
  const column = e.index - (source.lastIndexOf('\n', e.index - 1) + 1) - (e.line === 1 ? lead : 0)
  return { code: 'lua-syntax', message: `Lua syntax error: ${message}`, line: e.line, column: Math.max(0, column) }
}

/** A statement that changes nothing, put before a script to give luaparse a token to report against. */
const LEAD = 'do end '

/**
 * luaparse crashes (a TypeError, no position) when the very first token is a bad symbol, such as a
 * byte-order mark or `@`: parsing again behind a harmless statement gets its real message and place.
 */
function firstTokenFinding(lua: string): Finding | null {
  // luaparse skips a shebang only at the very start; blank it so it stays skipped behind the lead.
  const body = lua.startsWith('#!') ? lua.replace(/^[^\n]*/, line => ' '.repeat(line.length)) : lua
  try {
    luaparse.parse(LEAD + body, { luaVersion: '5.1' })
  } catch (error) {
    const finding = placed(error, LEAD + body, LEAD.length)
    // Name the bad symbol, not our lead (luaparse says "near 'end'").
    return finding && { ...finding, message: finding.message.replace(/ near 'end'$/, '') }
  }
  return null
}

/** A parser failure we cannot place: still a diagnostic, never a crash. */
function unplaced(error: unknown): Finding {
  return {
    code: 'lua-syntax',
    message: `Lua syntax error: ${String((error as Error)?.message ?? error)}`,
    line: 1,
    column: 0,
  }
}

/** The first numeral Lua 5.1 reads differently from luaparse: a syntax error in Redis, so reported as one. */
function numeralFinding(numerals: Numeral[], lua: string): Finding | null {
  for (const node of numerals) {
    const reason = badNumeral(lua, node.range![0], node.raw)
    if (reason)
      return {
        code: 'lua-syntax',
        message: `Lua syntax error: ${reason}`,
        line: node.loc!.start.line,
        column: node.loc!.start.column,
      }
  }
  return null
}

/** The first list that starts with a comma, which luaparse lets through and Lua 5.1 refuses. */
function commaFinding(lists: List[], lua: string): Finding | null {
  for (const node of lists) {
    const items = node.arguments as Ranged<luaparse.Expression>[]
    if (!items.length) continue
    const from =
      node.type === 'CallExpression'
        ? (node.base as Ranged<luaparse.Expression>).range![1]
        : node.range![0] + 'return'.length
    const comma = leadingComma(lua, from, items[0].range![0])
    if (comma >= 0)
      return { code: 'lua-syntax', message: "Lua syntax error: unexpected symbol near ','", ...position(lua, comma) }
  }
  return null
}

/**
 * A Lua 5.1 limit passed (locals or upvalues of one function, nesting): Redis refuses to load the
 * script. Lua stops at the first it meets, so the earlier of the two is reported.
 */
function limitsExceeded(chunk: luaparse.Chunk, lua: string): Finding | null {
  const found = [limitFinding(chunk), levelFinding(chunk, lua)]
    .filter(f => f !== null)
    .sort((a, b) => a.line - b.line || a.column - b.column)[0]
  return found
    ? { code: 'lua-syntax', message: `Lua syntax error: ${found.message}`, line: found.line, column: found.column }
    : null
}

function globalWrites(collected: Collected): { name: string; finding: Finding }[] {
  const targets = [
    ...collected.assignments.flatMap(a => a.variables.map(v => ({ target: v, fn: false }))),
    ...collected.functions.flatMap(f => (f.identifier ? [{ target: f.identifier, fn: true }] : [])),
  ]
  return targets.flatMap(({ target, fn }) => {
    const finding = writeFinding(target, fn)
    return finding ? [finding] : []
  })
}

function writeFinding(target: luaparse.Node, fn: boolean): { name: string; finding: Finding } | null {
  const { line, column } = target.loc!.start
  if (target.type === 'Identifier') {
    if ((target as Identifier).isLocal) return null
    const message = fn
      ? `global function \`${target.name}\`: Redis forbids new globals (write \`local function ${target.name}\`)`
      : `assignment to global \`${target.name}\`: Redis forbids new globals (declare it \`local ${target.name}\`)`
    return { name: target.name, finding: { code: 'global-write', message, line, column } }
  }
  const base = baseIdentifier(target)
  if (!base || base.isLocal || SCRIPT_PARAMETERS.has(base.name)) return null
  const message = `write into the global table \`${base.name}\`: Redis makes it read-only (copy what you need into a local table)`
  return { name: base.name, finding: { code: 'global-write', message, line, column } }
}

function baseIdentifier(node: luaparse.Node): Identifier | null {
  let current = node
  while (current.type === 'MemberExpression' || current.type === 'IndexExpression') current = current.base
  return current.type === 'Identifier' ? current : null
}

function unknownGlobals(identifiers: Identifier[], allowed: ReadonlySet<string>, written: Set<string>): Finding[] {
  const seen = new Set<string>()
  const findings: Finding[] = []
  for (const id of identifiers) {
    if (id.isLocal !== false || allowed.has(id.name) || written.has(id.name) || seen.has(id.name)) continue
    seen.add(id.name)
    const { line, column } = id.loc!.start
    findings.push({
      code: 'unknown-global',
      message: `\`${id.name}\` is not a local and not a global Redis provides: it fails at run time with "Script attempted to access nonexistent global variable"`,
      line,
      column,
    })
  }
  return findings
}

function unusedDeclarations(identifiers: Identifier[], declarations: Declaration[]): Finding[] {
  const used = new Set<string>()
  const definedAt = new Map(declarations.map(d => [d.name, d.outputLine]))
  for (const id of identifiers) {
    if (id.isLocal === true && definedAt.has(id.name) && definedAt.get(id.name) !== id.loc!.start.line)
      used.add(id.name)
  }
  return declarations
    .filter(d => !used.has(d.name))
    .map(d => ({
      code: 'unused-declaration' as const,
      message: `${d.kind} \`${d.name}\` is declared but never used`,
      line: d.outputLine,
      column: d.column,
    }))
}

function rawParameters(identifiers: Identifier[], declarations: Declaration[]): Finding[] {
  if (declarations.length === 0) return []
  const generated = new Set(declarations.map(d => d.outputLine))
  const seen = new Set<string>()
  return identifiers.flatMap(id => {
    const { line, column } = id.loc!.start
    if (id.isLocal !== false || !SCRIPT_PARAMETERS.has(id.name) || generated.has(line) || seen.has(id.name)) return []
    seen.add(id.name)
    return [
      {
        code: 'raw-keys-argv' as const,
        message: `raw \`${id.name}\` in a script that declares keys or args: use the declared names (the numbering follows the declarations, across includes)`,
        line,
        column,
      },
    ]
  })
}
