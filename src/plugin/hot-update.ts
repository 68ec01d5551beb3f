import type { VitePlugin } from 'unplugin'
import type { Dependents } from './dependents.js'

type HotUpdate = Extract<NonNullable<VitePlugin['hotUpdate']>, (...args: never[]) => unknown>

/**
 * Vite's `hotUpdate`: an edit to an include, or the creation of one that was missing (Vite passes
 * 'create' events here too), also updates the scripts that include it. Vite learns an include belongs to
 * a script only when the script loads, so this covers a script whose load failed; one that has never
 * loaded has no module to update, and only a full reload brings it back.
 */
export function hotUpdate(dependents: Dependents): HotUpdate {
  return function ({ file, modules }) {
    const entries = dependents.entries(file.replace(/\\/g, '/'))
    if (!entries.length) return
    const graph = this.environment.moduleGraph
    const scripts = entries.flatMap(entry => [...(graph.getModulesByFile(entry) ?? [])])
    if (!scripts.length && !modules.length)
      this.environment.hot.send({ type: 'full-reload', path: '*', triggeredBy: file })
    return [...new Set([...modules, ...scripts])]
  }
}
