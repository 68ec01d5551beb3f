import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// One folder per client behind one interface: only `clients/index.ts` (the registry) reaches into a
// client's folder, and a client's folder reaches no other client's.
const RUNTIME = path.resolve(import.meta.dirname, '../../src/runtime')
const CLIENTS = path.join(RUNTIME, 'clients')

const files = readdirSync(RUNTIME, { recursive: true, encoding: 'utf8' })
  .filter(file => file.endsWith('.ts'))
  .map(file => path.join(RUNTIME, file))

/** The client folder a file belongs to, or `null` for the shared runtime (and clients/*.ts). */
function clientOf(file: string): string | null {
  const parts = path.relative(CLIENTS, file).split(path.sep)
  return parts[0] === '..' || parts.length === 1 ? null : parts[0]
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map(m => path.resolve(path.dirname(file), m[1]))
}

describe('client folders', () => {
  it('exist for every supported client', () => {
    expect(new Set(files.map(clientOf).filter(Boolean))).toEqual(new Set(['ioredis', 'node-redis', 'glide', 'bun']))
  })

  it.each(files.map(file => [path.relative(RUNTIME, file), file]))('%s keeps to its side', (_, file) => {
    const own = clientOf(file)
    for (const target of importsOf(file)) {
      const other = clientOf(target)
      if (other === null) continue
      const registry = path.relative(RUNTIME, file) === path.join('clients', 'index.ts')
      expect([path.relative(RUNTIME, target), other === own || registry]).toEqual([
        path.relative(RUNTIME, target),
        true,
      ])
    }
  })
})
