import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { rmSync } from 'node:fs'
import { basename } from 'node:path'

/** A spawned server with the tail of its output kept for error messages. */
export interface Launched {
  child: ChildProcess
  /** The executable's file name (`redis-server`, `valkey-server`), for messages. */
  name: string
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>
  /** The last lines the process wrote to stdout and stderr. */
  tail(lines?: number): string
}

const children = new Set<ChildProcess>()
const dirs = new Set<string>()
let hooked = false

function cleanup(): void {
  for (const child of children) child.kill('SIGKILL')
  children.clear()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  dirs.clear()
}

// Vitest ends its fork workers with SIGTERM, Ctrl-C sends SIGINT: neither runs 'exit' handlers.
// Clean up, then let the signal do what it would have done had we not listened.
function onSignal(signal: NodeJS.Signals): void {
  cleanup()
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

// A test process that crashes or forgets stop() must not leave servers and temp dirs behind.
// Only synchronous work is possible on the way out, hence SIGKILL and rmSync.
function hookExit(): void {
  if (hooked) return
  hooked = true
  process.on('exit', cleanup)
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, onSignal)
}

/** Removes `dir` when the process exits unless {@link forgetDir} is called first. */
export function trackDir(dir: string): void {
  hookExit()
  dirs.add(dir)
}

/** Stops tracking a directory the caller has removed itself. */
export function forgetDir(dir: string): void {
  dirs.delete(dir)
}

function keepTail(child: ChildProcess): (lines?: number) => string {
  let text = ''
  const append = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-16_384)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  return (lines = 20) => text.trimEnd().split('\n').slice(-lines).join('\n')
}

function spawnError(binary: string, error: NodeJS.ErrnoException): Error {
  if (error.code === 'ENOENT') {
    return new Error(
      `${basename(binary)} not found on PATH: install it (Debian: apt-get install redis-server or valkey-server; ` +
        `macOS: brew install redis or valkey) or pass the binary option (tried '${binary}')`,
      { cause: error },
    )
  }
  return new Error(`could not start '${binary}': ${error.message}`, { cause: error })
}

/**
 * Spawns `binary` and resolves once the OS has started it. The child is unref'd so a forgotten
 * server cannot keep the test process alive; the exit hook kills it instead.
 */
export async function launch(binary: string, args: string[]): Promise<Launched> {
  hookExit()
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const tail = keepTail(child)
  // 'close' rather than 'exit': by then all output has been read, so error messages are complete.
  const exited = new Promise<void>(resolve => child.once('close', () => resolve()))
  try {
    await once(child, 'spawn')
  } catch (error) {
    throw spawnError(binary, error as NodeJS.ErrnoException)
  }
  child.on('error', () => {}) // a failed kill() of a dead process is not worth crashing a test run
  children.add(child)
  void exited.then(() => children.delete(child))
  child.unref()
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref?(): void }).unref?.()
  return { child, name: basename(binary), exited, tail }
}

/** True until the process has exited. */
export function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once it has exited. */
export async function terminate({ child, exited }: Launched, graceMs = 3_000): Promise<void> {
  if (running(child)) {
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
  }
  await exited
}
