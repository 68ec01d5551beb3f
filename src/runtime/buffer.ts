interface BufferStatics {
  isBuffer(value: unknown): boolean
}

/** True for a Node `Buffer`; false, without throwing, where `Buffer` does not exist (edge runtimes). */
export function isBuffer(value: unknown): value is Buffer {
  const statics = (globalThis as { Buffer?: BufferStatics }).Buffer
  return statics !== undefined && statics.isBuffer(value)
}

let decoder: InstanceType<typeof TextDecoder> | undefined

/** UTF-8 text of a byte reply; `TextDecoder` rather than `Buffer` so it runs on edge runtimes too. */
export function utf8(bytes: Uint8Array): string {
  decoder ??= new TextDecoder()
  return decoder.decode(bytes)
}
