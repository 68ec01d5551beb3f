import { describe, expect, it } from 'vitest'
import { defineScript, LuaScriptError } from '../../src/runtime/index.js'
import { useServer } from '../support/servers.js'
import { definitionOf, sha1 } from './helpers.js'

// The seed's example (redis-lua's documentation), as `lua/create_foo.lua` under the root.
const CREATE_FOO = `%arg size integer
%arg members list
%return dict

local foo_id = redis.call('INCR', 'foo:last_id')
local foo_root_key = string.format('foo:%s', foo_id)
local foo_members_key = foo_root_key .. ':members'
local foo_size_key = foo_root_key .. ':size'

redis.call('SET', foo_size_key, size)
redis.call('SADD', foo_members_key, unpack(members))

return cjson.encode({
    id=foo_id,
    members=members,
    size=size,
})
`

// The seed's mistake: line 8 reads the local it is declaring.
const BROKEN = CREATE_FOO.replace(
  "local foo_size_key = foo_root_key .. ':size'",
  "local foo_size_key = foo_size_key .. ':size'",
)

type Params = { size: number | bigint; members: readonly unknown[] }

const suite = useServer()

describe('the seed example, create_foo', () => {
  const createFoo = defineScript<Params, Record<string, unknown>>(
    definitionOf({ 'lua/create_foo.lua': CREATE_FOO }, 'lua/create_foo.lua'),
  )

  it('carries its definition', () => {
    expect(createFoo).toMatchObject({
      name: 'lua/create_foo',
      keys: [],
      args: [
        { name: 'size', type: 'integer' },
        { name: 'members', type: 'list' },
      ],
      returns: 'dict',
      readOnly: false,
    })
    expect(createFoo.sha1).toBe(sha1(createFoo.lua))
  })

  it('runs end to end with named, typed arguments and a decoded result', async () => {
    const run = createFoo.runner(suite.client)
    const foo = await run({ size: 3, members: ['john', 'susan', 'bob'] })
    expect(foo).toEqual({ id: 1, members: ['john', 'susan', 'bob'], size: 3 })
    expect(await suite.client.get('foo:1:size')).toBe('3')
    expect((await suite.client.smembers('foo:1:members')).sort()).toEqual(['bob', 'john', 'susan'])
    expect(await createFoo.run(suite.client, { size: 2n, members: ['ann'] })).toEqual({
      id: 2,
      members: ['ann'],
      size: 2,
    })
  })

  it('load() caches it and returns the SHA-1', async () => {
    await suite.client.script('FLUSH')
    expect(await createFoo.load(suite.client)).toBe(createFoo.sha1)
    expect(await suite.client.script('EXISTS', createFoo.sha1)).toEqual([1])
  })

  it('maps the seed mistake to a traceback through the file', async () => {
    const broken = defineScript<Params>(definitionOf({ 'lua/create_foo.lua': BROKEN }, 'lua/create_foo.lua', false))
    const error = (await broken
      .run(suite.client, { size: 3, members: ['john'] })
      .catch((e: unknown) => e)) as LuaScriptError
    expect(error).toBeInstanceOf(LuaScriptError)
    expect(error.message).toBe(
      [
        "Script attempted to access nonexistent global variable 'foo_size_key'",
        'LUA Traceback (most recent script last):',
        '  Script "lua/create_foo.lua", line 8',
        "    local foo_size_key = foo_size_key .. ':size'",
      ].join('\n'),
    )
    expect(error).toMatchObject({
      script: 'lua/create_foo',
      code: 'ERR',
      luaError: "Script attempted to access nonexistent global variable 'foo_size_key'",
      frames: [{ file: 'lua/create_foo.lua', line: 8, source: "local foo_size_key = foo_size_key .. ':size'" }],
    })
    expect(error.redisError.message).toMatch(
      /^ERR user_script:8: Script attempted to access nonexistent global variable 'foo_size_key' script: [0-9a-f]{40}, on @user_script:8\.$/,
    )
    expect(error.stack).toContain('\n    at lua/create_foo (lua/create_foo.lua:8)\n')
  })
})
