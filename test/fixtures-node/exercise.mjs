// Shared by every way of loading the fixture scripts (loadAllScripts, the register hook, the Vite
// plugin), so each runs exactly the same calls and the results can be compared as they are.

/** The scripts of `scripts/` (libraries left out), by name. */
export const ENTRY_SCRIPTS = ['counter/incr', 'counter/read', 'greet', 'sum']

/** What identifies a compiled script, per name. */
export function describeScripts(scripts) {
  return Object.fromEntries(
    ENTRY_SCRIPTS.map(name => {
      const { sha1, keys, args, returns, readOnly } = scripts[name]
      return [name, { name: scripts[name].name, sha1, keys, args, returns, readOnly }]
    }),
  )
}

/** Runs every entry script on a Redis with no `fixture:*` keys; returns the decoded results. */
export async function exercise(scripts, redis) {
  const incr = scripts['counter/incr']
  const read = scripts['counter/read']
  return {
    greet: await scripts.greet.run(redis, { name: 'ada', times: 2 }),
    incr: [
      await incr.run(redis, { counter: 'fixture:c', by: 2 }),
      await incr.run(redis, { counter: 'fixture:c', by: 40n }),
    ],
    read: await read.run(redis, { counter: 'fixture:c' }),
    readMissing: await read.run(redis, { counter: 'fixture:none' }),
    sum: await scripts.sum.run(redis, { numbers: [1, 2.5, 3], strict: true }),
    sumNil: await scripts.sum.run(redis, { numbers: [1, 'x'], strict: true }),
  }
}
