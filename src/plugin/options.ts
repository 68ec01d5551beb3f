import { DEFAULT_TARGET, isLintRule, isRuleLevel, isTarget, LINT_RULES, RULE_LEVELS, TARGETS } from '../core/index.js'
import type { LintRules, Target } from '../core/index.js'
import { optionsError } from '../shared/errors.js'

/** A filter pattern: a picomatch glob, a RegExp, or a list of them. */
export type FilterPattern = string | RegExp | readonly (string | RegExp)[]

/** Options of `redisLua(options)`, the same in every bundler, the Node API and the CLI. */
export interface Options {
  /**
   * Which module ids are compiled as Redis Lua scripts.
   * @default /\.lua$/
   */
  include?: FilterPattern
  /**
   * Ids to leave alone even when `include` matches them.
   * @default undefined
   */
  exclude?: FilterPattern
  /**
   * The project root: `%include` paths must stay inside it, and script names are paths from it.
   * @default the bundler's root (Vite `root`, webpack `context`), else `process.cwd()`
   */
  root?: string
  /**
   * Extra directories searched for `%include` paths not found next to the including file,
   * relative to `root`. Includes may also resolve inside these.
   * @default []
   */
  includeDirs?: string[]
  /**
   * Write a `foo.d.lua.ts` sidecar with precise types next to every compiled `foo.lua`.
   * @default true
   */
  dts?: boolean
  /**
   * The server the scripts run on: it sets the globals a script may read and how the server compiles
   * it. `'redis-7'` (Redis 7.x), `'redis-6.2'` (scripts become the body of a function there) or
   * `'valkey-8'` (also `os.clock`, `getfenv`, `setfenv`, `newproxy` and `server`).
   * @default 'redis-7'
   */
  target?: Target
  /**
   * Globals to allow on top of the ones the target provides (for a patched or newer server, such as
   * `os` on Redis 7.4).
   * @default []
   */
  globals?: string[]
  /**
   * Per-rule levels for the lint checks: `'error'`, `'warn'` or `'off'`.
   * @default { 'unknown-global': 'error', 'global-write': 'error', 'unused-declaration': 'warn', 'raw-keys-argv': 'warn' }
   */
  lint?: LintRules
}

/** Options with every default applied; `root` stays undefined until the bundler says what it is. */
export interface ResolvedOptions {
  include: FilterPattern
  exclude: FilterPattern | undefined
  root: string | undefined
  includeDirs: string[]
  dts: boolean
  target: Target
  globals: string[]
  lint: LintRules
}

export type { LintRule, LintRules, RuleLevel, Target } from '../core/index.js'

/** Applies the defaults once and rejects invalid options with a message naming the option. */
export function resolveOptions(options: Options = {}): ResolvedOptions {
  for (const [rule, level] of Object.entries(options.lint ?? {})) {
    if (!isLintRule(rule))
      fail(`\`lint\` has an unknown rule \`${rule}\` (expected ${Object.keys(LINT_RULES).join(', ')})`)
    if (!isRuleLevel(level))
      fail(`\`lint['${rule}']\` must be ${RULE_LEVELS.map(l => `'${l}'`).join(', ')}, got ${JSON.stringify(level)}`)
  }
  if (options.target !== undefined && !isTarget(options.target))
    fail(`\`target\` must be ${targetNames()}, got ${JSON.stringify(options.target)}`)
  if (options.globals && !options.globals.every(g => typeof g === 'string')) fail('`globals` must be a list of names')
  if (options.includeDirs && !options.includeDirs.every(d => typeof d === 'string'))
    fail('`includeDirs` must be a list of paths')
  return {
    include: options.include ?? /\.lua$/,
    exclude: options.exclude,
    root: options.root,
    includeDirs: options.includeDirs ?? [],
    dts: options.dts ?? true,
    target: options.target ?? DEFAULT_TARGET,
    globals: options.globals ?? [],
    lint: options.lint ?? {},
  }
}

/** `'redis-7', 'redis-6.2' or 'valkey-8'`, for messages. */
export function targetNames(): string {
  const names = Object.keys(TARGETS).map(t => `'${t}'`)
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`
}

function fail(message: string): never {
  throw optionsError(message)
}
