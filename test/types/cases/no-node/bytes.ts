// Without @types/node (an edge or browser-like project): the sidecars and the runtime types still compile.
import type { ScriptClient } from 'unplugin-redis-lua/runtime'
import claim from '../lua/claim.lua'
import counter from '../lua/counter.lua'

export async function run(client: ScriptClient): Promise<number> {
  await claim.run(client, {
    queue: new Uint8Array([113]),
    job: { id: 'j', attempts: 1 },
    workers: [],
    weights: null,
  })
  return counter.run(client, { counter: new Uint8Array([104]), by: 1 })
}
