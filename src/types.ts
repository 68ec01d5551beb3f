import type { LintRules } from './core/types.js'

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
   * Globals to allow on top of the ones Redis provides (for a patched or newer server).
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
  globals: string[]
  lint: LintRules
}

export type { LintRules, RuleLevel } from './core/types.js'
