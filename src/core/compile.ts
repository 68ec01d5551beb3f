import path from 'node:path/posix'
import { chainAt } from '../shared/line-map.js'
import type { LineMap } from '../shared/definition.js'
import type { CompileOptions, CompileResult, Diagnostic, LintRules, RuleLevel } from './types.js'
import { lint } from './lint.js'
import { DEFAULT_LINT, LINT_OFF } from './lint-rules.js'
import type { Finding } from './lint.js'
import { emptyRendering, render } from './render.js'
import type { Rendering } from './render.js'
import { toPosix } from './resolve.js'
import type { ResolveContext } from './resolve.js'
import { createCompileSession } from './session.js'
import { sha1 } from './sha1.js'
import { DEFAULT_TARGET, sandboxOf } from './targets.js'
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
  const lua = rendering.lines.join('\n')
  const hash = sha1(lua)
  const sandbox = sandboxOf(options.target ?? DEFAULT_TARGET)
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
        })
  // Lint rules would only echo a broken directive (its name missing from the locals): syntax only then.
  const rules = rendering.diagnostics.length ? LINT_OFF : { ...DEFAULT_LINT, ...options.lint }
  const lineMap: LineMap = { files: rendering.files, segments: rendering.segments, directives: rendering.directives }
  return {
    name: path.relative(root, file).replace(/\.lua$/, ''),
    lua,
    sha1: hash,
    keys: rendering.keys,
    args: rendering.args,
    returns: rendering.returns,
    ...(Object.keys(rendering.types).length ? { types: rendering.types } : {}),
    readOnly: rendering.flags.includes('no-writes'),
    flags: rendering.flags,
    lineMap,
    dependencies: rendering.dependencies,
    missing: rendering.missing,
    diagnostics: [...rendering.diagnostics, ...findings.flatMap(f => locate(f, rules, rendering, lineMap, root))],
  }
}

function resolveContext(root: string, options: CompileOptions): ResolveContext {
  const cache = new Map<string, string | undefined>()
  const realpath = options.realpath ?? (file => file)
  const includeDirs = (options.includeDirs ?? []).map(dir => path.resolve(root, toPosix(dir)))
  const allowed = [root, ...includeDirs]
  const problems = new Map<string, FileProblem>()
  const read = (file: string): string | undefined => {
    if (!cache.has(file)) cache.set(file, readText(options, file, problems))
    return cache.get(file)
  }
  return {
    session: options.session ?? createCompileSession(),
    root,
    allowed,
    allowedReal: allowed.map(dir => toPosix(realpath(dir))),
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
  const found = chainAt(lineMap, Math.min(finding.line, rendering.lines.length))
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
