import path from 'node:path'
import { hasErrors } from '../node/compile-error.js'
import { orphanSidecars, removeSidecar } from '../host/orphan-sidecars.js'
import { luaFileOf, readSidecar, sidecarFor, writeSidecar } from '../host/sidecar-file.js'
import type { Sidecar } from '../host/sidecar-file.js'
import { compilerOptions, parse } from './args.js'
import { collect } from './collect.js'
import { HELP } from './help.js'
import type { Io } from './io.js'
import { formatAll } from './report.js'

/**
 * `redis-lua types [paths...]`: writes the `foo.d.lua.ts` sidecar of every script that compiles
 * (only when its text changes) and removes each generated sidecar whose `foo.lua` is gone; with
 * `--check`, writes and removes nothing and fails on any missing, stale or orphan sidecar.
 */
export function types(argv: string[], io: Io): number {
  const { values, positionals } = parse('types', argv, { check: { type: 'boolean' } })
  if (values.help) return help(io)
  // Orphans alone are work to do: the last script of a tree may just have been deleted.
  const tree = collect('types', positionals.length ? positionals : ['.'], compilerOptions(values, 'types'), {
    sidecarsCount: true,
  })
  for (const block of formatAll(tree.diagnostics, 'text', io.cwd, io.color)) io.out(block)
  const sidecars = tree.scripts
    .filter(result => !hasErrors(result.diagnostics))
    .map(result => sidecarFor(result.dependencies[0], result))
  const orphans = orphanSidecars(tree.sidecars)
  const ok = values.check ? verify(sidecars, orphans, io) : write(sidecars, orphans, io)
  return ok && !hasErrors(tree.diagnostics) ? 0 : 1
}

function verify(sidecars: Sidecar[], orphans: string[], io: Io): boolean {
  const outdated = sidecars.flatMap(sidecar => {
    const current = readSidecar(sidecar.file)
    if (current === sidecar.text) return []
    return [`${current === undefined ? 'missing' : 'stale'}: ${path.relative(io.cwd, sidecar.file)}`]
  })
  for (const line of outdated) io.out(line)
  for (const file of orphans) io.out(`orphan: ${path.relative(io.cwd, file)}`)
  const ok = !outdated.length && !orphans.length
  if (ok) io.err(`redis-lua types: ${sidecars.length} sidecars up to date`)
  else
    io.err(
      `redis-lua types: ${outdated.length} of ${sidecars.length} sidecars missing or stale, ${orphans.length} orphaned; run 'redis-lua types' to update them`,
    )
  return ok
}

function write(sidecars: Sidecar[], orphans: string[], io: Io): boolean {
  const written = sidecars.filter(sidecar => writeSidecar(sidecar.file, sidecar.text))
  for (const sidecar of written) io.out(`wrote ${path.relative(io.cwd, sidecar.file)}`)
  for (const file of orphans) {
    removeSidecar(file)
    io.out(`removed ${path.relative(io.cwd, file)} (no ${path.basename(luaFileOf(file))})`)
  }
  io.err(
    `redis-lua types: ${written.length} written, ${sidecars.length - written.length} unchanged, ${orphans.length} removed`,
  )
  return true
}

function help(io: Io): number {
  io.out(HELP.types)
  return 0
}
