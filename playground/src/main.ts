import type { Redis } from 'ioredis'
import claimJob from './lua/claim_job.lua'
import leaderboard from './lua/leaderboard.lua'
import rateLimit from './lua/rate_limit.lua'

// The result types are the scripts' own `%type`s, exported by their sidecars: nothing to cast or copy.
/** What the rate limiter answers for one hit. */
export type { RateLimit as RateLimitResult } from './lua/rate_limit.lua'
/** A player's standing after scoring, and the top of the board. */
export type { Standing } from './lua/leaderboard.lua'
/** A claimed job and the lease the worker holds on it. */
export type { Claim } from './lua/claim_job.lua'

/** The compiled scripts, for callers that want their names and sha1s. */
export const scripts = [rateLimit, leaderboard, claimJob]

/** A small service over Redis: every method is one script call, keys under `prefix`. */
export function createService(redis: Redis, prefix: string) {
  return {
    /** Counts a hit for `user`: at most `limit` per `windowMs`. */
    hit: (user: string, limit: number, windowMs: number) =>
      rateLimit.run(redis, { bucket: `${prefix}:rate:${user}`, limit, window_ms: windowMs }),
    /** Adds `points` to `player` and returns the player's standing with the top `top` players. */
    score: (player: string, points: number, top = 3) =>
      leaderboard.run(redis, { board: `${prefix}:board`, player, points, top }),
    /** Queues jobs for workers to claim. */
    enqueue: (...jobs: string[]): Promise<number> => redis.rpush(`${prefix}:queue`, ...jobs),
    /** Claims a job for `worker` for `leaseMs`, or `null` when there is none. */
    claim: (worker: string, leaseMs: number) =>
      claimJob.run(redis, { queue: `${prefix}:queue`, leases: `${prefix}:leases`, worker, lease_ms: leaseMs }),
    /** The keys this service writes, for cleaning up on a shared server. */
    keys(users: string[]): string[] {
      return [...users.map(user => `${prefix}:rate:${user}`), `${prefix}:board`, `${prefix}:queue`, `${prefix}:leases`]
    },
  }
}
