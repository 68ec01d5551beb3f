import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../../src/core/index.js'
import type { TypeNode } from '../../src/shared/definition.js'
import { formatType } from '../../src/shared/type-node.js'
import { compileFiles, ROOT } from '../support/compile-memory.js'

const errorsOf = (files: Record<string, string>): string[] =>
  compileFiles(files)
    .diagnostics.filter(d => d.severity === 'error')
    .map(d => formatDiagnostic(d, ROOT))

describe('type expressions: what each one means', () => {
  // [as written after `%arg x`, the type node, its canonical form]
  const VALID: [string, TypeNode, string][] = [
    ['integer', 'integer', 'integer'],
    ['int', 'integer', 'integer'],
    ['str', 'string', 'string'],
    ['bool', 'boolean', 'boolean'],
    ['array', 'list', 'list'],
    ['dictionary', 'dict', 'dict'],
    ['number?', 'number?', 'number?'],
    ['list<int>', { list: 'integer' }, 'list<integer>'],
    ['array<string>', { list: 'string' }, 'list<string>'],
    ['int[]', { list: 'integer' }, 'list<integer>'],
    ['int[][]', { list: { list: 'integer' } }, 'list<list<integer>>'],
    ['int?[]', { list: 'integer?' }, 'list<integer?>'],
    ['int[]?', { list: 'integer', nullable: true }, 'list<integer>?'],
    ['dict<number>', { dict: 'number' }, 'dict<number>'],
    ['dictionary<bool?>', { dict: 'boolean?' }, 'dict<boolean?>'],
    ['dict<list<str>>?', { dict: { list: 'string' }, nullable: true }, 'dict<list<string>>?'],
    ['{ a: int }', { shape: [{ name: 'a', type: 'integer' }] }, '{ a: integer }'],
    [
      '{a:int,b?:str,}',
      {
        shape: [
          { name: 'a', type: 'integer' },
          { name: 'b', type: 'string', optional: true },
        ],
      },
      '{ a: integer, b?: string }',
    ],
    ['{ end: bool }', { shape: [{ name: 'end', type: 'boolean' }] }, '{ end: boolean }'],
    [
      '{ job: { id: string, tags: string[] }?, n?: int? }[]',
      {
        list: {
          shape: [
            {
              name: 'job',
              type: {
                shape: [
                  { name: 'id', type: 'string' },
                  { name: 'tags', type: { list: 'string' } },
                ],
                nullable: true,
              },
            },
            { name: 'n', type: 'integer?', optional: true },
          ],
        },
      },
      'list<{ job: { id: string, tags: list<string> }?, n?: integer? }>',
    ],
    ['\tlist < int >\t', { list: 'integer' }, 'list<integer>'],
  ]

  it.each(VALID)('%j', (written, node, canonical) => {
    const result = compileFiles({ 'main.lua': `%arg x ${written}\n%return ${written}\nreturn x` })
    expect(result.diagnostics.filter(d => d.severity === 'error')).toEqual([])
    expect(result.args).toEqual([{ name: 'x', type: node }])
    expect(result.returns).toEqual(node)
    expect(formatType(node)).toBe(canonical)
    // The canonical form reads back as the same type.
    expect(compileFiles({ 'main.lua': `%arg x ${canonical}\nreturn x` }).args[0].type).toEqual(node)
  })
})

describe('type expressions: each malformed one is an error at its file:line:col saying what was expected', () => {
  const A_TYPE =
    'a type (integer|int|number|string|str|boolean|bool|list|array|dict|dictionary, `{` for a shape, or a %type name)'
  // [directive line (line 2 of main.lua), the error]
  const MALFORMED: [string, string][] = [
    ['%arg x {', 'main.lua:2:9: error: expected a field name (`{ name: type, ... }`), got the end of the line'],
    ['%arg x {}', 'main.lua:2:9: error: expected a field name (`{ name: type, ... }`), got `}`'],
    ['%arg x { a }', 'main.lua:2:12: error: expected `:` after the field name `a`, got `}`'],
    ['%arg x { a: }', `main.lua:2:13: error: expected ${A_TYPE}, got \`}\``],
    [
      '%arg x { a: int',
      'main.lua:2:16: error: expected `,` or `}` to close the shape opened at column 8, got the end of the line',
    ],
    [
      '%arg x { a: int b: int }',
      'main.lua:2:17: error: expected `,` or `}` to close the shape opened at column 8, got `b`',
    ],
    ['%arg x { a: int, a: str }', 'main.lua:2:18: error: duplicate field `a`'],
    ['%arg x { 1: int }', `main.lua:2:10: error: expected ${A_TYPE}, got \`1\``],
    ['%arg x { a: int, , }', 'main.lua:2:18: error: expected a field name or `}`, got `,`'],
    ['%arg x list<int', 'main.lua:2:16: error: expected `>` to close `list<`, got the end of the line'],
    ['%arg x list<>', `main.lua:2:13: error: expected ${A_TYPE}, got \`>\``],
    ['%arg x dict<int, str>', 'main.lua:2:16: error: expected `>` to close `dict<`, got `,`'],
    ['%arg x integer<int>', 'main.lua:2:15: error: `integer` takes no type parameter (only list<T> and dict<T> do)'],
    ['%arg x int[', 'main.lua:2:12: error: expected `]` (`T[]` is a list of T), got the end of the line'],
    ['%arg x int??', 'main.lua:2:12: error: the type is already nullable: one `?` is enough'],
    ['%arg x int extra', 'main.lua:2:12: error: expected the end of the type, got `extra`'],
    ['%arg x int -- note', `main.lua:2:12: error: expected ${A_TYPE}, got \`-\``],
    ['--%arg x list<int>>', 'main.lua:2:19: error: expected the end of the type, got `>`'],
    ['%arg x ?', `main.lua:2:8: error: expected ${A_TYPE}, got \`?\``],
    [
      '%return { a: int',
      'main.lua:2:17: error: expected `,` or `}` to close the shape opened at column 9, got the end of the line',
    ],
    ['%return', 'main.lua:2:1: error: `%return` takes one type: `%return type` or `%return type?`'],
    ['%type Job = ', 'main.lua:2:12: error: `%type` names a type: expected a type after `=`'],
    ['%type Job { a: int }', 'main.lua:2:1: error: `%type` names a type: `%type Name = type`'],
    ['%type end = int', 'main.lua:2:7: error: invalid type name: `end` is a Lua keyword'],
    ['%type dict = int', 'main.lua:2:7: error: invalid type name: `dict` is a built-in type'],
    [
      '%type Job = { a: int',
      'main.lua:2:21: error: expected `,` or `}` to close the shape opened at column 13, got the end of the line',
    ],
    [
      '%arg x Jobb',
      'main.lua:2:8: error: unknown type `Jobb` (expected integer|int|number|string|str|boolean|bool|list|array|dict|dictionary, or a name declared with %type)',
    ],
    [
      '%arg x { a: list<Nope> }',
      'main.lua:2:18: error: unknown type `Nope` (expected integer|int|number|string|str|boolean|bool|list|array|dict|dictionary, or a name declared with %type)',
    ],
    ['%type A = A?', 'main.lua:2:7: error: `A` stands for itself: A = A'],
  ]

  it.each(MALFORMED)('%j', (line, error) => {
    expect(errorsOf({ 'main.lua': `-- line 1\n${line}\nreturn 1` })).toEqual([error])
  })
})

describe('%type: one namespace per script, across includes', () => {
  it('a type declared in an include names a type in the entry, in any order, and is the script’s', () => {
    const result = compileFiles({
      'main.lua': '%arg job Job\n%include "types"\n%return Claim?\nreturn job',
      'types.lua': '%pragma once\n%type Job = { id: string }\n%type Claim = { job: Job, at: int }',
    })
    expect(result.diagnostics).toEqual([])
    expect(result.types).toEqual({
      Job: { shape: [{ name: 'id', type: 'string' }] },
      Claim: {
        shape: [
          { name: 'job', type: { ref: 'Job' } },
          { name: 'at', type: 'integer' },
        ],
      },
    })
    expect(result.returns).toEqual({ ref: 'Claim', nullable: true })
    expect(result.lua.split('\n')).toEqual([
      'local job = cjson.decode(ARGV[1])',
      '--%pragma once',
      '--%type Job',
      '--%type Claim',
      '--%return Claim?',
      'return job',
    ])
  })

  it('a type, a key and an arg may not share a name, wherever each is declared', () => {
    expect(errorsOf({ 'main.lua': '%key job\n%include "t"\nreturn job', 't.lua': '%type job = int' })).toEqual([
      't.lua:1:7: error: `job` is already declared as a key at main.lua:1:6\n    included from main.lua:2:1',
    ])
    expect(errorsOf({ 'main.lua': '%type T = int\n%arg T int\nreturn T' })).toEqual([
      'main.lua:2:6: error: `T` is already declared as a type at main.lua:1:7',
    ])
  })

  it('an unknown type in an include is reported there, with the include chain', () => {
    expect(errorsOf({ 'main.lua': '%include "t"\nreturn 1', 't.lua': '%type T = list<Missing>' })).toEqual([
      't.lua:1:16: error: unknown type `Missing` (expected integer|int|number|string|str|boolean|bool|list|array|dict|dictionary, or a name declared with %type)\n    included from main.lua:1:1',
    ])
  })

  it('a key or arg name is not a type', () => {
    expect(errorsOf({ 'main.lua': '%key k\n%arg x k\nreturn x' })).toEqual([
      'main.lua:2:8: error: `k` is a key, not a type',
    ])
  })

  it('types may refer to themselves through a list, a dict or a shape', () => {
    const result = compileFiles({ 'main.lua': '%type Tree = { name: str, kids: Tree[] }\n%return Tree\nreturn 1' })
    expect(result.diagnostics).toEqual([])
  })

  it('a file that declares a type renders once: a second include without %pragma once is an error', () => {
    const errors = errorsOf({ 'main.lua': '%include "t"\n%include "t"\nreturn 1', 't.lua': '%type T = int' })
    expect(errors).toEqual([
      'main.lua:2:1: error: t.lua declares keys, args or types and would render twice (first included at main.lua:1:1); add `%pragma once` to it or include it once',
    ])
  })
})
