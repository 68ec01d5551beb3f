import type { UnpluginBuildContext } from 'unplugin'

/**
 * Farm's own plugin context, when the bundler is Farm. unplugin 3.7's Farm adapter aborts the process on
 * `this.error`/`this.warn` (a Rust panic) and swaps the arguments of `addWatchFile`, so Farm is driven
 * through its own context for those three.
 */
export function farmContext(ctx: UnpluginBuildContext, framework: string) {
  const native = framework === 'farm' ? ctx.getNativeBuildContext?.() : undefined
  return native?.framework === 'farm' ? native.context : undefined
}
