import { parseArgs } from 'node:util'
import type { ParseArgsConfig } from 'node:util'
import type { CompilerOptions } from '../node/compile-file.js'
import { isLintRule, isRuleLevel, isTarget, LINT_RULES, TARGETS } from '../core/index.js'
import type { LintRules, RuleLevel } from '../core/index.js'
import { UsageError } from './usage-error.js'

type OptionSpecs = NonNullable<ParseArgsConfig['options']>

/** The options every command takes: they shape the compile. */
export const COMPILER_OPTIONS = {
  root: { type: 'string' },
  'include-dir': { type: 'string', multiple: true },
  target: { type: 'string' },
  global: { type: 'string', multiple: true },
  lint: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs

/** A command's parsed command line. */
export interface Parsed<V> {
  values: V
  positionals: string[]
}

type Config<O extends OptionSpecs> = {
  args: string[]
  options: typeof COMPILER_OPTIONS & O
  allowPositionals: true
  strict: true
}

/** `parseArgs`, strict, with its complaints turned into usage errors of `command`. */
export function parse<const O extends OptionSpecs>(
  command: string,
  argv: string[],
  options: O,
): ReturnType<typeof parseArgs<Config<O>>> {
  try {
    return parseArgs({ args: argv, options: { ...COMPILER_OPTIONS, ...options }, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message, command)
  }
}

interface CompilerValues {
  root?: string
  'include-dir'?: string[]
  target?: string
  global?: string[]
  lint?: string[]
}

/** The compile options from `--root`, `--include-dir`, `--target`, `--global` and `--lint`. */
export function compilerOptions(values: CompilerValues, command: string): CompilerOptions {
  const target = values.target
  if (target !== undefined && !isTarget(target))
    throw new UsageError(`--target: unknown server '${target}' (expected ${Object.keys(TARGETS).join(', ')})`, command)
  return {
    root: values.root,
    includeDirs: values['include-dir'],
    target,
    globals: values.global,
    lint: lintRules(values.lint ?? [], command),
  }
}

/** `--lint unused-declaration=off --lint unknown-global=error` as the `lint` option; the last one of a rule wins. */
function lintRules(settings: string[], command: string): LintRules {
  const rules: Record<string, RuleLevel> = {}
  for (const setting of settings) {
    const [rule, level, ...rest] = setting.split('=')
    if (level === undefined || rest.length)
      throw new UsageError(`--lint takes <rule>=<error|warn|off>, got '${setting}'`, command)
    if (!isLintRule(rule))
      throw new UsageError(`--lint: unknown rule '${rule}' (expected ${Object.keys(LINT_RULES).join(', ')})`, command)
    if (!isRuleLevel(level))
      throw new UsageError(`--lint ${rule}: level must be error, warn or off, got '${level}'`, command)
    rules[rule] = level as RuleLevel
  }
  return rules
}
