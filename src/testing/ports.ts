import { createServer, type AddressInfo, type Server } from 'node:net'

/** Loopback address every throw-away server listens on. */
export const HOST = '127.0.0.1'

/** Redis Cluster listens for its bus on the data port plus this offset. */
export const BUS_OFFSET = 10_000

// The developer's own Redis usually lives here; never hand these out even if they look free.
const RESERVED = new Set([6379, 6379 + BUS_OFFSET])

function listen(port: number): Promise<Server | undefined> {
  return new Promise(resolve => {
    const server = createServer()
    server.once('error', () => resolve(undefined))
    server.listen({ port, host: HOST, exclusive: true }, () => resolve(server))
  })
}

function close(server: Server): Promise<void> {
  return new Promise(resolve => server.close(() => resolve()))
}

async function reserve(held: Server[], bus: boolean): Promise<number | undefined> {
  const server = await listen(0)
  if (!server) return undefined
  held.push(server)
  const port = (server.address() as AddressInfo).port
  if (RESERVED.has(port)) return undefined
  if (!bus) return port
  const busPort = port + BUS_OFFSET
  if (busPort > 65_535 || RESERVED.has(busPort)) return undefined
  const busServer = await listen(busPort)
  if (!busServer) return undefined
  held.push(busServer)
  return port
}

/**
 * Asks the OS for `count` distinct free loopback ports. All of them are held open until every one is
 * found, so the OS cannot hand the same port out twice; they are closed before returning, so a caller
 * must still expect (and retry) a lost race with another process.
 *
 * @param count how many ports
 * @param bus also require `port + 10000` to be free (Redis Cluster bus port)
 */
export async function freePorts(count: number, bus = false): Promise<number[]> {
  const held: Server[] = []
  const ports: number[] = []
  try {
    for (let attempt = 0; ports.length < count && attempt < 50 * count; attempt++) {
      const port = await reserve(held, bus)
      if (port !== undefined) ports.push(port)
    }
  } finally {
    await Promise.all(held.map(close))
  }
  if (ports.length < count) {
    throw new Error(
      `could not find ${count} free ports on ${HOST}${bus ? ' with free cluster bus ports (+10000)' : ''}`,
    )
  }
  return ports
}
