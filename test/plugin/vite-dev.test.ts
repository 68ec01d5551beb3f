import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { HotPayload, ViteDevServer } from 'vite'
import { createServer } from 'vite'
import { afterAll, beforeAll, expect, it } from 'vitest'
import redisLua from '../../src/vite.js'
import { useFixture } from './fixture.js'

const fixture = useFixture('app')
let server: ViteDevServer
const sent: HotPayload[] = []

beforeAll(async () => {
  server = await createServer({
    root: fixture().root,
    configFile: false,
    logLevel: 'silent',
    server: { middlewareMode: true, ws: false },
    plugins: [redisLua()],
  })
  const hot = server.environments.client.hot
  const send = hot.send.bind(hot) as (payload: HotPayload) => void
  hot.send = ((payload: HotPayload) => {
    sent.push(payload)
    send(payload)
  }) as typeof hot.send
})

afterAll(async () => {
  await server?.close()
})

const env = () => server.environments.client
const label = () => path.join(fixture().root, 'lua/lib/text/label.lua')

async function transformReport() {
  return env().transformRequest('/lua/report.lua')
}

/** What a browser does after a full reload: request the page's modules again (Vite skips updates for modules not requested since). */
async function reload(): Promise<void> {
  await env().transformRequest('/src/main.js')
  for (const script of ['counter', 'report', 'tags'])
    await env()
      .transformRequest(`/lua/${script}.lua`)
      .catch(() => {})
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Writes `file` and waits for the next HMR payload the change causes. */
async function edit(file: string, change: (text: string) => string): Promise<HotPayload> {
  return write(file, change(await readFile(file, 'utf8')))
}

/** Writes `text` to `file` (creating it or not) and waits for the next HMR payload the write causes. */
async function write(file: string, text: string): Promise<HotPayload> {
  // The watcher drops a change to a file within 50 ms of the previous one.
  await sleep(100)
  const before = sent.length
  await writeFile(file, text)
  const deadline = Date.now() + 10_000
  while (sent.length === before) {
    if (Date.now() > deadline) throw new Error(`no HMR payload after writing ${file}`)
    await sleep(25)
  }
  return sent[sent.length - 1]
}

it('reloads what imports a script when one of its includes changes', async () => {
  await reload()
  expect((await transformReport())?.code).toContain('defineScript(')
  const payload = await edit(label(), text => text.replace("'%s=%d'", "'%s: %d'"))
  expect(payload).toMatchObject({ type: 'full-reload' })
  await reload()
  expect((await transformReport())?.code).toContain('%s: %d')
})

it('gives the error overlay its message, loc and frame for a bad directive in an include', async () => {
  await edit(label(), text => text.replace('%include "../util"', '%include "../util"\n%arg count integr'))
  await reload()
  const error = (await transformReport().then(
    () => undefined,
    (e: unknown) => e,
  )) as { message: string; loc: object; frame: string; id: string; plugin: string }
  expect(error).toBeDefined()
  const normalise = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll(fixture().root, '<root>'))
  expect(normalise({ message: error.message, loc: error.loc, frame: error.frame, id: error.id, plugin: error.plugin }))
    .toMatchInlineSnapshot(`
    {
      "frame": "  2 | %include "../util"
    > 3 | %arg count integr
        |            ^
      4 | ",
      "id": "<root>/lua/lib/text/label.lua",
      "loc": {
        "column": 11,
        "file": "<root>/lua/lib/text/label.lua",
        "line": 3,
      },
      "message": "lua/lib/text/label.lua:3:12: error: unknown type \`integr\` (expected integer|int|number|string|str|boolean|bool|list|array|dict|dictionary, or a name declared with %type)
        included from lua/lib/summary.lua:3:1
        included from lua/report.lua:6:1",
      "plugin": "unplugin-redis-lua",
    }
  `)
})

it('recovers without a restart once the include is fixed', async () => {
  const payload = await edit(label(), text => text.replace('%arg count integr\n', ''))
  expect(['full-reload', 'update']).toContain(payload.type)
  const fixed = await transformReport()
  expect(fixed?.code).toContain('defineScript(')
  expect(fixed?.code).not.toContain('integr')
})

it('recovers when the include was already broken on the first load of its script', async () => {
  const helper = path.join(fixture().root, 'lua/lib/late.lua')
  await writeFile(helper, '%arg late integr\n')
  await writeFile(path.join(fixture().root, 'lua/late.lua'), '%include "lib/late"\nreturn late\n')
  await expect(env().transformRequest('/lua/late.lua')).rejects.toMatchObject({ loc: { file: helper, line: 1 } })
  const payload = await edit(helper, text => text.replace('integr', 'integer'))
  expect(['full-reload', 'update']).toContain(payload.type)
  expect((await env().transformRequest('/lua/late.lua'))?.code).toContain('defineScript(')
})

it('reloads a script whose missing include is created, and the next load finds it', async () => {
  await writeFile(path.join(fixture().root, 'lua/early.lua'), '%include "lib/later"\nreturn later\n')
  await expect(env().transformRequest('/lua/early.lua')).rejects.toMatchObject({
    message: expect.stringContaining('cannot find include "lib/later"'),
  })
  const payload = await write(path.join(fixture().root, 'lua/lib/later.lua'), 'local later = 1\n')
  expect(['full-reload', 'update']).toContain(payload.type)
  expect((await env().transformRequest('/lua/early.lua'))?.code).toContain('local later = 1')
})
