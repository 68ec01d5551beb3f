import { compile, generateModule, safeJson } from '../core/index.js'
import type { CompileHost, CompileResult, CompileSession } from '../core/index.js'
import type { ResolvedOptions } from './options.js'
import type { Dependents } from './dependents.js'
import { farmContext } from './farm-context.js'
import { report, warn } from './report.js'
import type { HookContext, ReportTarget } from './report.js'
import { emitSidecar } from './sidecar.js'

/** What a load needs besides the file: the options, file access, where and how to report, and the dependency map. */
export interface LoadEnv {
  options: ResolvedOptions
  host: CompileHost
  session: CompileSession
  target: ReportTarget
  dependents: Dependents
}

/**
 * Compiles one `.lua` module: watches every file it read or looked for in vain, reports its diagnostics,
 * writes its sidecar, and returns the JS module. After an error the module is a stub that throws when
 * run, because esbuild and webpack still take what the hook returns (esbuild drops the errors of an
 * empty result).
 */
export function loadLuaModule(ctx: HookContext, id: string, env: LoadEnv): string {
  const { options, target } = env
  const file = id.replace(/\\/g, '/')
  const result = compile(file, {
    ...env.host,
    root: target.root,
    includeDirs: options.includeDirs,
    target: options.target,
    globals: options.globals,
    lint: options.lint,
    session: env.session,
  })
  // Where a missing include was looked for is watched too: creating it there must rebuild the script.
  const watched = [...result.dependencies, ...result.missing]
  env.dependents.record(file, watched)
  watch(
    ctx,
    file,
    watched.filter(dep => dep !== file),
    target.framework,
  )
  if (report(ctx, result.diagnostics, target, env.host)) return failedModule(result.name)
  if (options.dts) writeTypes(ctx, file, result, target)
  return generateModule(result)
}

// A sidecar that cannot be written (a read-only source tree) costs the types, not the build.
function writeTypes(ctx: HookContext, file: string, result: CompileResult, target: ReportTarget): void {
  try {
    emitSidecar(file, result, target.root)
  } catch (error) {
    const message = `cannot write the types of ${result.name}.lua: ${(error as Error).message} (\`dts: false\` skips them)`
    warn(ctx, { message, id: file }, target)
  }
}

function watch(ctx: HookContext, file: string, dependencies: string[], framework: string): void {
  const farm = farmContext(ctx, framework)
  for (const dep of dependencies) {
    if (farm) farm.addWatchFile(file, dep)
    else ctx.addWatchFile(dep)
  }
}

function failedModule(name: string): string {
  return `throw new Error(${safeJson(`[unplugin-redis-lua] ${name}.lua failed to compile; see the build errors`)})\n`
}
