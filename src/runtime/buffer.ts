interface BufferStatics {
  isBuffer(value: unknown): boolean
  from(bytes: ArrayBufferLike, offset: number, length: number): Uint8Array
}

/** True for a Node `Buffer`; false, without throwing, where `Buffer` does not exist (edge runtimes). */
export function isBuffer(value: unknown): value is Buffer {
  const statics = (globalThis as { Buffer?: BufferStatics }).Buffer
  return statics !== undefined && statics.isBuffer(value)
}

/**
 * Bytes as the client writes them: a `Buffer` as it is, any other `Uint8Array` viewed as a `Buffer`
 * (no copy), since clients test for `Buffer` and would write anything else as text. `undefined` for a
 * value that is not bytes.
 */
export function asBytes(value: unknown): Buffer | undefined {
  if (!(value instanceof Uint8Array)) return undefined
  const statics = (globalThis as { Buffer?: BufferStatics }).Buffer
  if (statics === undefined || statics.isBuffer(value)) return value as Buffer
  return statics.from(value.buffer, value.byteOffset, value.byteLength) as Buffer
}

let decoder: InstanceType<typeof TextDecoder> | undefined

/** UTF-8 text of a byte reply; `TextDecoder` rather than `Buffer` so it runs on edge runtimes too. */
export function utf8(bytes: Uint8Array): string {
  decoder ??= new TextDecoder()
  return decoder.decode(bytes)
}
