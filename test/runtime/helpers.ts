import type { Redis } from 'ioredis'
import { createHash } from 'node:crypto'
import { defineScript, type LuaScript, type ScriptDefinition } from '../../src/runtime/index.js'
import { compileFiles } from '../support/compile-memory.js'

/** Hex SHA-1 with node:crypto, to check the build-time one against. */
export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex')
}

/**
 * Compiles in-memory files (paths relative to the root) with the real compiler. Scripts meant to fail
 * at run time may have lint errors; `strict` makes any error diagnostic throw instead.
 */
export function definitionOf(files: Record<string, string>, entry: string, strict = true): ScriptDefinition {
  const result = compileFiles(files, entry)
  const errors = result.diagnostics.filter(d => d.severity === 'error')
  if (strict && errors.length) throw new Error(errors.map(d => `${d.file}:${d.line}: ${d.message}`).join('\n'))
  const { name, lua, sha1, keys, args, returns, types, readOnly, lineMap } = result
  return { name, lua, sha1, keys, args, returns, types, readOnly, lineMap }
}

/** One `%arg` line of each scalar and structured type, each named by its type's first letter. */
export const ARG_OF_EACH_TYPE = [
  '%arg i integer',
  '%arg n number',
  '%arg s string',
  '%arg b boolean',
  '%arg l list',
  '%arg d dict',
]

/** A script object from one in-memory file named `<name>.lua`. */
export function scriptOf<P extends object = Record<string, never>, R = unknown>(
  name: string,
  source: string,
  strict = true,
): LuaScript<P, R> {
  return defineScript<P, R>(definitionOf({ [`${name}.lua`]: source }, `${name}.lua`, strict))
}

/** The calls Redis counted per command (`INFO commandstats`), e.g. `{ evalsha: 3, eval: 1 }`. */
export async function commandCounts(client: {
  info(section: string): Promise<string>
}): Promise<Record<string, number>> {
  const info = await client.info('commandstats')
  const counts: Record<string, number> = {}
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts[match[1]] = Number(match[2])
  return counts
}

/** How many more calls of each command Redis counted between two `commandCounts`. */
export function countsSince(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const diff: Record<string, number> = {}
  for (const [name, calls] of Object.entries(after))
    if (calls !== (before[name] ?? 0)) diff[name] = calls - (before[name] ?? 0)
  return diff
}

/**
 * Of a `countsSince` result, only what a script call could send (EVAL*, FCALL*, SCRIPT, FUNCTION): other
 * commands (a replica's REPLCONF ACK, a cluster client's slot refresh) reach a server whenever they like.
 */
export function scriptCommandsOf(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([name]) => /^(eval|fcall|script|function)/.test(name)))
}

/** Runs `body` and returns the unhandled promise rejections seen during it and 20 ms after. */
export async function unhandledRejectionsOf(body: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason)
  }
  process.on('unhandledRejection', onUnhandled)
  try {
    await body()
    await new Promise(resolve => setTimeout(resolve, 20))
    return unhandled
  } finally {
    process.off('unhandledRejection', onUnhandled)
  }
}

export interface Writes {
  /** How many times the socket handed data to the OS (`_write` or `_writev`). */
  count: () => number
}

/** Counts the real socket's writes to the kernel; the data still goes out as usual. */
export function countWrites(client: Redis): Writes {
  const stream = client.stream as unknown as Record<string, (...args: unknown[]) => unknown>
  let count = 0
  for (const method of ['_write', '_writev']) {
    const original = stream[method]
    stream[method] = function (this: unknown, ...args: unknown[]) {
      count++
      return original.apply(this, args)
    }
  }
  return { count: () => count }
}

/**
 * Runs `body` while another client sends SCRIPT FLUSH over and over; resolves to `body`'s result
 * and how many flushes ran meanwhile.
 */
export async function whileFlushing<T>(
  admin: { script(subcommand: 'FLUSH'): Promise<unknown> },
  body: () => Promise<T>,
): Promise<{ result: T; flushes: number }> {
  let flushes = 0
  let running = true
  const flusher = (async () => {
    while (running) {
      await admin.script('FLUSH')
      flushes++
      await new Promise(resolve => setImmediate(resolve))
    }
  })()
  let result: T
  try {
    result = await body()
  } finally {
    running = false
    await flusher
  }
  return { result, flushes }
}
