// The script object each client file runs: typed as a sidecar would type it.
import { defineScript } from 'unplugin-redis-lua/runtime'

declare const definition: Parameters<typeof defineScript>[0]

export const counter = defineScript<{ counter: string; by: number }, number>(definition)
