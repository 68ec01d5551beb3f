import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { keySlot } from '../../src/runtime/cluster-slot.js'
import { resultDecoder } from '../../src/runtime/decode-result.js'
import { paramsEncoder } from '../../src/runtime/encode-params.js'
import { defineScript, ScriptArgumentError } from '../../src/runtime/index.js'
import { mapError, type ErrorSource } from '../../src/runtime/map-error.js'
import { replyText } from '../../src/runtime/clients/ioredis/direct.js'
import { definitionOf } from './helpers.js'

/** mapError as the ioredis adapter drives it: the server's text read from a `ReplyError`. */
const mapReplyError = (script: ErrorSource, error: unknown): unknown => mapError(script, error, replyText(error))

const SRC = join(import.meta.dirname, '../../src')
// The runtime and the leaf it imports: everything a generated module pulls in at run time.
const sources = ['runtime', 'shared'].flatMap(layer =>
  readdirSync(join(SRC, layer), { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.ts'))
    .map(f => [`${layer}/${f}`, readFileSync(join(SRC, layer, f), 'utf8')]),
)

describe('the runtime depends on nothing but the client it is given', () => {
  it.each(sources)('%s imports only the runtime and src/shared (ioredis as types at most)', (file, text) => {
    const imports = [...text.matchAll(/^import (type )?.*? from '([^']+)'/gm)]
    for (const [line, typeOnly, from] of imports)
      expect(/^\.\.?\//.test(from) || (typeOnly && from === 'ioredis'), line).toBe(true)
    expect(text).not.toMatch(/\brequire\(|\bprocess\.|'node:|\bBuffer\.(from|isBuffer|concat|alloc)/)
  })
})

describe('without a global Buffer (edge runtimes)', () => {
  function withoutBuffer(check: () => void): void {
    const saved = globalThis.Buffer
    Reflect.deleteProperty(globalThis, 'Buffer')
    try {
      check()
    } finally {
      globalThis.Buffer = saved
    }
  }

  it('encodes, decodes, hashes slots and maps errors', () => {
    const definition = definitionOf(
      { 'edge.lua': '%key k\n%arg s string\n%arg l list\n%return string\nreturn s\n' },
      'edge.lua',
    )
    withoutBuffer(() => {
      expect(globalThis.Buffer).toBeUndefined()
      const encode = paramsEncoder(
        'edge',
        ['k'],
        [
          { name: 's', type: 'string' },
          { name: 'l', type: 'list' },
        ],
      )
      expect(encode({ k: 'key', s: 'text', l: [1] })).toEqual([undefined, '1', 'key', 'text', '[1]'])
      // Bytes without a Buffer to view them as: passed on as they are, for the client to write.
      const bytes = new Uint8Array(1)
      expect(encode({ k: 'key', s: bytes, l: [] })[3]).toBe(bytes)
      expect(() => encode({ k: 'key', s: 5, l: [] })).toThrow(ScriptArgumentError)
      expect(resultDecoder('edge', 'string')(new TextEncoder().encode('héllo'))).toBe('héllo')
      expect(keySlot('{user1000}.following')).toBe(keySlot(new TextEncoder().encode('{user1000}.followers')))
      const error = mapReplyError(
        definition,
        Object.assign(new Error('ERR user_script:5: boom script: x, on @user_script:5.'), { name: 'ReplyError' }),
      )
      expect(error).toMatchObject({ name: 'LuaScriptError', frames: [{ file: 'edge.lua', line: 5 }] })
      expect(defineScript(definition).sha1).toBe(definition.sha1)
    })
  })
})

describe('misuse', () => {
  const script = defineScript(definitionOf({ 'm.lua': 'return 1\n' }, 'm.lua'))

  it.each([null, undefined, {}, 'redis://localhost'])('run() on %o rejects with a TypeError', async client => {
    await expect(script.run(client as never)).rejects.toThrow(
      /^m: run\(\) takes a client: an ioredis or iovalkey Redis, Cluster, pipeline\(\) or multi\(\);.* got /,
    )
  })

  it('load() on a non-client rejects', async () => {
    await expect(script.load({} as never)).rejects.toThrow(
      /^m: load\(\) takes a client: an ioredis or iovalkey Redis, .*; got object$/,
    )
  })

  it('an unbound method says how to bind it', async () => {
    const { run } = script
    await expect(run({ evalsha: () => 1 })).rejects.toThrow(/use runner\(\)/)
  })

  it('the script object and its declarations are frozen', () => {
    expect(Object.isFrozen(script)).toBe(true)
    expect(Object.isFrozen(script.keys)).toBe(true)
    expect(Object.isFrozen(script.args)).toBe(true)
  })
})
