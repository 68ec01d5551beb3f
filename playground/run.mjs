// `npm run play`: builds the playground service with Vite, then runs it against `REDIS_URL` when set,
// else against a throw-away redis-server, and prints what it did.
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { build } from 'vite'
import { startRedis } from '../dist/testing/index.js'

const configFile = fileURLToPath(new URL('vite.config.mjs', import.meta.url))
await build({ configFile, logLevel: 'warn' })
const { createService, scripts } = await import('./dist/main.js')
console.log(
  `built playground/dist/main.js with Vite: ${scripts.map(s => `${s.name} (${s.sha1.slice(0, 10)})`).join(', ')}`,
)

// A server given by REDIS_URL belongs to someone else: use fresh keys, delete only those, never flush.
const server = process.env.REDIS_URL ? undefined : await startRedis()
const redis = server ? server.client() : new Redis(process.env.REDIS_URL)
const service = createService(redis, `playground:${process.pid}:${Date.now()}`)
const users = ['alice']
console.log(`redis: ${server ? `throw-away redis-server on port ${server.port}` : 'REDIS_URL'}`)

try {
  console.log('\nrate limiter, 3 hits per second:')
  for (let i = 1; i <= 4; i++) {
    const { allowed, remaining, retry_after_ms: retry } = await service.hit('alice', 3, 1000)
    console.log(`  alice hit ${i}: ${allowed ? `allowed, ${remaining} left` : `refused, retry in ${retry} ms`}`)
  }

  console.log('\nleaderboard:')
  for (const [player, points] of [
    ['ada', 30],
    ['grace', 50],
    ['linus', 20],
    ['ada', 40],
  ]) {
    const { score, rank, leaders } = await service.score(player, points)
    console.log(
      `  ${player} +${points} -> ${score} points, rank ${rank}; top: ${leaders.map(l => `${l.member} ${l.score}`).join(', ')}`,
    )
  }

  console.log('\njob queue, 2 jobs, 3 workers:')
  await service.enqueue('resize:1', 'email:2')
  for (const worker of ['w1', 'w2', 'w3']) {
    const claim = await service.claim(worker, 50)
    console.log(
      `  ${worker}: ${claim ? `claimed ${claim.job}${claim.reclaimed ? ' (reclaimed)' : ''}` : 'nothing to do'}`,
    )
  }
  await new Promise(resolve => setTimeout(resolve, 60))
  const late = await service.claim('w3', 5000)
  console.log(
    `  w3 after the leases ran out: ${late ? `claimed ${late.job}${late.reclaimed ? ' (reclaimed)' : ''}` : 'nothing to do'}`,
  )
} finally {
  await redis.del(...service.keys(users))
  redis.disconnect()
  await server?.stop()
}
