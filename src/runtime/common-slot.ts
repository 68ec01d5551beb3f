import { keySlot } from './cluster-slot.js'
import type { WireValue } from './encode-value.js'
import { ScriptArgumentError } from './errors.js'

/**
 * The one cluster slot every declared key hashes to (after `keyPrefix`), `null` for a keyless script.
 * Keys in different slots throw {@link ScriptArgumentError} naming each key and its slot.
 */
export function commonSlot(
  script: string,
  names: readonly string[],
  keys: WireValue[],
  prefix: unknown,
): number | null {
  if (!keys.length) return null
  const full = keys.map(key => prefixed(key, prefix))
  const slots = full.map(keySlot)
  const other = slots.findIndex(slot => slot !== slots[0])
  if (other < 0) return slots[0]
  const listed = names.map((name, i) => `"${name}" = ${show(full[i])} (slot ${slots[i]})`).join(', ')
  throw new ScriptArgumentError(
    script,
    names[other],
    `a key in slot ${slots[0]}, the slot of "${names[0]}"`,
    `keys ${listed} are in different cluster slots; give them a common hash tag, e.g. {user:1}:a and {user:1}:b`,
  )
}

function prefixed(key: WireValue, prefix: unknown): string | Uint8Array {
  if (typeof prefix !== 'string' || prefix === '') return key
  if (typeof key === 'string') return prefix + key
  const bytes = new TextEncoder().encode(prefix)
  const out = new Uint8Array(bytes.length + key.length)
  out.set(bytes)
  out.set(key, bytes.length)
  return out
}

function show(key: string | Uint8Array): string {
  return typeof key === 'string' ? JSON.stringify(key) : `<${key.length} bytes>`
}
