import path from 'node:path'
import { hasErrors } from '../node/compile-error.js'
import { readSidecar, sidecarFor, writeSidecar } from '../node/sidecar-file.js'
import type { Sidecar } from '../node/sidecar-file.js'
import { compilerOptions, parse } from './args.js'
import { collect } from './collect.js'
import { HELP } from './help.js'
import type { Io } from './io.js'
import { formatAll } from './report.js'

/**
 * `redis-lua types [paths...]`: writes the `foo.d.lua.ts` sidecar of every script that compiles
 * (only when its text changes); with `--check`, writes nothing and fails on any missing or stale one.
 */
export function types(argv: string[], io: Io): number {
  const { values, positionals } = parse('types', argv, { check: { type: 'boolean' } })
  if (values.help) return help(io)
  const tree = collect('types', positionals.length ? positionals : ['.'], compilerOptions(values))
  for (const block of formatAll(tree.diagnostics, 'text', io.cwd)) io.out(block)
  const sidecars = tree.scripts
    .filter(result => !hasErrors(result.diagnostics))
    .map(result => sidecarFor(result.dependencies[0], result))
  const ok = values.check ? verify(sidecars, io) : write(sidecars, io)
  return ok && !hasErrors(tree.diagnostics) ? 0 : 1
}

function verify(sidecars: Sidecar[], io: Io): boolean {
  const outdated = sidecars.flatMap((sidecar) => {
    const current = readSidecar(sidecar.file)
    if (current === sidecar.text) return []
    return [`${current === undefined ? 'missing' : 'stale'}: ${path.relative(io.cwd, sidecar.file)}`]
  })
  for (const line of outdated) io.out(line)
  if (outdated.length) io.err(`redis-lua types: ${outdated.length} of ${sidecars.length} sidecars missing or stale; run 'redis-lua types' to update them`)
  else io.err(`redis-lua types: ${sidecars.length} sidecars up to date`)
  return !outdated.length
}

function write(sidecars: Sidecar[], io: Io): boolean {
  const written = sidecars.filter(sidecar => writeSidecar(sidecar.file, sidecar.text))
  for (const sidecar of written) io.out(`wrote ${path.relative(io.cwd, sidecar.file)}`)
  io.err(`redis-lua types: ${written.length} written, ${sidecars.length - written.length} unchanged`)
  return true
}

function help(io: Io): number {
  io.out(HELP.types)
  return 0
}
