import type { Redis } from 'ioredis'
import claimJob from './lua/claim_job.lua'
import leaderboard from './lua/leaderboard.lua'
import rateLimit from './lua/rate_limit.lua'

/** What the rate limiter answers for one hit. */
export interface RateLimitResult {
  allowed: boolean
  remaining: number
  retry_after_ms: number
}

/** A player's standing after scoring, and the top of the board. */
export interface Standing {
  player: string
  score: number
  rank: number
  leaders: { member: string; score: number }[]
}

/** A claimed job and the lease the worker holds on it. */
export interface Claim {
  job: string
  worker: string
  reclaimed: boolean
  lease_until: number
}

/** The compiled scripts, for callers that want their names and sha1s. */
export const scripts = [rateLimit, leaderboard, claimJob]

/**
 * A small service over Redis: every method is one script call, keys under `prefix`. A `%return dict`
 * result is a `Record<string, unknown>`: the fields are read into the service's own types here.
 */
export function createService(redis: Redis, prefix: string) {
  return {
    /** Counts a hit for `user`: at most `limit` per `windowMs`. */
    async hit(user: string, limit: number, windowMs: number): Promise<RateLimitResult> {
      const result = await rateLimit.run(redis, { bucket: `${prefix}:rate:${user}`, limit, window_ms: windowMs })
      return {
        allowed: result.allowed === true,
        remaining: Number(result.remaining),
        retry_after_ms: Number(result.retry_after_ms),
      }
    },
    /** Adds `points` to `player` and returns the player's standing with the top `top` players. */
    async score(player: string, points: number, top = 3): Promise<Standing> {
      const result = await leaderboard.run(redis, { board: `${prefix}:board`, player, points, top })
      return {
        player,
        score: Number(result.score),
        rank: Number(result.rank),
        leaders: result.leaders as Standing['leaders'],
      }
    },
    /** Queues jobs for workers to claim. */
    async enqueue(...jobs: string[]): Promise<number> {
      return redis.rpush(`${prefix}:queue`, ...jobs)
    },
    /** Claims a job for `worker` for `leaseMs`, or `null` when there is none. */
    async claim(worker: string, leaseMs: number): Promise<Claim | null> {
      const result = await claimJob.run(redis, {
        queue: `${prefix}:queue`,
        leases: `${prefix}:leases`,
        worker,
        lease_ms: leaseMs,
      })
      if (result === null) return null
      return {
        job: String(result.job),
        worker,
        reclaimed: result.reclaimed === true,
        lease_until: Number(result.lease_until),
      }
    },
    /** The keys this service writes, for cleaning up on a shared server. */
    keys(users: string[]): string[] {
      return [...users.map(user => `${prefix}:rate:${user}`), `${prefix}:board`, `${prefix}:queue`, `${prefix}:leases`]
    },
  }
}
