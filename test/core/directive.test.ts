import { describe, expect, it } from 'vitest'
import { parseDirective } from '../../src/core/directive.js'

describe('parseDirective: valid directives', () => {
  it.each([
    ['%key counter', { kind: 'key', name: 'counter', column: 0, nameColumn: 5 }],
    ['  %key\tcounter \t\r', { kind: 'key', name: 'counter', column: 2, nameColumn: 7 }],
    ['--%key counter', { kind: 'key', name: 'counter', column: 0, nameColumn: 7 }],
    ['%arg size', { kind: 'arg', name: 'size', type: null, refs: [], column: 0, nameColumn: 5 }],
    ['\t--%arg _x9 list', { kind: 'arg', name: '_x9', type: 'list', refs: [], column: 1, nameColumn: 8 }],
    ['%return dict', { kind: 'return', type: 'dict', refs: [], column: 0 }],
    ['%return int?', { kind: 'return', type: 'integer?', refs: [], column: 0 }],
    ['--%return bool', { kind: 'return', type: 'boolean', refs: [], column: 0 }],
    [
      '%arg size Int',
      {
        kind: 'arg',
        name: 'size',
        type: { ref: 'Int' },
        refs: [{ name: 'Int', column: 10 }],
        column: 0,
        nameColumn: 5,
      },
    ],
    [
      '--%type Job = { id: str, tags?: list<string> }?',
      {
        kind: 'type',
        name: 'Job',
        type: {
          shape: [
            { name: 'id', type: 'string' },
            { name: 'tags', type: { list: 'string' }, optional: true },
          ],
          nullable: true,
        },
        refs: [],
        column: 0,
        nameColumn: 8,
      },
    ],
    ['%include "lib/util"', { kind: 'include', path: 'lib/util', column: 0 }],
    ["%include '../x.lua'", { kind: 'include', path: '../x.lua', column: 0 }],
    ['  --%include "with space.lua"  ', { kind: 'include', path: 'with space.lua', column: 2 }],
    ['%pragma once', { kind: 'pragma', value: 'once', column: 0 }],
    ['--%pragma once', { kind: 'pragma', value: 'once', column: 0 }],
  ])('%j', (line, expected) => {
    expect(parseDirective(line)).toEqual(expected)
  })

  // [%arg line, its type]: each spelling of the scalar types.
  it.each([
    ['%arg size integer', 'integer'],
    ['%arg size int', 'integer'],
    ['%arg ratio number', 'number'],
    ['%arg s str', 'string'],
    ['%arg s string', 'string'],
    ['%arg b bool', 'boolean'],
    ['%arg b boolean', 'boolean'],
    ['%arg l array', 'list'],
    ['%arg l list', 'list'],
    ['%arg d dictionary', 'dict'],
    ['%arg d dict', 'dict'],
  ])('%j', (line, type) => {
    const name = line.split(' ')[1]
    expect(parseDirective(line)).toEqual({ kind: 'arg', name, type, refs: [], column: 0, nameColumn: 5 })
  })
})

describe('parseDirective: ordinary Lua stays Lua', () => {
  it.each([
    'local x = 1',
    '-- a comment',
    '-- %arg size integer',
    '--%args are fine in comments',
    '--%note not a directive',
    '---%arg x',
    'x = y % 2',
    '',
  ])('%j', line => {
    expect(parseDirective(line)).toBeNull()
  })
})

describe('parseDirective: malformed directives are errors at the offending text', () => {
  it.each([
    ['%foo bar', 'bad-directive', 0, 'unknown directive `%foo`'],
    ['%', 'bad-directive', 0, 'unknown directive `%`'],
    ['  %ARG x', 'bad-directive', 2, 'unknown directive `%ARG`'],
    ['%key', 'bad-directive', 0, '`%key` takes exactly one name'],
    ['%key k string', 'bad-directive', 0, '`%key` takes exactly one name'],
    ['%keys k', 'bad-directive', 0, 'unknown directive `%keys`'],
    ['%arg', 'bad-directive', 0, '`%arg` takes a name'],
    ['%arg a int extra', 'bad-type', 11, 'expected the end of the type, got `extra`'],
    ['%arg a int -- comment', 'bad-type', 11, 'expected a type'],
    ['%arg 1a', 'invalid-name', 5, '`1a` is not a Lua identifier'],
    ['%arg end', 'invalid-name', 5, '`end` is a Lua keyword'],
    ['%key é', 'invalid-name', 5, '`é` is not a Lua identifier'],
    ['%key a-b', 'invalid-name', 5, '`a-b` is not a Lua identifier'],
    ['%return', 'bad-directive', 0, '`%return` takes one type'],
    ['%return dict??', 'bad-type', 13, 'already nullable'],
    ['%type', 'bad-directive', 0, '`%type` names a type'],
    ['%type Job', 'bad-directive', 0, '`%type` names a type'],
    ['%type Job =', 'bad-type', 11, 'expected a type after `=`'],
    ['%type 9 = int', 'invalid-name', 6, '`9` is not a Lua identifier'],
    ['%type int = string', 'invalid-name', 6, '`int` is a built-in type'],
    ['%include util', 'bad-directive', 0, '`%include` takes one quoted path'],
    ['%include "util\'', 'bad-directive', 0, '`%include` takes one quoted path'],
    ['%include "a" "b"', 'bad-directive', 0, '`%include` takes one quoted path'],
    ['%pragma twice', 'unknown-pragma', 8, 'unknown pragma `twice`'],
    ['%pragma', 'bad-directive', 0, '`%pragma` takes one value'],
  ])('%j', (line, code, column, message) => {
    const parsed = parseDirective(line)
    expect(parsed).toMatchObject({ kind: 'error', code, column })
    expect((parsed as { message: string }).message).toContain(message)
  })
})
