import type { CompileSession } from './session.js'
import path from 'node:path/posix'
import type { FileProblem } from './source-file.js'

/** Where include lookups may land, and how to read there. */
export interface ResolveContext {
  /** Caches shared by the compiles of one build. */
  session: CompileSession
  /** Paths in messages are shown relative to this. */
  root: string
  /** Directories an include may resolve into: the root, then the include directories (in normal form). */
  allowed: string[]
  /** The same directories with symlinks resolved (in normal form). */
  allowedReal: string[]
  includeDirs: string[]
  read: (file: string) => string | undefined
  realpath: (file: string) => string
  /** A problem found while reading a file (its bytes are not UTF-8), reported where the file renders. */
  readProblem: (file: string) => FileProblem | undefined
}

export type Resolution =
  /** `shadowed`: the paths looked at before `file`; one created there would be found first instead. */
  | { ok: true; file: string; text: string; shadowed: string[] }
  /** `tried`: every allowed path looked at, none of them a file; one created there changes the answer. */
  | { ok: false; code: 'include-not-found' | 'include-outside-root'; message: string; tried: string[] }

/** Normalises to `/` separators, so Windows-style ids compare like POSIX ones. */
export function toPosix(file: string): string {
  return file.replace(/\\/g, '/')
}

/** True when `file` is `dir` or below it. */
export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file)
  return rel === '' || (!rel.startsWith('../') && rel !== '..' && !path.isAbsolute(rel))
}

/**
 * isInside() for a directory in normal form (as path.resolve gives it): a path that starts with it and
 * has no `.` or `..` step is inside without path.relative's work (a build resolves thousands of includes).
 */
function within(dir: string, file: string): boolean {
  const prefixed = file === dir || file.startsWith(dir.endsWith('/') ? dir : `${dir}/`)
  return (prefixed && !DOT_STEP_RE.test(file)) || isInside(dir, file)
}

const DOT_STEP_RE = /\/\.\.?(?:\/|$)/

/**
 * Finds the file a `%include` names: next to the including file first, then in each include directory;
 * `.lua` may be omitted. Files outside the allowed directories are refused before they are read.
 */
export function resolveInclude(spec: string, from: string, ctx: ResolveContext): Resolution {
  const names = spec.endsWith('.lua') ? [spec] : [`${spec}.lua`, spec]
  const bases = path.isAbsolute(spec) ? ['/'] : [path.dirname(from), ...ctx.includeDirs]
  const tried: string[] = []
  let outside: string | undefined
  for (const base of bases) {
    for (const name of names) {
      const file = path.resolve(base, name)
      if (!ctx.allowed.some(dir => within(dir, file))) {
        outside ??= file
        continue
      }
      tried.push(file)
      // Symlinks are resolved before reading, so a link that leads out of the root is refused unread.
      const real = ctx.realpath(file)
      if (!ctx.allowedReal.some(dir => within(dir, real))) {
        // An unresolved path under a symlinked root is a file that is not there.
        if (real === file) continue
        return refuse(spec, real, tried, ctx)
      }
      const text = ctx.read(file)
      if (text === undefined) continue
      return { ok: true, file, text, shadowed: tried.slice(0, -1) }
    }
  }
  if (outside) return refuse(spec, outside, tried, ctx)
  const shown = tried.map(file => path.relative(ctx.root, file))
  return {
    ok: false,
    code: 'include-not-found',
    message: `cannot find include "${spec}" (tried ${shown.join(', ')})`,
    tried,
  }
}

function refuse(spec: string, file: string, tried: string[], ctx: ResolveContext): Resolution {
  return {
    ok: false,
    code: 'include-outside-root',
    message: `include "${spec}" resolves to ${path.relative(ctx.root, file)}, outside the project root`,
    tried,
  }
}
