import { once } from 'node:events'
import type { Redis, RedisOptions } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LuaScriptError } from '../../src/runtime/index.js'
import { startRedis, type RedisServer } from '../../src/testing/index.js'
import { within } from '../../src/testing/util.js'
import { countsSince, scriptOf } from '../runtime/helpers.js'
import {
  auditKeys,
  callsOn,
  errorCounts,
  keysNamed,
  pipelineOn,
  report,
  sendOn,
  SETTLE_BOUND_MS,
  stamp,
  stream,
  type Outcome,
} from './in-flight.js'

/** A client waiting for its first connection: a client without an offline queue refuses calls until then. */
async function ready(client: Redis): Promise<Redis> {
  if (client.status !== 'ready') await once(client, 'ready')
  return client
}

interface Setup {
  name: string
  options: RedisOptions
  how: 'direct' | 'pipeline'
  /** The errors calls may fail with: none, when the client carries every call over the restart. */
  mayFail: RegExp | null
}

// ioredis does not resend the rest of a pipeline whose replies the lost connection cut short.
const CUT_SHORT = /^Command aborted due to connection close$/

// The ioredis set-ups under test. The default is what most apps run: maxRetriesPerRequest 20, the
// offline queue on and in-flight commands resent after a reconnect. The others fail fast.
const SETUPS: Setup[] = [
  { name: 'defaults', options: {}, how: 'direct', mayFail: null },
  { name: 'defaults, pipelines of 10', options: {}, how: 'pipeline', mayFail: CUT_SHORT },
  { name: 'enableAutoPipelining', options: { enableAutoPipelining: true }, how: 'direct', mayFail: CUT_SHORT },
  {
    name: 'maxRetriesPerRequest 0',
    options: { maxRetriesPerRequest: 0 },
    how: 'direct',
    mayFail: /^Reached the max retries per request limit/,
  },
  {
    name: 'no offline queue',
    options: { maxRetriesPerRequest: 0, enableOfflineQueue: false },
    how: 'direct',
    mayFail:
      /^(?:Stream isn't writeable and enableOfflineQueue options is false|Reached the max retries per request limit)/,
  },
  // At most once: nothing resent. ioredis 6.0.0 then never settles the commands that were in
  // flight (redis/ioredis#2193), so commandTimeout is what bounds them.
  {
    name: 'no resend, commandTimeout 5 s',
    options: { autoResendUnfulfilledCommands: false, commandTimeout: 5_000 },
    how: 'direct',
    mayFail: /^Command timed out$/,
  },
]

const CALLS = 5_000
// The fault strikes once every stream has this many calls behind it and a window more in flight.
const FAULT_AFTER = 1_000

describe('redis-server restarted during 5,000 in-flight calls per client set-up', () => {
  let server: RedisServer
  beforeAll(async () => {
    // An fsynced AOF keeps the counter and its log across the restart, so every result can be checked.
    server = await startRedis({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] })
  })
  afterAll(() => server.stop())

  it.each([
    ['restart() (SIGTERM)', () => server.restart()],
    [
      'a crash (SIGKILL), then restart()',
      () => {
        process.kill(server.pid, 'SIGKILL')
        return server.restart()
      },
    ],
  ])(
    '%s: every call settles, no result is wrong, calls afterwards succeed',
    async (fault, strike) => {
      const round = fault.slice(0, 5)
      const clients = await Promise.all(SETUPS.map(setup => ready(server.client(setup.options))))
      const sends = SETUPS.map((setup, i) => sendOn(setup.how)(clients[i], keysNamed(`${round}:${setup.name}`)))
      const settled = SETUPS.map(() => 0)
      let struck: Promise<void> | undefined
      let over = false
      const outcomes = await Promise.all(
        SETUPS.map((setup, i) =>
          stream({
            total: CALLS,
            window: setup.how === 'pipeline' ? 30 : 300,
            batch: setup.how === 'pipeline' ? 10 : 1,
            send: sends[i],
            progress: count => {
              settled[i] = count
              if (Math.min(...settled) >= FAULT_AFTER) struck ??= strike().finally(() => (over = true))
            },
            // Calls go on until the server is back: some are sent while it is down, some after.
            more: () => !over,
          }),
        ),
      )
      await struck

      const admin = server.client()
      const audits = await Promise.all(
        SETUPS.map(({ name }, i) => auditKeys(admin, outcomes[i], keysNamed(`${round}:${name}`))),
      )
      report(
        fault,
        SETUPS.map(setup => setup.name),
        audits,
      )
      for (const [i, { name, mayFail }] of SETUPS.entries()) {
        const { hung, wrong, unclear, rejected, errors } = audits[i]
        expect({ name, hung, wrong, unclear }).toEqual({ name, hung: 0, wrong: [], unclear: [] })
        if (mayFail === null) expect({ name, rejected }).toEqual({ name, rejected: 0 })
        for (const message of Object.keys(errors)) expect(message, name).toMatch(mayFail ?? /^$/)
      }
      // The fault struck while calls were in flight: the fail-fast set-ups lost some.
      expect(audits[SETUPS.findIndex(s => s.name === 'maxRetriesPerRequest 0')].rejected).toBeGreaterThan(0)

      // Every set-up works again, on its reconnected socket (the server forgot the script).
      for (const [i, { name }] of SETUPS.entries()) {
        const [first, second] = await Promise.all(sends[i](['after1', 'after2']))
        expect(first, name).toBeGreaterThan(audits[i].counter)
        expect(second, name).toBe(first + 1)
      }
    },
    2 * SETTLE_BOUND_MS,
  )
})

describe('SCRIPT FLUSH storms during load() and calls', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis()
  })
  afterAll(() => server.stop())

  const FLUSHES = 500
  const STORM_SETUPS: [string, RedisOptions][] = [
    ['defaults', {}],
    ['RESP2', { protocol: 2 }],
    ['enableAutoPipelining', { enableAutoPipelining: true }],
  ]

  /** Another client flushing the script cache as fast as it can, `count` times. */
  async function storm(admin: Redis, count: number): Promise<void> {
    for (let i = 0; i < count; i++) await admin.script('FLUSH')
  }

  /** Rounds of load()s, direct calls and pipelines on one client, until `done` says the storm is over. */
  async function work(
    client: Redis,
    key: string,
    done: () => boolean,
  ): Promise<{ loads: Outcome[]; calls: Outcome[]; piped: Outcome[] }> {
    const all = { loads: [] as Outcome[], calls: [] as Outcome[], piped: [] as Outcome[] }
    let round = 0
    do {
      const prefix = (ids: string[]) => ids.map(id => `r${round}${id}`)
      const [loads, calls, piped] = await Promise.all([
        stream({
          total: 20,
          window: 2,
          send: ids => ids.map(() => stamp.load(client).then(sha => (sha === stamp.sha1 ? 1 : 0))),
        }),
        stream({ total: 500, window: 50, send: ids => callsOn(client, keysNamed(key))(prefix(ids)) }),
        stream({
          total: 200,
          window: 5,
          batch: 10,
          send: ids => pipelineOn(client, keysNamed(`${key}:p`))(prefix(ids)),
        }),
      ])
      all.loads.push(...loads)
      all.calls.push(...calls.map(o => ({ ...o, id: `r${round}${o.id}` })))
      all.piped.push(...piped.map(o => ({ ...o, id: `r${round}${o.id}` })))
      round++
    } while (!done())
    return all
  }

  it(
    'zero failures and zero wrong results for direct calls, pipelines and load()',
    async () => {
      const admin = server.client()
      const before = await errorCounts(admin)
      let over = false
      const flushes = storm(server.client(), FLUSHES).finally(() => (over = true))
      const results = await Promise.all(
        STORM_SETUPS.map(([name, options]) => work(server.client(options), `storm:${name}`, () => over)),
      )
      await flushes

      const noscript = countsSince(before, await errorCounts(admin)).NOSCRIPT
      // The flushes really hit the calls: Redis answered NOSCRIPT many times, and the calls still succeeded.
      expect(noscript).toBeGreaterThan(100)
      const audits = []
      for (const [i, [name]] of STORM_SETUPS.entries()) {
        const { loads, calls, piped } = results[i]
        expect(
          loads.filter(o => o.value !== 1),
          name,
        ).toEqual([])
        for (const [key, outcomes] of [
          [`storm:${name}`, calls],
          [`storm:${name}:p`, piped],
        ] as const) {
          const result = await auditKeys(admin, outcomes, keysNamed(key))
          audits.push(result)
          expect({
            key,
            rejected: result.rejected,
            hung: result.hung,
            wrong: result.wrong,
            unreported: result.unreported,
          }).toEqual({ key, rejected: 0, hung: 0, wrong: [], unreported: 0 })
        }
      }
      report(
        `${FLUSHES} flushes, ${noscript} NOSCRIPT replies, ${results.reduce((n, r) => n + r.loads.length, 0)} loads`,
        STORM_SETUPS.flatMap(([name]) => [name, `${name} pipelined`]),
        audits,
      )
    },
    2 * SETTLE_BOUND_MS,
  )
})

describe('a long-running script: BUSY for the others, then SCRIPT KILL', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis({ args: ['--busy-reply-threshold', '100'] })
  })
  afterAll(() => server.stop())

  // Read-only, so SCRIPT KILL may stop it. Bounded, so a kill that fails cannot spin forever: at the
  // ~60 M iterations per second Lua does here, 2e9 would take half a minute.
  const spin = scriptOf<{ iterations: number }, number>(
    'spin',
    '#!lua flags=no-writes\n%arg iterations integer\n%return integer\nlocal i = 0\nwhile i < iterations do\n  i = i + 1\nend\nreturn i\n',
  )
  const bump = scriptOf<{ key: string }, number>('bump', "%key key\n%return integer\nreturn redis.call('INCR', key)\n")

  /** Calls `send` until Redis refuses it: calls that arrive before the spin starts still run. */
  async function refusal(send: () => Promise<unknown>): Promise<unknown> {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const error = await send().then(
        () => undefined,
        (e: unknown) => e,
      )
      if (error !== undefined) return error
    }
    throw new Error('Redis never said BUSY')
  }

  const BUSY = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.'

  it(
    'others get BUSY naming their script; the killed call rejects clearly; then all runs again',
    async () => {
      const [runner, other, admin] = [server.client(), server.client(), server.client()]
      await spin.load(runner)
      const spinning = within(
        spin.run(runner, { iterations: 2_000_000_000 }).then(
          () => 'finished uncut',
          (e: unknown) => e,
        ),
        SETTLE_BOUND_MS,
      )

      // Redis' reply names no script; the caller's error does, and is still ioredis' BUSY ReplyError.
      const busy = await refusal(() => bump.run(other, { key: 'k' }))
      expect(busy).toMatchObject({
        name: 'ReplyError',
        message: `${BUSY} (script "bump")`,
        script: 'bump',
        code: 'BUSY',
      })
      expect((busy as Error).cause).toMatchObject({ name: 'ReplyError', message: BUSY })
      // The same for a queued call and for load().
      const pipeline = other.pipeline()
      const queued = bump.run(pipeline, { key: 'k' })
      await pipeline.exec()
      await expect(queued).rejects.toMatchObject({ message: `${BUSY} (script "bump")`, script: 'bump' })
      await expect(bump.load(other)).rejects.toMatchObject({ message: `${BUSY} (script "bump")`, script: 'bump' })

      expect(await admin.script('KILL')).toBe('OK')
      const killed = await spinning
      expect(killed).toBeInstanceOf(LuaScriptError)
      expect(killed).toMatchObject({
        script: 'spin',
        code: 'ERR',
        luaError: 'Script killed by user with SCRIPT KILL...',
      })
      expect((killed as Error).message).toMatch(/^Script killed by user with SCRIPT KILL\.\.\.\nLUA Traceback/)
      // Where the loop was when the kill landed: its test or its body.
      const [where] = (killed as LuaScriptError).frames
      expect(['spin.lua:5 while i < iterations do', 'spin.lua:6 i = i + 1']).toContain(
        `${where.file}:${where.line} ${where.source}`,
      )

      expect(await bump.run(other, { key: 'after' })).toBe(1)
      expect(await spin.run(runner, { iterations: 1_000 })).toBe(1_000)
      const again = other.pipeline()
      const both = [bump.run(again, { key: 'after' }), spin.run(again, { iterations: 10 })]
      await again.exec()
      expect(await Promise.all(both)).toEqual([2, 10])
    },
    2 * SETTLE_BOUND_MS,
  )
})
