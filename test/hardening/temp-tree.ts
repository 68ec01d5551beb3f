import { existsSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { compile } from '../../src/core/index.js'
import type { CompileOptions, CompileResult } from '../../src/core/index.js'
import { fsHost } from '../../src/host/fs-host.js'
import { tempTree as tempDir } from '../support/temp-tree.js'

/** A real temporary folder: `base/project` is the root, `base/` itself is outside it. */
export interface TempTree {
  base: string
  root: string
  write: (rel: string, content: string | Uint8Array) => string
  link: (rel: string, target: string) => string
  dispose: () => void
}

export function tempTree(): TempTree {
  const base = realpathSync(tempDir())
  const root = path.join(base, 'project')
  mkdirSync(root)
  const at = (rel: string) => {
    const file = path.resolve(root, rel)
    mkdirSync(path.dirname(file), { recursive: true })
    return file
  }
  return {
    base,
    root,
    write: (rel, content) => {
      const file = at(rel)
      writeFileSync(file, content)
      return file
    },
    link: (rel, target) => {
      const file = at(rel)
      symlinkSync(target, file)
      return file
    },
    dispose: () => rmSync(base, { recursive: true, force: true }),
  }
}

export interface Traced {
  result: CompileResult
  reads: string[]
}

/** Compiles on the real file system through `fsHost`, recording every path it is asked to read. */
export function compileTraced(entry: string, options: Omit<CompileOptions, 'readFile'>): Traced {
  const reads: string[] = []
  const readFile = (file: string) => {
    reads.push(file)
    return fsHost.readFile(file)
  }
  return { result: compile(entry, { ...fsHost, ...options, readFile }), reads }
}

/** True when `file` is below `dir` both as written and with every symlink resolved. */
export function insideForReal(dir: string, file: string): boolean {
  const inside = (d: string, f: string) =>
    !path.relative(d, f).startsWith('..') && !path.isAbsolute(path.relative(d, f))
  return inside(dir, file) && (!existsSync(file) || inside(realpathSync(dir), realpathSync(file)))
}
