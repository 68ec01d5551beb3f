/** How a lint rule reports: as an error that fails the build, as a warning, or not at all. */
export type RuleLevel = 'error' | 'warn' | 'off'

/**
 * The configurable checks, one row each: the `lint` option's type, its defaults, its validation and
 * the CLI's `--lint` help all come from here. Every other diagnostic is always an error.
 */
export const LINT_RULES = {
  'unknown-global': { level: 'error', summary: 'a read of a global that Redis does not provide' },
  'global-write': {
    level: 'error',
    summary: 'an assignment to a global, a global `function`, or a write into a library table',
  },
  'unused-declaration': { level: 'warn', summary: 'a `%key` or `%arg` that the script never reads' },
  'raw-keys-argv': { level: 'warn', summary: 'raw `KEYS`/`ARGV` in a script that declares keys or args' },
} as const satisfies Record<string, { level: RuleLevel; summary: string }>

/** The name of a lint rule. */
export type LintRule = keyof typeof LINT_RULES

/**
 * Per-rule levels: `'error'`, `'warn'` or `'off'`.
 * `unknown-global` and `global-write` default to `'error'`, `unused-declaration` and `raw-keys-argv` to `'warn'`.
 */
export type LintRules = { [rule in LintRule]?: RuleLevel }

/** The levels a rule can be set to. */
export const RULE_LEVELS: readonly RuleLevel[] = ['error', 'warn', 'off']

/** Every rule at its default level. */
export const DEFAULT_LINT: Required<LintRules> = Object.fromEntries(
  Object.entries(LINT_RULES).map(([rule, row]) => [rule, row.level]),
) as Required<LintRules>

/** Every rule off: what a compile with broken directives runs (rules would only echo the broken line). */
export const LINT_OFF: Required<LintRules> = Object.fromEntries(
  Object.keys(LINT_RULES).map(rule => [rule, 'off']),
) as Required<LintRules>

/** Is this the name of a lint rule? */
export function isLintRule(name: string): name is LintRule {
  return Object.hasOwn(LINT_RULES, name)
}

/** Is this a level a rule can be set to? */
export function isRuleLevel(level: unknown): level is RuleLevel {
  return RULE_LEVELS.includes(level as RuleLevel)
}
