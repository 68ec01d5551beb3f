/** A value type of `%arg` and `%return`, by its canonical name. */
export type ValueType = 'integer' | 'number' | 'string' | 'boolean' | 'list' | 'dict'

/** A declared `%arg`; `type` is `null` for an untyped arg, passed through as given. */
export interface ArgSpec {
  name: string
  type: ValueType | null
}

/** A declared `%return`: the type, with a trailing `?` when nil (`null`) is allowed. */
export type ReturnSpec = ValueType | `${ValueType}?`

/**
 * Where each line of the rendered script came from.
 *
 * `lines[i]` describes rendered line `i + 1` as flat pairs `[file, line, file, line, ...]`, outermost
 * first: the entry file's `%include` line, then each nested `%include` line, then the line that wrote it.
 * `file` indexes `files` (paths from the root, `/`-separated). `directives` keeps the original text of
 * directive lines, keyed `"file:line"`, because their rendered text differs from what the user wrote.
 */
export interface LineMap {
  files: string[]
  lines: number[][]
  directives: Record<string, string>
}

/** Everything the runtime needs to run a compiled script: what the compiler emits, nothing more. */
export interface ScriptDefinition {
  /** The path from the root, without `.lua`. */
  name: string
  /** The rendered source sent to Redis. */
  lua: string
  /** Hex SHA-1 of `lua`, computed at build time. */
  sha1: string
  /** `%key` names, in KEYS order. */
  keys: string[]
  /** `%arg` declarations, in ARGV order. */
  args: ArgSpec[]
  /** The `%return` type, or `null` when the script declares none. */
  returns: ReturnSpec | null
  /** True when the shebang says `flags=no-writes`: the script runs with `EVALSHA_RO`/`EVAL_RO`. */
  readOnly: boolean
  lineMap: LineMap
}
