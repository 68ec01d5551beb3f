import { createHash } from 'node:crypto'
import path from 'node:path/posix'
import { expect } from 'vitest'
import { compile, generateModule } from '../../src/core/index.js'
import type { CompileOptions, CompileResult } from '../../src/core/index.js'
import { chainAt, lineCount } from '../../src/shared/line-map.js'

export const ROOT = '/project'

/** A tree of files in memory, by absolute path, and the entry to compile. */
export interface Project {
  files: Record<string, string>
  entry: string
}

export interface Compiled {
  result: CompileResult
  /** Every path the compiler asked the host to read, in order. */
  reads: string[]
}

/** Compiles from memory, recording the reads so a test can prove nothing outside the root was read. */
export function compileProject(project: Project, options: Partial<CompileOptions> = {}): Compiled {
  const reads: string[] = []
  const readFile = (file: string) => {
    reads.push(file)
    return Object.hasOwn(project.files, file) ? project.files[file] : undefined
  }
  return { result: compile(project.entry, { root: ROOT, readFile, ...options }), reads }
}

/**
 * Lua 5.1's lines (`\n`, `\r`, `\r\n`, `\n\r` each end one), written out again here so that the
 * checks below do not trust the compiler's own splitting.
 */
export function luaLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split(/\r\n|\n\r|\r|\n/)
  if (lines.at(-1) === '') lines.pop()
  return lines
}

export const INCLUDE_LINE_RE = /^[ \t]*(?:--)?%include[ \t]/

export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file)
  return rel === '' || (!rel.startsWith('../') && rel !== '..' && !path.isAbsolute(rel))
}

function sourceLine(project: Project, file: string, line: number): string | undefined {
  return luaLines(project.files[file] ?? '')[line - 1]
}

/**
 * Every diagnostic names a file of the tree, a line inside it (1 for an empty file) and a column >= 0,
 * and its include chain runs from the entry through real `%include` lines.
 */
export function expectPlacedDiagnostics(project: Project, { result, reads }: Compiled): void {
  for (const d of result.diagnostics) {
    expect(result.dependencies).toContain(d.file)
    expect(Object.hasOwn(project.files, d.file)).toBe(true)
    expect(
      Number.isInteger(d.line) && d.line >= 1 && d.line <= Math.max(1, luaLines(project.files[d.file]).length),
    ).toBe(true)
    expect(Number.isInteger(d.column) && d.column >= 0).toBe(true)
    if (d.chain.length) expect(d.chain[0].file).toBe(project.entry)
    for (const site of d.chain) expectIncludeSite(project, site.file, site.line, site.column)
  }
  for (const file of reads) expect(isInside(ROOT, file)).toBe(true)
}

function expectIncludeSite(project: Project, file: string, line: number, column: number): void {
  const text = sourceLine(project, file, line)
  expect(text).toMatch(INCLUDE_LINE_RE)
  expect(column).toBe(/^[ \t]*/.exec(text!)![0].length)
}

/**
 * For a script without errors: each rendered line is the source line its line map names, or for a
 * directive line the map keeps the directive as written; every outer pair is an `%include` line.
 */
export function expectFaithfulRendering(project: Project, result: CompileResult): void {
  const { files, directives } = result.lineMap
  const count = lineCount(result.lineMap)
  // '' is no line or one empty line: the map says which.
  const rendered = count === 0 ? [] : result.lua.split('\n')
  expect(rendered.length).toBe(count)
  if (count === 0) expect(result.lua).toBe('')
  rendered.forEach((text, i) => {
    const pairs = chainAt(result.lineMap, i + 1)
    const [file, line] = pairs.slice(-2)
    const source = sourceLine(project, path.join(ROOT, files[file]), line)
    const directive = directives[`${file}:${line}`]
    if (directive === undefined) expect(text).toBe(source)
    else expect(directive).toBe(source!.replace(/^[ \t]+|[ \t]+$/g, ''))
    for (let p = 0; p < pairs.length - 2; p += 2)
      expect(sourceLine(project, path.join(ROOT, files[pairs[p]]), pairs[p + 1])).toMatch(INCLUDE_LINE_RE)
  })
}

/** Compiling again gives the same result to the byte, and the SHA-1 is the one Redis computes. */
export function expectDeterministic(project: Project, result: CompileResult): void {
  const again = compileProject(project).result
  expect(JSON.stringify(again)).toBe(JSON.stringify(result))
  expect(generateModule(again)).toBe(generateModule(result))
  expect(result.sha1).toBe(createHash('sha1').update(Buffer.from(result.lua, 'utf8')).digest('hex'))
}

export const errorsOf = (result: CompileResult) => result.diagnostics.filter(d => d.severity === 'error')
