import { keySlot } from './cluster-slot.js'
import type { WireValue } from './encode-value.js'
import { ScriptArgumentError } from './errors.js'
import { prefixKey } from './prefix-key.js'

/**
 * The one cluster slot every declared key hashes to (after `keyPrefix`), `null` for a keyless script.
 * Keys in different slots throw {@link ScriptArgumentError} naming each key and its slot.
 */
export function commonSlot(
  script: string,
  names: readonly string[],
  keys: WireValue[],
  prefix: string | undefined,
): number | null {
  if (!keys.length) return null
  const full = keys.map(key => prefixKey(prefix, key))
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

function show(key: string | Uint8Array): string {
  return typeof key === 'string' ? JSON.stringify(key) : `<${key.length} bytes>`
}
