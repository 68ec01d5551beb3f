import { spawnSync } from 'node:child_process'
import { dist } from '../node/paths.js'

/** What a `redis-lua` run printed and how it exited. */
export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the built `redis-lua` command (`node dist/cli/main.js ...`) in `cwd`, colour settings cleared unless given. */
export function redisLua(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  const { NO_COLOR: _, FORCE_COLOR: __, ...inherited } = process.env
  const run = spawnSync(process.execPath, [dist('cli/main.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...inherited, ...env },
  })
  if (run.error) throw run.error
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}
