/** A key with a client's `keyPrefix` in front, as the client itself would send it. */
export function prefixKey(prefix: string | undefined, key: string | Uint8Array): string | Uint8Array {
  if (prefix === undefined || prefix === '') return key
  if (typeof key === 'string') return prefix + key
  const bytes = new TextEncoder().encode(prefix)
  const out = new Uint8Array(bytes.length + key.length)
  out.set(bytes)
  out.set(key, bytes.length)
  return out
}
