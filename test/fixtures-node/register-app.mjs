// Run as `node --import <repo>/dist/node/register.js register-app.mjs` with REDIS_URL set: imports
// the fixture scripts as plain Node modules and prints what they are and what they return.
import { Redis } from 'ioredis'
import { describeScripts, exercise } from './exercise.mjs'
import scripts from './fixture-scripts.mjs'

const redis = new Redis(process.env.REDIS_URL)
try {
  console.log(JSON.stringify({ scripts: describeScripts(scripts), results: await exercise(scripts, redis) }))
} finally {
  redis.disconnect()
}
