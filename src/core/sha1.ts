import { createHash } from 'node:crypto'

/** Hex SHA-1 of UTF-8 text, as Redis computes it for EVALSHA. */
export function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex')
}
