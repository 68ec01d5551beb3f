import path from 'node:path/posix'
import type { CompileHost } from '../core/index.js'

/**
 * File access from memory: `files` maps paths (relative to `root`, or absolute) to their text. A path
 * not in memory is asked of `fallback` (say the disk), or reads as absent without one.
 */
export function memoryHost(files: Record<string, string>, root: string, fallback?: CompileHost): CompileHost {
  const memory = new Map(Object.entries(files).map(([name, text]) => [path.resolve(root, toPosix(name)), text]))
  return {
    readFile: file => (memory.has(file) ? memory.get(file) : fallback?.readFile(file)),
    realpath: file => (memory.has(file) || !fallback?.realpath ? file : fallback.realpath(file)),
  }
}

function toPosix(file: string): string {
  return file.replace(/\\/g, '/')
}
