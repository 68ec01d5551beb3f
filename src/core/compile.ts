import path from 'node:path/posix'
import { chainAt } from '../shared/line-map.js'
import type { LineMap } from '../shared/definition.js'
import type { CompileOptions, CompileResult, Diagnostic, LintRules, RuleLevel } from './types.js'
import { lint } from './lint.js'
import { DEFAULT_LINT, LINT_OFF } from './lint-rules.js'
import type { Finding } from './lint.js'
import { functionFindings } from './function-check.js'
import { toLibrary } from './library.js'
import type { Library } from './library.js'
import { emptyRendering, render } from './render.js'
import type { Rendering } from './render.js'
import { toPosix } from './resolve.js'
import type { ResolveContext } from './resolve.js'
import { createCompileSession } from './session.js'
import { sha1 } from './sha1.js'
import { DEFAULT_TARGET, librarySandboxOf, sandboxOf } from './targets.js'
import type { Sandbox } from './targets.js'
import type { FileProblem } from './source-file.js'
import { isInvalidUtf8 } from './utf8.js'

/**
 * Compiles an entry `.lua` file and its includes into the script Redis runs, with everything a build
 * and the runtime need. Never throws for bad input: problems come back as `diagnostics`.
 */
export function compile(entry: string, options: CompileOptions): CompileResult {
  const file = toPosix(entry)
  const root = toPosix(options.root)
  const ctx = resolveContext(root, options)
  const text = ctx.read(file)
  const rendering = text === undefined ? missingEntry(file) : render(file, text, root, ctx)
  const lua = rendering.pieces.join('\n')
  const hash = sha1(lua)
  const sandbox = sandboxOf(options.target ?? DEFAULT_TARGET)
  // Lint rules would only echo a broken directive (its name missing from the locals): syntax only then.
  const syntaxOnly = rendering.diagnostics.length > 0
  const findings =
    text === undefined
      ? []
      : lint({
          lua,
          sha1: hash,
          declarations: rendering.declarations,
          allowedGlobals: allowedGlobals(sandbox, options),
          sandbox,
          compiler: ctx.session.lua,
          regions: rendering.regions.filter(r => r.lines > 0),
          known: ctx.session.regionUses,
          syntaxOnly,
        })
  const rules = syntaxOnly ? LINT_OFF : { ...DEFAULT_LINT, ...options.lint }
  const lineMap: LineMap = { files: rendering.files, segments: rendering.segments, directives: rendering.directives }
  const relative = path.relative(root, file)
  const name = relative.replace(/\.lua$/, '')
  const diagnostics = [...rendering.diagnostics, ...findings.flatMap(f => locate(f, rules, rendering, lineMap, root))]
  const lib = asFunction(options, relative) ? toLibrary(name, lua, rendering.flags) : null
  if (lib && !diagnostics.some(d => d.severity === 'error'))
    diagnostics.push(...libraryDiagnostics(lib, lua, options, ctx, { rules, rendering, lineMap, root, file }))
  return {
    name,
    lua,
    sha1: hash,
    keys: rendering.keys,
    args: rendering.args,
    returns: rendering.returns,
    ...(Object.keys(rendering.types).length ? { types: rendering.types } : {}),
    readOnly: rendering.flags.includes('no-writes'),
    flags: rendering.flags,
    lineMap,
    kind: lib ? 'function' : 'script',
    ...(lib && { library: lib.library, libraryName: lib.libraryName, functionName: lib.functionName }),
    dependencies: rendering.dependencies,
    missing: rendering.missing,
    diagnostics,
  }
}

interface Placing {
  rules: Required<LintRules>
  rendering: Rendering
  lineMap: LineMap
  root: string
  file: string
}

/** What FUNCTION LOAD would refuse in the script's library, and a function name taken in this build. */
function libraryDiagnostics(
  lib: Library,
  lua: string,
  options: CompileOptions,
  ctx: ResolveContext,
  at: Placing,
): Diagnostic[] {
  const target = options.target ?? DEFAULT_TARGET
  const sandbox = librarySandboxOf(target)
  if (!sandbox) {
    const message = `the target \`${target}\` has no Redis Functions (they need Redis 7 or later): leave \`functions\` off for it`
    return [{ severity: 'error', code: 'functions', message, file: at.file, line: 1, column: 0, chain: [] }]
  }
  const found = functionFindings(lib, lua, sandbox, ctx.session.lua)
  const located = found.flatMap(f => locate(f, at.rules, at.rendering, at.lineMap, at.root))
  return [...located.map(d => ({ ...d, code: 'functions' })), ...nameTaken(ctx, lib.functionName, at.file)]
}

function asFunction(options: CompileOptions, relative: string): boolean {
  return typeof options.functions === 'function' ? options.functions(relative) : options.functions === true
}

/** Function names are global on a server: a second script of the build with the same one is an error. */
function nameTaken(ctx: ResolveContext, functionName: string, file: string): Diagnostic[] {
  const owner = ctx.session.functionNames.get(functionName)
  if (owner === undefined) ctx.session.functionNames.set(functionName, file)
  if (owner === undefined || owner === file) return []
  const message = `the Redis Function name \`${functionName}\` is already taken by ${owner}`
  return [{ severity: 'error', code: 'functions', message, file, line: 1, column: 0, chain: [] }]
}

function resolveContext(root: string, options: CompileOptions): ResolveContext {
  const cache = new Map<string, string | undefined>()
  const realpath = options.realpath ?? (file => file)
  const includeDirs = (options.includeDirs ?? []).map(dir => path.resolve(root, toPosix(dir)))
  const allowed = [path.resolve(root), ...includeDirs]
  const problems = new Map<string, FileProblem>()
  const read = (file: string): string | undefined => {
    if (!cache.has(file)) cache.set(file, readText(options, file, problems))
    return cache.get(file)
  }
  return {
    session: options.session ?? createCompileSession(),
    root,
    allowed,
    allowedReal: allowed.map(dir => path.resolve(toPosix(realpath(dir)))),
    includeDirs,
    read,
    realpath: file => toPosix(realpath(file)),
    readProblem: file => problems.get(file),
  }
}

/** Reads through the host; text that is not UTF-8 becomes a problem of its file, reported in place. */
function readText(options: CompileOptions, file: string, problems: Map<string, FileProblem>): string | undefined {
  try {
    return options.readFile(file)
  } catch (error) {
    if (!isInvalidUtf8(error)) throw error
    problems.set(file, error.problem)
    return error.text
  }
}

function allowedGlobals(sandbox: Sandbox, options: CompileOptions): ReadonlySet<string> {
  return options.globals?.length ? new Set([...sandbox.globals, ...options.globals]) : sandbox.globals
}

function missingEntry(file: string): Rendering {
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: 'entry-not-found',
    message: `cannot read ${file}`,
    file,
    line: 1,
    column: 0,
    chain: [],
  }
  return emptyRendering([file], [diagnostic])
}

/** Turns a finding on a rendered line into a diagnostic on the file and line that wrote it. */
function locate(
  finding: Finding,
  rules: Required<LintRules>,
  rendering: Rendering,
  lineMap: LineMap,
  root: string,
): Diagnostic[] {
  const level: RuleLevel = finding.code === 'lua-syntax' ? 'error' : rules[finding.code]
  if (level === 'off') return []
  const found = chainAt(lineMap, Math.min(finding.line, rendering.lineCount))
  const pairs = found.length ? found : [0, finding.line]
  const at = (i: number) => ({ file: path.resolve(root, rendering.files[pairs[i]]), line: pairs[i + 1] })
  const chain = []
  for (let i = 0; i < pairs.length - 2; i += 2)
    chain.push({ ...at(i), column: rendering.siteColumns[`${pairs[i]}:${pairs[i + 1]}`] ?? 0 })
  const own = at(pairs.length - 2)
  return [
    {
      severity: level === 'warn' ? 'warning' : 'error',
      code: finding.code,
      message: finding.message,
      file: own.file,
      line: own.line,
      column: finding.column,
      chain,
    },
  ]
}
