import type { TypeNode } from './type-node.js'

export type { FieldSpec, StructuredType, TypeNode, ValueType } from './type-node.js'

/** A declared `%arg`; `type` is `null` for an untyped arg, passed through as given. */
export interface ArgSpec {
  name: string
  type: TypeNode | null
}

/** A declared `%return`: any type; `'dict?'` or `{ ..., nullable: true }` when nil (`null`) is allowed. */
export type ReturnSpec = TypeNode

/**
 * Where each line of the rendered script came from, in runs of lines.
 *
 * A rendered line's chain is flat pairs `[file, line, file, line, ...]`, outermost first: the entry
 * file's `%include` line, then each nested `%include` line, then the line that wrote it. `file` indexes
 * `files` (paths from the root, `/`-separated). `segments` covers the rendered lines in order: a segment
 * `[count, ...chain]` stands for `count` consecutive rendered lines, the first with that chain and each
 * next one with the innermost line one further (a file's lines between two includes are one segment).
 * Rendered line 1 of `{ segments: [[2, 0, 1], [1, 0, 3, 1, 1]] }` is `[0, 1]`, line 2 is `[0, 2]`, line 3
 * is `[0, 3, 1, 1]` (line 3 of file 0 includes file 1). `directives` keeps the original text of
 * directive lines, keyed `"file:line"`, because their rendered text differs from what the user wrote.
 */
export interface LineMap {
  files: string[]
  segments: number[][]
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
  /** The `%type` names of the script (its whole include tree) and what they stand for; absent when none. */
  types?: Record<string, TypeNode>
  /** True when the shebang says `flags=no-writes`: the script runs with `EVALSHA_RO`/`EVAL_RO`. */
  readOnly: boolean
  lineMap: LineMap
  /**
   * `'function'` when the script was compiled as a Redis Function (run with FCALL), `'script'` (run with
   * EVALSHA) otherwise; a definition without it is a script.
   */
  kind?: 'function' | 'script'
  /** The Functions library (`#!lua name=...`) that registers the function; only for a function. */
  library?: string
  /** The library's name, from its `#!lua name=` line; only for a function. */
  libraryName?: string
  /** The name FCALL calls; only for a function. */
  functionName?: string
}
