import { isBuffer } from './buffer.js'

const MAX_TEXT = 40

/** A short, readable account of a value for error messages: its kind, then the value when small. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (typeof value === 'string') return `string ${quote(value)}`
  if (typeof value === 'bigint') return `bigint ${value}n`
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`
  if (isBuffer(value)) return `Buffer (${value.length} bytes)`
  if (value instanceof Uint8Array) return `Uint8Array (${value.length} bytes)`
  if (Array.isArray(value)) return `array (length ${value.length})`
  if (typeof value === 'object') return describeObject(value)
  return typeof value
}

function describeObject(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto === Object.prototype || proto === null) return 'object'
  const name = (value.constructor as { name?: unknown } | undefined)?.name
  return typeof name === 'string' && name ? `${name} instance` : 'object'
}

function quote(text: string): string {
  const short = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}...` : text
  return JSON.stringify(short)
}

/**
 * The value itself when it is short to write (`"3"`, `3.5`, `true`, `null`), else {@link describe}: what
 * errors about a part of a structured value say it got (`job.attempts: expected integer, got "3"`).
 */
export function describeBriefly(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'string') return quote(value)
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  if (Array.isArray(value)) return `an array (length ${value.length})`
  return describe(value).replace(/^object$/, 'an object')
}
