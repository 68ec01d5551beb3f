import { deleteStaleLibraries } from '../node/index.js'
import { hasErrors } from '../node/compile-error.js'
import { compilerOptions, parse } from './args.js'
import { collect } from './collect.js'
import { HELP } from './help.js'
import type { Io } from './io.js'
import { formatAll } from './report.js'
import { UsageError } from './usage-error.js'

/**
 * `redis-lua prune <paths...> --url <redis-url>`: deletes the Functions libraries this package loaded
 * on that server (every master with `--cluster`) that none of the scripts under the paths uses.
 */
export async function prune(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('prune', argv, {
    url: { type: 'string' },
    cluster: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  })
  if (values.help) return help(io)
  if (!positionals.length)
    throw new UsageError('give the scripts in use: redis-lua prune <paths...> --url <url>', 'prune')
  if (!values.url) throw new UsageError('--url <redis-url> is required', 'prune')
  const options = compilerOptions(values, 'prune')
  // The scripts in use are functions unless --functions-only says which.
  const tree = collect('prune', positionals, { ...options, functions: options.functions || true })
  for (const block of formatAll(tree.diagnostics, 'text', io.cwd)) io.out(block)
  if (hasErrors(tree.diagnostics)) {
    io.err('redis-lua prune: nothing deleted (fix the errors above)')
    return 1
  }
  const client = await connect(values.url, values.cluster === true)
  try {
    const names = await deleteStaleLibraries(client, tree.scripts, { dryRun: values['dry-run'] })
    for (const name of names) io.out(name)
    io.err(
      `redis-lua prune: ${names.length} stale ${names.length === 1 ? 'library' : 'libraries'} ${values['dry-run'] ? 'found (dry run: nothing deleted)' : 'deleted'}`,
    )
    return 0
  } finally {
    client.disconnect()
  }
}

/** An ioredis client (an optional peer dependency: installed by the project that runs this command). */
async function connect(url: string, cluster: boolean): Promise<{ disconnect(): void }> {
  const ioredis = await import('ioredis').catch(() => {
    throw new UsageError('prune connects with ioredis: install it (npm i ioredis)', 'prune')
  })
  if (!cluster) return new ioredis.Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 })
  const { hostname, port } = new URL(url)
  return new ioredis.Cluster([{ host: hostname, port: Number(port || 6379) }])
}

function help(io: Io): number {
  io.out(HELP.prune)
  return 0
}
