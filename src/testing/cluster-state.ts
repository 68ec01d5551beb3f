import { HOST } from './ports.js'
import { probeClient, sleep } from './util.js'

/** What a cluster node currently is. */
export type ClusterRole = 'master' | 'replica'

interface SlotRange {
  start: number
  end: number
  master: number
  replicas: number[]
}

interface NodeView {
  port: number
  state: string
  ranges: SlotRange[]
  role: ClusterRole
  linkUp: boolean
}

type SlotsReply = [number, number, ...[string, number, ...unknown[]][]][]

function parseSlots(reply: SlotsReply): SlotRange[] {
  const ranges = reply.map(([start, end, master, ...replicas]) => ({
    start,
    end,
    master: Number(master[1]),
    replicas: replicas.map(r => Number(r[1])).sort((a, b) => a - b),
  }))
  return ranges.sort((a, b) => a.start - b.start)
}

function describeRanges(ranges: SlotRange[]): string {
  return ranges.map(r => `${r.start}-${r.end}:${r.master}${r.replicas.map(p => `+${p}`).join('')}`).join(' ')
}

function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*?)\\r?$`, 'm').exec(info)?.[1]
}

async function viewOf(port: number): Promise<NodeView> {
  const client = probeClient(port, 2_000)
  try {
    await client.connect()
    const info = (await client.call('CLUSTER', 'INFO')) as string
    const slots = (await client.call('CLUSTER', 'SLOTS')) as SlotsReply
    const replication = await client.info('replication')
    const role = field(replication, 'role') === 'slave' ? 'replica' : 'master'
    const linkUp = role === 'master' || field(replication, 'master_link_status') === 'up'
    return { port, state: field(info, 'cluster_state') ?? '?', ranges: parseSlots(slots), role, linkUp }
  } finally {
    client.disconnect()
  }
}

function strangers(ranges: SlotRange[], running: Set<number>): number[] {
  return [...new Set(ranges.flatMap(r => [r.master, ...r.replicas]))].filter(port => !running.has(port))
}

function nodeProblems(view: NodeView, running: Set<number>, replicas: number | undefined): string[] {
  const problems: string[] = []
  const where = `${HOST}:${view.port}`
  if (view.state !== 'ok') problems.push(`${where} says cluster_state:${view.state}`)
  if (!view.linkUp) problems.push(`${where} is a replica whose master link is not up`)
  const covered = view.ranges.reduce((sum, r) => sum + r.end - r.start + 1, 0)
  if (covered !== 16_384) problems.push(`${where} sees ${covered} of 16384 slots assigned`)
  const short = view.ranges.filter(r => replicas !== undefined && r.replicas.length !== replicas)
  for (const r of short)
    problems.push(`${where} sees ${r.replicas.length} replicas of ${r.master}, expected ${replicas}`)
  // Until the others have noticed a stopped node (cluster-node-timeout), they still route to it.
  for (const port of strangers(view.ranges, running))
    problems.push(`${where} still routes slots to ${HOST}:${port}, which is not running`)
  return problems
}

function problemsOf(views: NodeView[], running: Set<number>, replicas: number | undefined): string[] {
  const problems = views.flatMap(view => nodeProblems(view, running, replicas))
  const maps = new Set(views.map(view => describeRanges(view.ranges)))
  if (maps.size > 1) {
    const each = views.map(view => `  ${HOST}:${view.port}: ${describeRanges(view.ranges)}`)
    problems.push(`nodes disagree on the slot map:\n${each.join('\n')}`)
  }
  return problems
}

async function survey(
  ports: number[],
  replicas: number | undefined,
): Promise<{ problems: string[]; views: NodeView[] }> {
  const results = await Promise.allSettled(ports.map(viewOf))
  const views = results.flatMap(r => (r.status === 'fulfilled' ? [r.value] : []))
  const unreachable = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`${HOST}:${ports[i]} did not answer: ${(r.reason as Error).message}`] : [],
  )
  return { problems: [...unreachable, ...problemsOf(views, new Set(ports), replicas)], views }
}

/**
 * Polls every node in `ports` (the running ones) until each says `cluster_state:ok`, all report the
 * same complete slot map naming only running nodes, and every replica's master link is up; resolves
 * with each node's own idea of its role.
 *
 * @param replicas when given, every slot range must also have exactly this many replicas
 */
export async function waitForCluster(
  ports: number[],
  timeout: number,
  replicas?: number,
): Promise<Map<number, ClusterRole>> {
  const deadline = Date.now() + timeout
  for (;;) {
    const { problems, views } = await survey(ports, replicas)
    if (problems.length === 0) return new Map(views.map(view => [view.port, view.role]))
    if (Date.now() >= deadline) {
      throw new Error(`Redis Cluster not ready after ${timeout} ms:\n${problems.map(p => `- ${p}`).join('\n')}`)
    }
    await sleep(100)
  }
}
