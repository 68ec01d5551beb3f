import type { ScriptDefinition } from '../shared/definition.js'
import type { LintRules } from './lint-rules.js'
import type { CompileSession } from './session.js'
import type { Target } from './targets.js'

/** File access for the compiler: it never touches the disk itself. */
export interface CompileHost {
  /** The text of the file at an absolute path, or `undefined` when there is none. */
  readFile: (path: string) => string | undefined
  /** The real path (symlinks resolved), used to keep includes inside the root. @default identity */
  realpath?: (path: string) => string
}

export interface CompileOptions extends CompileHost {
  /** Includes must resolve inside this directory (or an include directory); names are relative to it. */
  root: string
  /** Extra directories searched for `%include` paths that are not found next to the including file. */
  includeDirs?: string[]
  /**
   * The server the scripts are for: it decides the globals a script may read and how the server
   * compiles it. `'redis-7'` (Redis 7.x), `'redis-6.2'` or `'valkey-8'`. @default 'redis-7'
   */
  target?: Target
  /** Globals allowed on top of the ones the target provides. */
  globals?: string[]
  /** Per-rule levels. */
  lint?: LintRules
  /** Caches shared with the other compiles of the same build (see `createCompileSession`). @default a fresh session */
  session?: CompileSession
}

/** Where a file was included from: the `%include` line in the including file. */
export interface IncludeSite {
  file: string
  line: number
  column: number
}

/** A build-time finding. `line` is 1-based and `column` 0-based, as in Rollup's `loc`. */
export interface Diagnostic {
  severity: 'error' | 'warning'
  code: string
  message: string
  /** Absolute path of the file the finding is in. */
  file: string
  line: number
  column: number
  /** The include sites from the entry file down to `file`, outermost first; empty in the entry file. */
  chain: IncludeSite[]
}

/** What `compile` returns: the script definition plus what a build needs around it. */
export interface CompileResult extends ScriptDefinition {
  /** Shebang flags, in the order written. */
  flags: string[]
  /** Absolute paths of every file read, the entry first; watch them all. */
  dependencies: string[]
  /**
   * The paths an `%include` was looked for at and found nothing: all of them for an unresolved include,
   * those searched before the file found for a resolved one. A file created at one of them changes the
   * result; watch them too.
   */
  missing: string[]
  diagnostics: Diagnostic[]
}

export type { LintRule, LintRules, RuleLevel } from './lint-rules.js'
