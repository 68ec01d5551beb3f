// Row 4: round trips. The commands one run() sends, counted with MONITOR on the throw-away server:
// the first call on a fresh connection to a server that has never seen the script, the first call
// after SCRIPT FLUSH on a connection that had run it, and a call after load(). The baseline is one raw
// `evalsha` of a loaded script: one command, one round trip.
import { roundTripLine, showCommands, watchCommands } from '../lib.mjs'
import { benchScript, benchServer, PARAMS, RAW_ARGS } from '../redis-script.mjs'

export const id = 'round-trips'
export const title = 'Round trips'

export async function run() {
  const script = await benchScript()
  const { server, admin, version } = await benchServer()
  try {
    const watch = await watchCommands(server)
    /** The names of the commands `client` sends during `action`. */
    const commandsOf = async (client, action) =>
      (await watch.commandsOf(client, action)).map(args => args[0].toLowerCase())

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
    await watch.stop()

    const line = (measure, commands, limit) => roundTripLine(measure, commands, raw, limit)
    return {
      redisVersion: version,
      lines: [
        line('first run() on a fresh connection, script not cached by the server', first, 2),
        line('second run() on that connection', second, 1),
        line('first run() after SCRIPT FLUSH', flushed, 2),
        line(`run() after load() (load itself: ${showCommands(loading)})`, loaded, 1),
      ],
      notes: [
        'round trips: commands counted with MONITOR between two ECHO markers sent on the same connection; baseline = raw evalsha of a loaded script',
      ],
    }
  } finally {
    await server.stop()
  }
}
