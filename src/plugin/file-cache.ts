import { createCompileSession } from '../core/index.js'
import type { CompileHost, CompileSession } from '../core/index.js'

/**
 * The compiler's file access with texts and real paths remembered: a build of 500 scripts that share
 * 50 includes then reads and resolves each include once, not once per script (row 7 of the bench:
 * `realpathSync`'s `lstat` of every path component was a third of the compile time). Forgotten when a
 * build starts or ends and on each watched change, so a rebuild or a dev-server reload sees every edit.
 * The compile session (parsed includes by text) lives as long as the texts do.
 */
export class FileCache {
  private readonly texts = new Map<string, string | undefined>()
  private readonly reals = new Map<string, string>()

  /** The compiler's caches for this build. */
  session: CompileSession = createCompileSession()

  constructor(private readonly base: CompileHost) {}

  /** The cached host to compile with. */
  readonly host: CompileHost = {
    readFile: file => remember(this.texts, file, () => this.base.readFile(file)),
    realpath: file => remember(this.reals, file, () => this.base.realpath?.(file) ?? file),
  }

  /**
   * A watched file changed: an edit only changes its own text, but a created or deleted file can be a
   * missing include appearing, or a directory or symlink that other paths resolve through.
   */
  changed(file: string, event: 'create' | 'update' | 'delete'): void {
    if (event !== 'update') return this.clear()
    const key = file.replace(/\\/g, '/')
    this.texts.delete(key)
    this.reals.delete(key)
  }

  clear(): void {
    this.session = createCompileSession()
    this.texts.clear()
    this.reals.clear()
  }
}

// A read that throws (a file that is not UTF-8) is not remembered: it is rare, and thrown again next time.
function remember<T>(cache: Map<string, T>, key: string, get: () => T): T {
  if (cache.has(key)) return cache.get(key)!
  const value = get()
  cache.set(key, value)
  return value
}
