const SLOTS = 16384
const OPEN = 0x7b // {
const CLOSE = 0x7d // }

const TABLE = (() => {
  const table = new Uint16Array(256)
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1
    table[byte] = crc & 0xffff
  }
  return table
})()

let encoder: InstanceType<typeof TextEncoder> | undefined

/** CRC16/XMODEM, the checksum Redis Cluster hashes keys with. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff]
  return crc
}

/**
 * The cluster slot of a key (with any `keyPrefix` already in front): only the part between the first
 * `{` and the next `}` counts when it is not empty (the hash tag rule).
 */
export function keySlot(key: string | Uint8Array): number {
  const bytes = typeof key === 'string' ? (encoder ??= new TextEncoder()).encode(key) : key
  return crc16(hashTag(bytes)) % SLOTS
}

function hashTag(bytes: Uint8Array): Uint8Array {
  const open = bytes.indexOf(OPEN)
  if (open < 0) return bytes
  const close = bytes.indexOf(CLOSE, open + 1)
  return close > open + 1 ? bytes.subarray(open + 1, close) : bytes
}
