import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// The layering, as data: which layer (a folder of src/, or `entry` for the files at its top) may import
// which. Anything not listed is forbidden. Test files are free to reach anywhere.
const ALLOWED: Record<string, readonly string[]> = {
  shared: [],
  core: ['shared'],
  runtime: ['shared'],
  host: ['core', 'shared'],
  plugin: ['core', 'shared', 'host'],
  node: ['core', 'shared', 'host', 'runtime', 'plugin'],
  testing: ['core', 'shared', 'host', 'runtime', 'plugin', 'node'],
  cli: ['core', 'shared', 'host', 'plugin', 'node'],
  entry: ['plugin', 'core', 'shared', 'host', 'entry'],
}

/** Layers whose only door is their index.ts: code outside them imports nothing else of theirs. */
const ONE_DOOR = new Set(['core'])

const SRC = path.resolve(import.meta.dirname, '../src')

interface Edge {
  from: string
  to: string
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sources(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

function layerOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep)
  return rel.length === 1 ? 'entry' : rel[0]
}

/** Every relative import (static, dynamic, `export ... from`) of every source file, as absolute paths. */
function edges(): Edge[] {
  return sources(SRC).flatMap(file => {
    const text = readFileSync(file, 'utf8')
    const specifiers = [...text.matchAll(/(?:from|import\(|import)\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map(m => m[1])
    return specifiers.map(spec => ({ from: file, to: path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts') }))
  })
}

const rel = (file: string) => path.relative(SRC, file)

describe('architecture', () => {
  const all = edges()

  it('reads the imports it judges', () => {
    // A regex that stopped matching would make every rule below pass vacuously.
    expect(all.length).toBeGreaterThan(200)
    expect(Object.keys(ALLOWED).sort()).toEqual([...new Set(sources(SRC).map(layerOf))].sort())
  })

  it('imports only along the allowed layer edges', () => {
    const forbidden = all
      .filter(e => layerOf(e.from) !== layerOf(e.to) && !ALLOWED[layerOf(e.from)].includes(layerOf(e.to)))
      .map(e => `${rel(e.from)} -> ${rel(e.to)}`)
    expect(forbidden).toEqual([])
  })

  it('enters a one-door layer through its index.ts only', () => {
    const past = all
      .filter(e => ONE_DOOR.has(layerOf(e.to)) && layerOf(e.from) !== layerOf(e.to))
      .filter(e => path.basename(e.to) !== 'index.ts')
      .map(e => `${rel(e.from)} -> ${rel(e.to)}`)
    expect(past).toEqual([])
  })

  it('keeps core free of module-level mutable state', () => {
    // A `new Map/Set/WeakMap` or a `let` at the top of a core file lives as long as the process, across builds.
    const stateful = sources(path.join(SRC, 'core')).flatMap(file =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${rel(file)}:${i + 1}` }))
        .filter(({ line }) =>
          /^(?:export )?(?:let |var |const \w+(?:: [^=]+)? = new (?:Map|WeakMap|Array)\b)/.test(line),
        )
        .map(({ at }) => at),
    )
    expect(stateful).toEqual([])
  })
})
