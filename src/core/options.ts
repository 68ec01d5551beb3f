import type { Options, ResolvedOptions } from '../types.js'

/** The levels a lint rule can be set to. */
export const LINT_LEVELS: ReadonlySet<string> = new Set(['error', 'warn', 'off'])
/** The lint rules `lint` can set, by name. */
export const LINT_RULES: ReadonlySet<string> = new Set([
  'unknown-global',
  'global-write',
  'unused-declaration',
  'raw-keys-argv',
])

/** Applies the defaults once and rejects invalid options with a message naming the option. */
export function resolveOptions(options: Options = {}): ResolvedOptions {
  for (const [rule, level] of Object.entries(options.lint ?? {})) {
    if (!LINT_RULES.has(rule)) fail(`\`lint\` has an unknown rule \`${rule}\` (expected ${[...LINT_RULES].join(', ')})`)
    if (!LINT_LEVELS.has(level as string))
      fail(`\`lint['${rule}']\` must be 'error', 'warn' or 'off', got ${JSON.stringify(level)}`)
  }
  if (options.globals && !options.globals.every(g => typeof g === 'string')) fail('`globals` must be a list of names')
  if (options.includeDirs && !options.includeDirs.every(d => typeof d === 'string'))
    fail('`includeDirs` must be a list of paths')
  return {
    include: options.include ?? /\.lua$/,
    exclude: options.exclude,
    root: options.root,
    includeDirs: options.includeDirs ?? [],
    dts: options.dts ?? true,
    globals: options.globals ?? [],
    lint: options.lint ?? {},
  }
}

function fail(message: string): never {
  throw new Error(`[unplugin-redis-lua] ${message}`)
}
