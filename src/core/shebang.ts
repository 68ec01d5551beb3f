/** The flags Redis accepts in an EVAL script's `#!lua flags=...` line. */
export const SHEBANG_FLAGS: ReadonlySet<string> = new Set(['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'])

export type ShebangResult = { ok: true, flags: string[] } | { ok: false, message: string }

/** Reads `#!lua [flags=a,b]` the way Redis does for EVAL scripts (no `name=`, which is for Functions). */
export function parseShebang(text: string): ShebangResult {
  const [engine, ...options] = text.slice(2).trim().split(/[ \t]+/)
  if (engine !== 'lua') return { ok: false, message: `unknown engine \`${engine}\` in the shebang (expected \`#!lua\`)` }
  const flags: string[] = []
  for (const option of options) {
    if (option === '') continue
    if (option.startsWith('name=')) return { ok: false, message: '`name=` is only allowed in Redis Functions libraries, not in scripts' }
    if (!option.startsWith('flags=')) return { ok: false, message: `unknown shebang option \`${option}\` (expected \`flags=...\`)` }
    for (const flag of option.slice(6).split(',').filter(Boolean)) {
      if (!SHEBANG_FLAGS.has(flag)) return { ok: false, message: `unknown shebang flag \`${flag}\` (expected ${[...SHEBANG_FLAGS].join(', ')})` }
      flags.push(flag)
    }
  }
  return { ok: true, flags }
}
