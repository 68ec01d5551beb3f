import { describe, expect, it } from 'vitest'
import { createCompileSession } from '../../src/core/index.js'
import { compileFiles, where } from '../support/compile-memory.js'

// The lint pass reads each distinct include text once per build and replays what it found wherever
// the text stands again. Each case compiles its entries in one session, in order, and again in reverse:
// what an entry reports must not depend on what the session read before.
const cases: [name: string, files: Record<string, string>, expected: Record<string, string[]>][] = [
  [
    "an include's free names resolve in each including scope",
    {
      'shared.lua': 'local n = counter + 1',
      'a.lua': 'local counter = 1\n%include "shared.lua"\nreturn n',
      'b.lua': '%include "shared.lua"\nreturn n',
    },
    { 'a.lua': [], 'b.lua': ['shared.lua:1:10 unknown-global'] },
  ],
  [
    "an include's write is to a local where one is in scope, else to a global",
    {
      'total.lua': 'total = 1',
      'a.lua': 'local total\n%include "total.lua"\nreturn total',
      'b.lua': '%include "total.lua"\nreturn 1',
    },
    { 'a.lua': [], 'b.lua': ['total.lua:1:0 global-write'] },
  ],
  [
    'an include in a vararg function sees its implicit `arg`; at the top level it does not',
    {
      'body.lua': 'return arg',
      'a.lua': 'local function f(...)\n%include "body.lua"\nend\nreturn f()',
      'b.lua': '%include "body.lua"',
    },
    { 'a.lua': [], 'b.lua': ['body.lua:1:7 unknown-global'] },
  ],
  [
    "an include's locals are in scope after it, in the block it stands in",
    {
      'util.lua': 'local u = 1',
      'a.lua': '%include "util.lua"\nlocal function f()\n%include "util.lua"\nreturn u + w\nend\nreturn f() + u',
    },
    { 'a.lua': ['a.lua:4:11 unknown-global'] },
  ],
  [
    "an include's last statement that goes on after it is read in place",
    {
      'call.lua': 'g()',
      'a.lua': 'local function g() return {} end\n%include "call.lua"\n.x = 1\nreturn 1',
      'b.lua': 'local function g() return {} end\n%include "call.lua"\nreturn 1',
    },
    { 'a.lua': [], 'b.lua': [] },
  ],
  [
    'an include that opens a block the entry closes is read in place',
    {
      'open.lua': 'for i = 1, 2 do\nlocal v = i',
      'a.lua': '%include "open.lua"\nend\nreturn v',
    },
    { 'a.lua': ['a.lua:3:7 unknown-global'] },
  ],
  [
    'an include that ends inside a long string is read in place',
    {
      'str.lua': 'local s = [[',
      'a.lua': '%include "str.lua"\nabc]]\nreturn s',
    },
    { 'a.lua': [] },
  ],
  [
    "the runs of an include's own lines are read once whichever of its includes render",
    {
      'leaf.lua': '%pragma once\nlocal l = 1',
      'mid.lua': 'local a = x1\n%include "leaf.lua"\nlocal b = a + y1 + l',
      'a.lua': '%include "leaf.lua"\n%include "mid.lua"\nreturn b',
      'b.lua': '%include "mid.lua"\nreturn b + z1',
    },
    {
      'a.lua': ['mid.lua:1:10 unknown-global', 'mid.lua:3:14 unknown-global'],
      'b.lua': ['mid.lua:1:10 unknown-global', 'mid.lua:3:14 unknown-global', 'b.lua:2:11 unknown-global'],
    },
  ],
  [
    "an include's declarations are numbered and checked in each entry",
    {
      'job.lua': '%pragma once\n--%key job\nlocal id = 1',
      'a.lua': '--%key first\n%include "job.lua"\nreturn redis.call("GET", first, job)',
      'b.lua': '%include "job.lua"\nreturn id',
      'c.lua': '--%arg x\n%include "job.lua"\nreturn x .. redis.call("GET", job) .. KEYS[1]',
    },
    {
      'a.lua': [],
      'b.lua': ['job.lua:2:7 unused-declaration'],
      'c.lua': ['c.lua:3:38 raw-keys-argv'],
    },
  ],
]

describe('the lint pass over includes read once per build', () => {
  it.each(cases)('%s', (_, files, expected) => {
    const entries = Object.keys(expected)
    for (const order of [entries, [...entries].reverse()]) {
      const session = createCompileSession()
      const found = Object.fromEntries(order.map(entry => [entry, where(compileFiles(files, entry, { session }))]))
      expect(found).toEqual(expected)
    }
  })
})
