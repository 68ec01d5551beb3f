import { parseArgs } from 'node:util'
import type { ParseArgsConfig } from 'node:util'
import type { CompilerOptions } from '../node/compile-file.js'
import { UsageError } from './usage-error.js'

type OptionSpecs = NonNullable<ParseArgsConfig['options']>

/** The options every command takes: they shape the compile. */
export const COMPILER_OPTIONS = {
  'root': { type: 'string' },
  'include-dir': { type: 'string', multiple: true },
  'global': { type: 'string', multiple: true },
  'help': { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs

/** A command's parsed command line. */
export interface Parsed<V> {
  values: V
  positionals: string[]
}

type Config<O extends OptionSpecs> = { args: string[], options: typeof COMPILER_OPTIONS & O, allowPositionals: true, strict: true }

/** `parseArgs`, strict, with its complaints turned into usage errors of `command`. */
export function parse<const O extends OptionSpecs>(command: string, argv: string[], options: O): ReturnType<typeof parseArgs<Config<O>>> {
  try {
    return parseArgs({ args: argv, options: { ...COMPILER_OPTIONS, ...options }, allowPositionals: true, strict: true })
  }
  catch (error) {
    throw new UsageError((error as Error).message, command)
  }
}

/** The compile options from `--root`, `--include-dir` and `--global`. */
export function compilerOptions(values: { 'root'?: string, 'include-dir'?: string[], 'global'?: string[] }): CompilerOptions {
  return { root: values.root, includeDirs: values['include-dir'], globals: values.global }
}
