import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { REPO } from '../plugin/fixture.js'

/** Where the tool apps are laid out: ignored by git, inside the repository so they find its `node_modules`. */
export const OUT = path.join(REPO, '.out/tools')

/** The scripts every tool app runs (`lua/`) and fails on (`bad/`). */
const FIXTURE = path.join(REPO, 'test/fixtures/tools')

/**
 * Lays out `.out/tools/<name>` afresh: the tools fixture (`lua/`, `bad/`), then `files`, then this
 * package installed in its `node_modules` (`package.json`, `client.d.ts`, `dist/`, copied as a
 * registry install would lay them). Everything else (next, jest, bun, ioredis) resolves from the
 * repository's `node_modules` above it. Run `npm run build` first.
 */
export async function makeApp(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(OUT, name)
  await rm(dir, { recursive: true, force: true })
  await cp(FIXTURE, dir, { recursive: true })
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
    await writeFile(path.join(dir, file), text)
  }
  await installPackage(dir)
  return dir
}

/** Copies this package into `<dir>/node_modules/unplugin-redis-lua`. */
export async function installPackage(dir: string): Promise<void> {
  const installed = path.join(dir, 'node_modules/unplugin-redis-lua')
  for (const entry of ['package.json', 'client.d.ts', 'dist'])
    await cp(path.join(REPO, entry), path.join(installed, entry), { recursive: true })
}

/** A repository binary: `node_modules/.bin/<name>`. */
export const bin = (name: string) => path.join(REPO, 'node_modules/.bin', name)

/** How a command ended, with stdout and stderr together. */
export interface Ran {
  code: number | null
  output: string
}

/** Runs a command to its end; never rejects on a non-zero exit (the caller judges the code). */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawnWith(command, args, cwd, env)
    let output = ''
    child.stdout!.on('data', chunk => (output += chunk))
    child.stderr!.on('data', chunk => (output += chunk))
    child.on('error', reject)
    child.on('close', code => resolve({ code, output }))
  })
}

/** A long-running command (a server) and what it printed so far. */
export interface Served {
  output: () => string
  stop: () => Promise<void>
}

/** Starts a server command and waits until its output matches `ready`; rejects if it exits first. */
export function serve(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, ready: RegExp) {
  return new Promise<Served>((resolve, reject) => {
    const child = spawnWith(command, args, cwd, env, true)
    let output = ''
    const served = { output: () => output, stop: () => stopGroup(child) }
    const onData = (chunk: Buffer) => {
      output += chunk
      if (ready.test(output)) resolve(served)
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('error', reject)
    child.on('exit', code => reject(new Error(`${command} exited (${code}) before it was ready:\n${output}`)))
  })
}

function spawnWith(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, detached = false) {
  return spawn(command, args, {
    cwd,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it also ends the workers it started (next start, next dev).
    detached,
  })
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise(resolve => {
    child.once('exit', () => resolve())
    process.kill(-child.pid!, 'SIGTERM')
  })
}

/** GETs a URL and parses its JSON body, with the status. */
export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url)
  const text = await response.text()
  try {
    return { status: response.status, body: JSON.parse(text) }
  } catch {
    return { status: response.status, body: text }
  }
}
