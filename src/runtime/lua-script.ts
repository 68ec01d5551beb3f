import {
  FUNCTION_COMMANDS,
  READ_ONLY_FUNCTION_COMMANDS,
  READ_ONLY_SCRIPT_COMMANDS,
  SCRIPT_COMMANDS,
  type Commands,
  type Engine,
} from './call.js'
import { FUNCTION_LINE_OFFSET } from '../shared/functions.js'
import { functionLoad } from './function-load.js'
import type { DirectAdapter } from './clients/adapter.js'
import { adapterOf } from './clients/index.js'
import { commonSlot } from './common-slot.js'
import { resultDecoder } from './decode-result.js'
import type { ArgSpec, LineMap, ReturnSpec, ScriptDefinition, TypeNode } from '../shared/definition.js'
import { runDirect } from './direct.js'
import { firstKey, paramsEncoder, type Argv, type Head } from './encode-params.js'
import { scriptLoad } from './script-load.js'
import { runQueued } from './queued.js'
import type { WireValue } from './encode-value.js'
import type { ParamsArgument, ScriptClient, ScriptParams } from './types.js'

interface Internals {
  engine: Engine
  /** The arguments encoder for each argv layout (by head), made when first needed. */
  encoders: ((params: unknown) => Argv)[]
  makeEncoder: (head: Head) => (params: unknown) => Argv
}

// Kept off the class (no `#private` fields) so `LuaScript` stays structural: two copies of the
// runtime (say src and dist, or two installs) still accept each other's script objects.
const internals = new WeakMap<object, Internals>()

function internalsOf(script: object): Internals {
  const found = internals.get(script)
  if (!found)
    throw new TypeError('LuaScript methods must be called on a script object (use runner() for a bound function)')
  return found
}

/**
 * A compiled Redis Lua script, run with named, typed parameters and a typed result. What a `.lua`
 * import gives; generated sidecars type it as `LuaScript<{ key: string | Buffer, ... }, Result>`.
 */
export class LuaScript<Params extends object = ScriptParams, Result = unknown> {
  /** The path from the root without `.lua`, e.g. `create_foo`. */
  readonly name: string
  /** The rendered source sent to Redis. */
  readonly lua: string
  /** Hex SHA-1 of `lua`, computed at build time. */
  readonly sha1: string
  /** `%key` names in KEYS order. */
  readonly keys: readonly string[]
  /** `%arg` declarations in ARGV order. */
  readonly args: readonly ArgSpec[]
  /** The `%return` type, or `null`: the raw reply is returned. */
  readonly returns: ReturnSpec | null
  /** The script's `%type` names and what they stand for. */
  readonly types: Readonly<Record<string, TypeNode>>
  /** Runs with `EVALSHA_RO`/`EVAL_RO` (shebang `flags=no-writes`). */
  readonly readOnly: boolean
  /** Where each rendered line came from; used to map Redis errors back to files. */
  readonly lineMap: LineMap
  /** `'function'`: compiled as a Redis Function, run with FCALL (`FCALL_RO`); `'script'`: EVALSHA. */
  readonly kind: 'function' | 'script'
  /** A function's library, the text FUNCTION LOAD takes (`#!lua name=...`); `undefined` for a script. */
  readonly library: string | undefined
  /** The library's name; `undefined` for a script. */
  readonly libraryName: string | undefined
  /** The name FCALL calls; `undefined` for a script. */
  readonly functionName: string | undefined

  constructor(definition: ScriptDefinition) {
    this.name = definition.name
    this.lua = definition.lua
    this.sha1 = definition.sha1
    this.keys = Object.freeze([...definition.keys])
    this.args = Object.freeze(definition.args.map(arg => Object.freeze({ ...arg })))
    this.returns = definition.returns
    this.types = Object.freeze({ ...definition.types })
    this.readOnly = definition.readOnly
    this.lineMap = definition.lineMap
    const fn = definition.kind === 'function' ? functionOf(definition) : null
    this.kind = fn ? 'function' : 'script'
    this.library = fn?.library
    this.libraryName = fn?.libraryName
    this.functionName = fn?.functionName
    internals.set(this, {
      engine: {
        name: definition.name,
        lua: definition.lua,
        sha1: definition.sha1,
        readOnly: definition.readOnly,
        lineMap: definition.lineMap,
        commands: commandsOf(fn !== null, definition.readOnly),
        target: fn ? fn.functionName : definition.sha1,
        library: fn && { text: fn.library, name: fn.libraryName },
        lineOffset: fn ? FUNCTION_LINE_OFFSET : 0,
        decode: resultDecoder(this.name, this.returns, this.types),
      },
      encoders: [],
      makeEncoder: head => paramsEncoder(this.name, this.keys, this.args, this.types, head),
    })
    Object.freeze(this)
  }

  /**
   * Runs the script. On a `Redis` or `Cluster` it sends EVALSHA (EVAL on NOSCRIPT); on a `pipeline()`
   * or `multi()` it queues the call, and the promise settles when the user's `exec()` has run.
   * Rejects with `ScriptArgumentError` (nothing sent), `ScriptReturnError` or `LuaScriptError`.
   */
  run(client: ScriptClient, ...[params]: ParamsArgument<Params>): Promise<Result>
  // The public signature above types the parameters; this one spares every call a rest array.
  run(client: ScriptClient, params?: unknown): Promise<Result> {
    try {
      const internal = internalsOf(this)
      const { engine } = internal
      const adapter = adapterOf(client, engine.name, 'run()')
      const direct = adapter.kind === 'direct' ? adapter : adapter.parentAdapter
      const argv = argvOf(internal, direct.head, params)
      const slot = slotOf(this, argv, direct, adapter.kind === 'direct' ? client : adapter.parent(client))
      // A batch keeps its calls column by column: no call record for each (bench row 3).
      return (
        adapter.kind === 'batch'
          ? runQueued(client, adapter, engine, argv, slot)
          : runDirect(client, adapter, { engine, argv, slot })
      ) as Promise<Result>
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** `run` bound to one client, for calling the same script many times. */
  runner(client: ScriptClient): (...params: ParamsArgument<Params>) => Promise<Result> {
    return (...params) => this.run(client, ...params)
  }

  /**
   * Loads the script where it runs: SCRIPT LOAD (every master of a cluster) for a script, resolving
   * to its SHA-1; FUNCTION LOAD of its library (every master) for a function, resolving to its
   * function name. Calls load by themselves when the server lacks the script; this is for warming up,
   * and for a function before its first call inside `multi()`.
   */
  load(client: ScriptClient): Promise<string> {
    try {
      const { engine } = internalsOf(this)
      return engine.library === null ? scriptLoad(client, engine) : functionLoad(client, engine)
    } catch (error) {
      return Promise.reject(error)
    }
  }
}

function commandsOf(fn: boolean, readOnly: boolean): Commands {
  if (fn) return readOnly ? READ_ONLY_FUNCTION_COMMANDS : FUNCTION_COMMANDS
  return readOnly ? READ_ONLY_SCRIPT_COMMANDS : SCRIPT_COMMANDS
}

/** A function's fields, checked: a definition that says `function` without them cannot run. */
function functionOf(
  definition: ScriptDefinition,
): Required<Pick<ScriptDefinition, 'library' | 'libraryName' | 'functionName'>> {
  const { library, libraryName, functionName } = definition
  if (typeof library !== 'string' || typeof libraryName !== 'string' || typeof functionName !== 'string')
    throw new TypeError(`${definition.name}: a function's definition needs library, libraryName and functionName`)
  return { library, libraryName, functionName }
}

/** Checks and encodes one call's arguments in its client's layout: what can fail before anything is sent. */
function argvOf(internal: Internals, head: Head, params: unknown): Argv {
  const argv = (internal.encoders[head] ??= internal.makeEncoder(head))(params)
  argv[head] = internal.engine.target
  return argv
}

/** The keys' common slot on a cluster (a `ScriptArgumentError` when they have none), else `null`. */
function slotOf(
  script: { name: string; keys: readonly string[] },
  argv: Argv,
  direct: DirectAdapter,
  owner: object | null,
): number | null {
  if (owner === null || !direct.cluster(owner)) return null
  const first = firstKey(direct.head)
  return commonSlot(
    script.name,
    script.keys,
    argv.slice(first, first + script.keys.length) as WireValue[],
    direct.keyPrefix(owner),
  )
}
