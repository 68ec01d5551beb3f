import type { Options, ResolvedOptions } from '../types.js'

const LEVELS = new Set(['error', 'warn', 'off'])
const RULES = new Set(['unknown-global', 'global-write', 'unused-declaration', 'raw-keys-argv'])

/** Applies the defaults once and rejects invalid options with a message naming the option. */
export function resolveOptions(options: Options = {}): ResolvedOptions {
  for (const [rule, level] of Object.entries(options.lint ?? {})) {
    if (!RULES.has(rule)) fail(`\`lint\` has an unknown rule \`${rule}\` (expected ${[...RULES].join(', ')})`)
    if (!LEVELS.has(level as string)) fail(`\`lint['${rule}']\` must be 'error', 'warn' or 'off', got ${JSON.stringify(level)}`)
  }
  if (options.globals && !options.globals.every(g => typeof g === 'string')) fail('`globals` must be a list of names')
  if (options.includeDirs && !options.includeDirs.every(d => typeof d === 'string')) fail('`includeDirs` must be a list of paths')
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
