import { Buffer } from 'node:buffer'
import { LUA_WASM } from './lua-wasm.js'

/** What Lua's compiler said about a text it refused. */
export interface LuaError {
  /** Lua's message without its `chunkname:line:` prefix, e.g. `'=' expected near 'x'`. */
  message: string
  /** The line Lua names (1-based), or 0 when the message names none. */
  line: number
  /** How far Lua read, in UTF-16 code units of the text: the lexer stopped there. */
  stop: number
  /** Lua reached the end of the text: the last character it read is not one it looked ahead at. */
  ended: boolean
}

/** What differs between the servers' builds of Lua 5.1.5 when they compile a script. */
export interface LuaDialect {
  /** The chunk name Lua's messages start with: `@user_script` is `user_script:3: ...`. */
  chunkname: string
  /**
   * A `[[` inside a level-0 long string or comment is allowed. Lua 5.1.5 as released refuses it
   * ("nesting of [[...]] is deprecated"); Redis's fix for CVE-2025-46819 (2025) made the check unreachable.
   */
  nestedLongBrackets: boolean
}

/** Lua 5.1.5's own compiler: would the server load this text? */
export interface LuaCompiler {
  /** null when Lua compiles `text` as the server's build does, else its error. Never throws. */
  check(text: string, dialect: LuaDialect): LuaError | null
}

/** The part of the WebAssembly API used here (the project's `lib` has no WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

/**
 * The compiled WebAssembly module: code only, no state (each compiler instantiates its own memory), so
 * one serves every build. Compiling it takes a few milliseconds, once, when the compiler is loaded.
 */
const LUA_MODULE = new wasm.Module(Buffer.from(LUA_WASM, 'base64'))

interface Exports {
  memory: { buffer: ArrayBuffer }
  __indirect_function_table: { get(index: number): (L: number, ud: number) => void }
  text_buffer(size: number): number
  check(length: number, refuseNesting: number): number
  check_slowly(length: number, refuseNesting: number): number
  message(): number
  message_length(): number
  consumed(): number
  ended(): number
}

/** Thrown through the WebAssembly frames by a Lua error, caught where Lua's protected call began. */
class LuaUnwind {}
const UNWIND = new LuaUnwind()
const BAD_FILE = 8 // WASI's EBADF: Lua never opens a file here

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * A compiler with its own Lua state and memory, reused for every check (a build's session holds
 * one). A failure of the WebAssembly itself (out of memory) gives a fresh instance on the next check.
 */
export function createLuaCompiler(): LuaCompiler {
  let lua: Exports | null = null
  const start = (): Exports => {
    let exports: Exports | null = null
    const imports = {
      env: {
        protect: (f: number, L: number, ud: number) => {
          try {
            exports!.__indirect_function_table.get(f)(L, ud)
          } catch (error) {
            if (error !== UNWIND) throw error
          }
        },
        unwind: () => {
          throw UNWIND
        },
      },
      wasi_snapshot_preview1: {
        fd_close: () => BAD_FILE,
        fd_read: () => BAD_FILE,
        fd_seek: () => BAD_FILE,
        fd_write: () => BAD_FILE,
        proc_exit: (code: number) => {
          throw new Error(`Lua exited (${code})`)
        },
      },
    }
    exports = new wasm.Instance(LUA_MODULE, imports).exports as Exports
    return exports
  }
  const run = (text: string, dialect: LuaDialect): LuaError | null => {
    lua ??= start()
    const name = encoder.encode(`${dialect.chunkname}\0`)
    const refuseNesting = dialect.nestedLongBrackets ? 0 : 1
    const room = text.length * 3 + name.length
    const at = lua.text_buffer(room)
    if (!at) throw new Error('out of memory')
    const { written } = encoder.encodeInto(text, new Uint8Array(lua.memory.buffer, at, room))
    new Uint8Array(lua.memory.buffer, at + written, name.length).set(name)
    if (lua.check(written, refuseNesting) === 0) return null
    // Refused: read again a byte at a time to learn where Lua stopped (slower, and only for errors).
    lua.check_slowly(written, refuseNesting)
    const bytes = new Uint8Array(lua.memory.buffer)
    const raw = decoder.decode(bytes.subarray(lua.message(), lua.message() + lua.message_length()))
    const stop = decoder.decode(bytes.subarray(at, at + lua.consumed())).length
    return { ...parseMessage(raw, dialect.chunkname), stop, ended: lua.ended() !== 0 }
  }
  return {
    check(text, dialect) {
      try {
        return run(text, dialect)
      } catch (error) {
        lua = null
        const message = `the Lua compiler failed: ${(error as Error)?.message ?? error}`
        return { message, line: 0, stop: 0, ended: false }
      }
    },
  }
}

/**
 * `user_script:3: '=' expected near 'x'` -> line 3 and the rest; a message without the prefix keeps
 * line 0. Line breaks (from a string Lua quotes) become spaces, as in the server's error reply.
 */
function parseMessage(text: string, chunkname: string): { message: string; line: number } {
  const raw = text.replace(/[\r\n]/g, ' ')
  const prefix = `${chunkname.replace(/^[@=]/, '')}:`
  if (raw.startsWith(prefix)) {
    const match = /^(\d+): /.exec(raw.slice(prefix.length))
    if (match) return { message: raw.slice(prefix.length + match[0].length), line: Number(match[1]) }
  }
  return { message: raw, line: 0 }
}
