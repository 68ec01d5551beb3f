import { findUses } from './lint-pass.js'
import type { RegionUses, Uses } from './lint-pass.js'
import type { LuaCompiler, LuaError } from './lua-compiler.js'
import { EOS, Lexer } from './lua-lexer.js'
import type { Declaration, IncludeRegion } from './render.js'
import { SCRIPT_PARAMETERS } from './targets.js'
import type { Sandbox } from './targets.js'

/** A finding in rendered-script coordinates (1-based line, 0-based column). */
export interface Finding {
  code: 'lua-syntax' | 'global-write' | 'unknown-global' | 'unused-declaration' | 'raw-keys-argv'
  message: string
  line: number
  column: number
}

export interface LintInput {
  lua: string
  /** The script's SHA-1: a server that wraps the script names the function after it. */
  sha1: string
  declarations: Declaration[]
  allowedGlobals: ReadonlySet<string>
  sandbox: Sandbox
  compiler: LuaCompiler
  /** The includes' texts in `lua`, each read once per build (`known`, the session's) however often it stands there. */
  regions?: readonly IncludeRegion[]
  known?: Map<string, RegionUses>
  /** Only Lua's verdict: the lint rules are off (a library's check, or a script with broken directives). */
  syntaxOnly?: boolean
}

/**
 * Lua 5.1.5's own compiler decides whether the server will load the script, and its message is the
 * error; one pass over the text it accepted then finds what the lint rules report.
 */
export function lint(input: LintInput): Finding[] {
  const { lua, sandbox } = input
  // Redis 7 strips a `#!` line up to its line feed before Lua reads the script; the line itself stays.
  const from = sandbox.shebang && lua.startsWith('#!') ? lineEnd(lua) : 0
  const body = lua.slice(from)
  const prefix = sandbox.wrapped ? `function f_${input.sha1}() ` : ''
  const text = sandbox.wrapped ? `${prefix}${body}\nend` : body
  const error = input.compiler.check(text, sandbox)
  if (error) return [syntaxFinding(lua, error, from, from - prefix.length)]
  if (input.syntaxOnly) return []
  const declarationLines = new Map(input.declarations.map(d => [d.name, d.outputLine]))
  return lintFindings(input, findUses(lua, from, declarationLines, input.regions, input.known))
}

function lineEnd(text: string): number {
  const end = text.indexOf('\n')
  return end < 0 ? text.length : end
}

/**
 * Lua's error, placed: on the line Lua names, at the token it names (`near '...'`), which is the last
 * one its lexer read before it stopped. `shift` turns an offset in the text Lua read into one in `lua`.
 */
function syntaxFinding(lua: string, error: LuaError, from: number, shift: number): Finding {
  const lexer = new Lexer(lua, from)
  let line = 1
  let column = 0
  if (error.message.endsWith("near '<eof>'")) {
    while (lexer.next() !== EOS);
    ;({ line, column } = lexer)
  } else {
    // After a token Lua has read one character more, unless the text ended.
    const last = Math.min(error.stop + shift, lua.length) - (error.ended ? 1 : 2)
    while (lexer.next() !== EOS && lexer.start <= last) ({ line, column } = lexer)
  }
  const onLine = error.line || line
  return {
    code: 'lua-syntax',
    message: `Lua syntax error: ${error.message}`,
    line: onLine,
    column: onLine === line ? column : 0,
  }
}

function lintFindings(input: LintInput, uses: Uses): Finding[] {
  const writes = uses.writes.filter(w => w.kind !== 'table' || !SCRIPT_PARAMETERS.has(w.name))
  const written = new Set(writes.map(w => w.name))
  const findings: Finding[] = writes.map(write => ({
    code: 'global-write',
    message: writeMessage(write.kind, write.name),
    line: write.line,
    column: write.column,
  }))
  const seen = new Set<string>()
  for (const use of uses.globals) {
    if (input.allowedGlobals.has(use.name) || written.has(use.name) || seen.has(use.name)) continue
    seen.add(use.name)
    findings.push({
      code: 'unknown-global',
      message: `\`${use.name}\` is not a local and not a global Redis provides: it fails at run time with "Script attempted to access nonexistent global variable"`,
      line: use.line,
      column: use.column,
    })
  }
  for (const d of input.declarations) {
    if (!uses.used.has(d.name))
      findings.push({
        code: 'unused-declaration',
        message: `${d.kind} \`${d.name}\` is declared but never used`,
        line: d.outputLine,
        column: d.column,
      })
  }
  if (input.declarations.length) findings.push(...rawParameters(uses, input.declarations))
  return findings
}

function writeMessage(kind: 'assignment' | 'function' | 'table', name: string): string {
  if (kind === 'function')
    return `global function \`${name}\`: Redis forbids new globals (write \`local function ${name}\`)`
  if (kind === 'assignment')
    return `assignment to global \`${name}\`: Redis forbids new globals (declare it \`local ${name}\`)`
  return `write into the global table \`${name}\`: Redis makes it read-only (copy what you need into a local table)`
}

/** KEYS or ARGV read where the script declares keys or args, other than on a declaration's own line. */
function rawParameters(uses: Uses, declarations: Declaration[]): Finding[] {
  const generated = new Set(declarations.map(d => d.outputLine))
  const seen = new Set<string>()
  const found: Finding[] = []
  // A loop, not flatMap: a script reads globals thousands of times.
  for (const use of uses.globals) {
    if (!SCRIPT_PARAMETERS.has(use.name) || generated.has(use.line) || seen.has(use.name)) continue
    seen.add(use.name)
    found.push({
      code: 'raw-keys-argv',
      message: `raw \`${use.name}\` in a script that declares keys or args: use the declared names (the numbering follows the declarations, across includes)`,
      line: use.line,
      column: use.column,
    })
  }
  return found
}
