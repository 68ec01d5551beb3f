import { splitArgs } from './split-args.js'

/** The flags Redis accepts in an EVAL script's `#!lua flags=...` line. */
export const SHEBANG_FLAGS: ReadonlySet<string> = new Set([
  'no-writes',
  'allow-oom',
  'allow-stale',
  'no-cluster',
  'allow-cross-slot-keys',
])

export type ShebangResult = { ok: true; flags: string[] } | { ok: false; message: string }

/**
 * Reads `#!lua [flags=a,b]` the way Redis 7 does for EVAL scripts: split like Redis splits command
 * arguments, the first word exactly `#!lua`, every other word `flags=` and a comma list in which
 * every item, empty ones included, must be a known flag (no `name=`, which is for Functions).
 */
export function parseShebang(text: string): ShebangResult {
  // Redis finds the end of the shebang with C string functions: a NUL before the line break hides it.
  if (text.includes('\0')) return { ok: false, message: 'a NUL byte in the shebang line (Redis refuses it)' }
  const words = splitArgs(text)
  if (!words) return { ok: false, message: 'unbalanced quotes in the shebang' }
  if (words[0] !== '#!lua')
    return { ok: false, message: `the shebang must start with \`#!lua\` and a blank (found \`${words[0]}\`)` }
  const flags: string[] = []
  for (const option of words.slice(1)) {
    if (option.startsWith('name='))
      return { ok: false, message: '`name=` is only allowed in Redis Functions libraries, not in scripts' }
    if (!option.startsWith('flags='))
      return { ok: false, message: `unknown shebang option \`${option}\` (expected \`flags=...\`)` }
    const list = option.slice(6)
    for (const flag of list === '' ? [] : list.split(',')) {
      if (!SHEBANG_FLAGS.has(flag))
        return { ok: false, message: `unknown shebang flag \`${flag}\` (expected ${[...SHEBANG_FLAGS].join(', ')})` }
      flags.push(flag)
    }
  }
  return { ok: true, flags }
}
