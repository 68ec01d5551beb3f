import { FUNCTION_LINE_OFFSET } from '../shared/functions.js'
import type { Library } from './library.js'
import { lint } from './lint.js'
import type { Finding } from './lint.js'
import type { LuaCompiler } from './lua-compiler.js'
import type { Sandbox } from './targets.js'

/**
 * What FUNCTION LOAD refuses, or a function fails on, where EVAL accepts the same script, in
 * rendered-script coordinates. Lua's own compiler reads the library text as the server does, so the
 * wrapper's effects are seen as Lua sees them: the callback's KEYS and ARGV parameters are two more
 * locals (198 are left for the body) and upvalues of every nested function that reads them, and the
 * callback is not a vararg function (`...` at the script's top level).
 */
export function functionFindings(lib: Library, lua: string, sandbox: Sandbox, compiler: LuaCompiler): Finding[] {
  const lines = lua.split('\n').length
  const input = { lua: lib.library, sha1: '', declarations: [], allowedGlobals: sandbox.globals, sandbox, compiler }
  const loaded = lint({ ...input, syntaxOnly: true }).map(f => {
    const line = Math.min(Math.max(f.line - FUNCTION_LINE_OFFSET, 1), lines)
    const column = f.line === FUNCTION_LINE_OFFSET + 1 ? Math.max(0, f.column - lib.header.length) : f.column
    return { ...f, line, column, message: functionMessage(f.message) }
  })
  return [...loaded, ...replicateCommands(lua)]
}

/** Lua's message about the library, said about the script (its line numbers too). */
function functionMessage(message: string): string {
  const text = message
    .replace(/^Lua syntax error: /, '')
    .replace(/function at line (\d+)/g, (_, n: string) => `function at line ${Number(n) - FUNCTION_LINE_OFFSET}`)
  const hint = /outside a vararg function/.test(text)
    ? ": a function's body gets KEYS and ARGV only, no `...`"
    : /has more than 200 local variables/.test(text)
      ? ': a function has 198 for its body (KEYS and ARGV take two)'
      : /has more than 60 upvalues/.test(text)
        ? ': in a function, KEYS and ARGV count as upvalues of every nested function that reads them'
        : ''
  return `as a Redis Function, FUNCTION LOAD refuses this: ${text}${hint}`
}

/** Strings and comments, skipped whole, or a use of `redis.replicate_commands` outside them. */
const REPLICATE_RE =
  /--\[(=*)\[[\s\S]*?\]\1\]|--[^\n]*|\[(=*)\[[\s\S]*?\]\2\]|"(?:\\[\s\S]|[^"\\\n])*"|'(?:\\[\s\S]|[^'\\\n])*'|(?<![.:\w])redis\s*\.\s*replicate_commands\b/g

/** `redis.replicate_commands` is gone in functions (they always replicate effects): calling it fails at run time. */
function replicateCommands(lua: string): Finding[] {
  for (const match of lua.matchAll(REPLICATE_RE)) {
    if (!match[0].startsWith('redis')) continue
    const before = lua.slice(0, match.index)
    const line = before.split('\n').length
    return [
      {
        code: 'lua-syntax',
        message:
          'as a Redis Function: `redis.replicate_commands` does not exist in functions (they always replicate effects); remove the call',
        line,
        column: match.index - (before.lastIndexOf('\n') + 1),
      },
    ]
  }
  return []
}
