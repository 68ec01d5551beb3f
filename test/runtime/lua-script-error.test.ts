import { describe, expect, it } from 'vitest'
import { framesAt } from '../../src/runtime/frames.js'
import { lineCount } from '../../src/shared/line-map.js'
import { mapError, type ErrorSource } from '../../src/runtime/map-error.js'
import { replyText } from '../../src/runtime/clients/ioredis/direct.js'
import { LuaScriptError } from '../../src/runtime/index.js'
import { definitionOf } from './helpers.js'

/** mapError as the ioredis adapter drives it: the server's text read from a `ReplyError`. */
const mapReplyError = (script: ErrorSource, error: unknown): unknown => mapError(script, error, replyText(error))

const SHA = 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db'

const replyError = (message: string): Error => Object.assign(new Error(message), { name: 'ReplyError' })

// outer.lua line 3 includes mid.lua, whose line 2 includes inner.lua, whose line 2 is the bad one.
const nested = definitionOf(
  {
    'outer.lua': '%key counter\n\n%include "mid"\nreturn 2\n',
    'mid.lua': 'local top = 1\n%include "inner"\nreturn top\n',
    'inner.lua': '%arg size integer\nlocal b = missing_global + size\n',
  },
  'outer.lua',
  false,
)

describe('framesAt', () => {
  it('names every include level, outermost first, with directive text for include lines', () => {
    const line = nested.lua.split('\n').indexOf('local b = missing_global + size') + 1
    expect(framesAt(nested.lua, nested.lineMap, line)).toEqual([
      { file: 'outer.lua', line: 3, source: '%include "mid"' },
      { file: 'mid.lua', line: 2, source: '%include "inner"' },
      { file: 'inner.lua', line: 2, source: 'local b = missing_global + size' },
    ])
  })

  it('shows the directive as written for a directive line, not its rendered Lua', () => {
    expect(framesAt(nested.lua, nested.lineMap, 1)).toEqual([{ file: 'outer.lua', line: 1, source: '%key counter' }])
  })

  it.each([0, -1, 1.5, Number.NaN])('gives no frames for line %s', line => {
    expect(framesAt(nested.lua, nested.lineMap, line)).toEqual([])
  })

  it('takes a line past the end (compile error at end of input) as the last line', () => {
    const last = lineCount(nested.lineMap)
    expect(framesAt(nested.lua, nested.lineMap, last + 5)).toEqual(framesAt(nested.lua, nested.lineMap, last))
  })

  it('survives an empty line map', () => {
    expect(framesAt('return 1', { files: [], segments: [], directives: {} }, 1)).toEqual([])
  })
})

describe('mapError', () => {
  const line = nested.lua.split('\n').indexOf('local b = missing_global + size') + 1
  const text = `ERR user_script:${line}: Script attempted to access nonexistent global variable 'missing_global' script: ${SHA}, on @user_script:${line}.`

  it('builds the seed-style message and fields', () => {
    const original = replyError(text)
    const error = mapReplyError(nested, original) as LuaScriptError
    expect(error).toBeInstanceOf(LuaScriptError)
    expect(error.message).toBe(
      [
        "Script attempted to access nonexistent global variable 'missing_global'",
        'LUA Traceback (most recent script last):',
        '  Script "outer.lua", line 3',
        '    %include "mid"',
        '  Script "mid.lua", line 2',
        '    %include "inner"',
        '  Script "inner.lua", line 2',
        '    local b = missing_global + size',
      ].join('\n'),
    )
    expect(error).toMatchObject({
      name: 'LuaScriptError',
      script: 'outer',
      code: 'ERR',
      redisError: original,
      cause: original,
    })
    expect(error.luaError).toBe("Script attempted to access nonexistent global variable 'missing_global'")
  })

  it('puts one `at` line per frame, innermost first, above the JS frames', () => {
    const stack = (mapReplyError(nested, replyError(text)) as Error).stack!
    const atLines = stack.split('\n').filter(l => l.startsWith('    at '))
    expect(atLines.slice(0, 3)).toEqual([
      '    at outer (inner.lua:2)',
      '    at outer (mid.lua:2)',
      '    at outer (outer.lua:3)',
    ])
    expect(atLines.length).toBeGreaterThan(3)
  })

  it('keeps a non-ERR code in the headline', () => {
    const error = mapReplyError(
      nested,
      replyError(
        `WRONGTYPE Operation against a key holding the wrong kind of value script: ${SHA}, on @user_script:1.`,
      ),
    ) as LuaScriptError
    expect(error.message.split('\n')[0]).toBe('WRONGTYPE Operation against a key holding the wrong kind of value')
    expect(error.code).toBe('WRONGTYPE')
  })

  it('passes a location-less error through with the script name and no frames', () => {
    const error = mapReplyError(nested, replyError('MY custom')) as LuaScriptError
    expect(error).toBeInstanceOf(LuaScriptError)
    expect(error.frames).toEqual([])
    expect(error.message).toBe('MY custom (script "outer")')
  })

  it('does not crash on a compile error past the end', () => {
    const error = mapReplyError(
      nested,
      replyError(`ERR Error compiling script (new function): user_script:999: 'end' expected near '<eof>'`),
    ) as LuaScriptError
    expect(error.frames.at(-1)).toMatchObject({ file: 'outer.lua', line: 4 })
  })

  it.each([
    'NOSCRIPT No matching script. Please use EVAL.',
    'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.',
    "READONLY You can't write against a read only replica.",
    "CROSSSLOT Keys in request don't hash to the same slot",
    'MOVED 3999 127.0.0.1:6381',
  ])('names the script in a server error, keeping its kind, code and text: %s', text => {
    const original = replyError(text)
    const named = mapReplyError(nested, original) as Error
    expect(named).not.toBeInstanceOf(LuaScriptError)
    expect(Object.getPrototypeOf(named)).toBe(Object.getPrototypeOf(original))
    expect(named).toMatchObject({
      name: 'ReplyError',
      message: `${text} (script "outer")`,
      script: 'outer',
      code: text.split(' ')[0],
    })
    expect(named.cause).toBe(original)
  })

  it('leaves errors that are not Redis replies alone', () => {
    const closed = new Error('Connection is closed.')
    expect(mapReplyError(nested, closed)).toBe(closed)
    expect(mapReplyError(nested, 'text')).toBe('text')
  })
})
