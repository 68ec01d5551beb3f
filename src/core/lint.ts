import luaparse from 'luaparse'
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

interface Collected {
  identifiers: Identifier[]
  assignments: luaparse.AssignmentStatement[]
  functions: luaparse.FunctionDeclaration[]
}

/** Parses the rendered script as Lua 5.1 and checks it against what Redis allows at run time. */
export function lint(input: LintInput): Finding[] {
  const collected: Collected = { identifiers: [], assignments: [], functions: [] }
  try {
    luaparse.parse(input.lua, { luaVersion: '5.1', comments: false, locations: true, scope: true, onCreateNode: node => collect(collected, node) })
  }
  catch (error) {
    return [syntaxFinding(error)]
  }
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
}

function syntaxFinding(error: unknown): Finding {
  const e = error as { message?: string, line?: number, column?: number }
  if (typeof e.line !== 'number') throw error
  const message = String(e.message).replace(/^\[\d+:\d+\] /, '')
  return { code: 'lua-syntax', message: `Lua syntax error: ${message}`, line: e.line, column: e.column ?? 0 }
}

function globalWrites(collected: Collected): { name: string, finding: Finding }[] {
  const targets = [
    ...collected.assignments.flatMap(a => a.variables.map(v => ({ target: v, fn: false }))),
    ...collected.functions.flatMap(f => (f.identifier ? [{ target: f.identifier, fn: true }] : [])),
  ]
  return targets.flatMap(({ target, fn }) => {
    const finding = writeFinding(target, fn)
    return finding ? [finding] : []
  })
}

function writeFinding(target: luaparse.Node, fn: boolean): { name: string, finding: Finding } | null {
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
    findings.push({ code: 'unknown-global', message: `\`${id.name}\` is not a local and not a global Redis provides: it fails at run time with "Script attempted to access nonexistent global variable"`, line, column })
  }
  return findings
}

function unusedDeclarations(identifiers: Identifier[], declarations: Declaration[]): Finding[] {
  const used = new Set<string>()
  const definedAt = new Map(declarations.map(d => [d.name, d.outputLine]))
  for (const id of identifiers) {
    if (id.isLocal === true && definedAt.has(id.name) && definedAt.get(id.name) !== id.loc!.start.line) used.add(id.name)
  }
  return declarations.filter(d => !used.has(d.name)).map(d => ({
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
  return identifiers.flatMap((id) => {
    const { line, column } = id.loc!.start
    if (id.isLocal !== false || !SCRIPT_PARAMETERS.has(id.name) || generated.has(line) || seen.has(id.name)) return []
    seen.add(id.name)
    return [{ code: 'raw-keys-argv' as const, message: `raw \`${id.name}\` in a script that declares keys or args: use the declared names (the numbering follows the declarations, across includes)`, line, column }]
  })
}
