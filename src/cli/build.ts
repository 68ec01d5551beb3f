import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { CompileResult } from '../core/index.js'
import { hasErrors } from '../node/compile-error.js'
import { compilerOptions, parse } from './args.js'
import { collect } from './collect.js'
import { HELP } from './help.js'
import type { Io } from './io.js'
import { formatAll } from './report.js'
import { UsageError } from './usage-error.js'

/** One script in `manifest.json`: what a service in another language needs to run it. */
export interface ManifestEntry {
  name: string
  /** The rendered script, relative to the manifest. */
  file: string
  sha1: string
  keys: string[]
  args: CompileResult['args']
  returns: CompileResult['returns']
  /** The script's `%type`s, when it declares any. */
  types?: CompileResult['types']
  flags: string[]
  /** With `--functions`: `'function'` for a script compiled as a Redis Function, else `'script'`. */
  kind?: 'function' | 'script'
  /** The Functions library's text, for FUNCTION LOAD. */
  library?: string
  /** The library's name (its `#!lua name=`), for FUNCTION DELETE. */
  libraryName?: string
  /** The name FCALL (`FCALL_RO` when `flags` has `no-writes`) calls. */
  functionName?: string
}

/**
 * `redis-lua build <paths...> --out dir`: writes each rendered script as `<name>.lua` under `dir` and
 * a `manifest.json`. Nothing is written when any script has an error.
 */
export function build(argv: string[], io: Io): number {
  const { values, positionals } = parse('build', argv, { out: { type: 'string', short: 'o' } })
  if (values.help) return help(io)
  if (!positionals.length)
    throw new UsageError('give the scripts to build: redis-lua build <paths...> --out <dir>', 'build')
  if (!values.out) throw new UsageError('--out <dir> is required', 'build')
  const out = path.resolve(values.out)
  // A previous build under one of the paths is output, not source: leave it out.
  const tree = collect('build', positionals, compilerOptions(values, 'build'), { skip: out })
  for (const block of formatAll(tree.diagnostics, 'text', io.cwd, io.color)) io.out(block)
  if (hasErrors(tree.diagnostics)) {
    io.err('redis-lua build: nothing written (fix the errors above)')
    return 1
  }
  tree.scripts.forEach(insideRoot)
  const manifest = tree.scripts.map(result => emit(result, out)).sort((a, b) => (a.name < b.name ? -1 : 1))
  writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  io.err(
    `redis-lua build: ${manifest.length} scripts and manifest.json written to ${path.relative(io.cwd, out) || '.'}`,
  )
  return 0
}

// The name is the path from the root: a script outside the root would land outside the out dir.
function insideRoot(result: CompileResult): void {
  if (result.name.startsWith('../') || path.isAbsolute(result.name)) {
    throw new UsageError(
      `${result.dependencies[0]} is outside the root; give --root a folder that contains it`,
      'build',
    )
  }
}

function emit(result: CompileResult, out: string): ManifestEntry {
  const { name, sha1, keys, args, returns, types, flags } = result
  const file = `${name}.lua`
  mkdirSync(path.dirname(path.join(out, file)), { recursive: true })
  writeFileSync(path.join(out, file), result.lua)
  const entry: ManifestEntry = { name, file, sha1, keys, args, returns, ...(types ? { types } : {}), flags }
  if (result.kind !== 'function') return entry
  const { library, libraryName, functionName } = result
  return { ...entry, kind: 'function', library, libraryName, functionName }
}

function help(io: Io): number {
  io.out(HELP.build)
  return 0
}
