// Row 4: round trips. The commands one run() sends, counted with MONITOR on the throw-away server:
// the first call on a fresh connection to a server that has never seen the script, the first call
// after SCRIPT FLUSH on a connection that had run it, and a call after load(). The baseline is one raw
// `evalsha` of a loaded script: one command, one round trip.
import { benchScript, benchServer, PARAMS, RAW_ARGS } from '../redis-script.mjs'

export const id = 'round-trips'
export const title = 'Round trips'

export async function run() {
  const script = await benchScript()
  const { server, admin, version } = await benchServer()
  try {
    const monitor = await server.client().monitor()
    const seen = []
    const waiters = []
    monitor.on('monitor', (_time, args, source) => {
      seen.push({ args: args.map(String), source })
      for (const waiter of waiters.splice(0)) waiter()
    })
    let marker = 0
    /** The commands `client` sends during `action`, bracketed by two ECHO markers it sends itself. */
    const commandsOf = async (client, action) => {
      const name = `bench-marker-${++marker}`
      await client.echo(`${name}-start`)
      await action()
      await client.echo(`${name}-end`)
      const find = suffix =>
        seen.findIndex(c => c.args[0].toLowerCase() === 'echo' && c.args[1] === `${name}-${suffix}`)
      while (find('end') < 0) await new Promise(resolve => waiters.push(resolve))
      const start = find('start')
      const source = seen[start].source
      return seen
        .slice(start + 1, find('end'))
        .filter(c => c.source === source)
        .map(c => c.args[0].toLowerCase())
    }

    await admin.script('FLUSH')
    const fresh = server.client()
    await fresh.ping()
    const first = await commandsOf(fresh, () => script.run(fresh, PARAMS))
    const second = await commandsOf(fresh, () => script.run(fresh, PARAMS))
    await admin.script('FLUSH')
    const flushed = await commandsOf(fresh, () => script.run(fresh, PARAMS))
    await admin.script('FLUSH')
    const other = server.client()
    await other.ping()
    const loading = await commandsOf(other, () => script.load(other))
    const loaded = await commandsOf(other, () => script.run(other, PARAMS))
    const raw = await commandsOf(other, () => other.evalsha(script.sha1, 1, ...RAW_ARGS))
    await monitor.disconnect()

    const show = commands => `${commands.length} (${commands.join(', ')})`
    const line = (measure, commands, limit) => ({
      measure,
      baseline: show(raw),
      subject: show(commands),
      ratio: commands.length / raw.length,
      goal: limit === 1 ? '1 round trip' : `<= ${limit} round trips`,
      met: commands.length <= limit,
    })
    return {
      redisVersion: version,
      lines: [
        line('first run() on a fresh connection, script not cached by the server', first, 2),
        line('second run() on that connection', second, 1),
        line('first run() after SCRIPT FLUSH', flushed, 2),
        line(`run() after load() (load itself: ${show(loading)})`, loaded, 1),
      ],
      notes: [
        'round trips: commands counted with MONITOR between two ECHO markers sent on the same connection; baseline = raw evalsha of a loaded script',
      ],
    }
  } finally {
    await server.stop()
  }
}
