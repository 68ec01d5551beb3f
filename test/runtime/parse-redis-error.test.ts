import { describe, expect, it } from 'vitest'
import { parseRedisError, type ParsedRedisError } from '../../src/runtime/index.js'

const SHA = 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db'

// Every text from reference/peers-and-redis-facts.md §3.2 and redis-lua-python.md §4.6, verbatim
// apart from <sha>.
const CASES: [string, string, ParsedRedisError][] = [
  [
    '7.x nonexistent global',
    `ERR user_script:1: Script attempted to access nonexistent global variable 'x' script: ${SHA}, on @user_script:1.`,
    { code: 'ERR', message: "Script attempted to access nonexistent global variable 'x'", line: 1, phase: 'run' },
  ],
  [
    '7.x readonly table',
    `ERR user_script:1: Attempt to modify a readonly table script: ${SHA}, on @user_script:1.`,
    { code: 'ERR', message: 'Attempt to modify a readonly table', line: 1, phase: 'run' },
  ],
  [
    '7.x runtime error',
    `ERR user_script:3: attempt to perform arithmetic on a nil value script: ${SHA}, on @user_script:3.`,
    { code: 'ERR', message: 'attempt to perform arithmetic on a nil value', line: 3, phase: 'run' },
  ],
  [
    '7.x error("boom")',
    `ERR user_script:3: boom script: ${SHA}, on @user_script:3.`,
    { code: 'ERR', message: 'boom', line: 3, phase: 'run' },
  ],
  [
    '7.x error({err=...})',
    `MYCODE x script: ${SHA}, on @user_script:1.`,
    { code: 'MYCODE', message: 'x', line: 1, phase: 'run' },
  ],
  [
    '7.x redis.call WRONGTYPE',
    `WRONGTYPE Operation against a key holding the wrong kind of value script: ${SHA}, on @user_script:2.`,
    { code: 'WRONGTYPE', message: 'Operation against a key holding the wrong kind of value', line: 2, phase: 'run' },
  ],
  [
    '7.x unknown command',
    `ERR Unknown Redis command called from script script: ${SHA}, on @user_script:1.`,
    { code: 'ERR', message: 'Unknown Redis command called from script', line: 1, phase: 'run' },
  ],
  [
    '7.x wrong number of args (no ERR)',
    `Wrong number of args calling Redis command from script script: ${SHA}, on @user_script:2.`,
    { code: 'ERR', message: 'Wrong number of args calling Redis command from script', line: 2, phase: 'run' },
  ],
  [
    '7.x write in a read-only script',
    `ERR Write commands are not allowed from read-only scripts. script: ${SHA}, on @user_script:2.`,
    { code: 'ERR', message: 'Write commands are not allowed from read-only scripts.', line: 2, phase: 'run' },
  ],
  [
    '7.x function runtime error',
    "ERR user_function:4: attempt to perform arithmetic on local 'a' (a nil value) script: boom, on @user_function:4.",
    { code: 'ERR', message: "attempt to perform arithmetic on local 'a' (a nil value)", line: 4, phase: 'run' },
  ],
  [
    '7.x without ERR (redis-py strips it)',
    `user_script:2: Script attempted to access nonexistent global variable 'x' script: ${SHA}, on @user_script:2.`,
    { code: 'ERR', message: "Script attempted to access nonexistent global variable 'x'", line: 2, phase: 'run' },
  ],
  [
    '6.2 nonexistent global',
    `ERR Error running script (call to f_${SHA}): @user_script:1: user_script:1: Script attempted to access nonexistent global variable 'x'`,
    { code: 'ERR', message: "Script attempted to access nonexistent global variable 'x'", line: 1, phase: 'run' },
  ],
  [
    '6.2 runtime error',
    `ERR Error running script (call to f_${SHA}): @user_script:328: user_script:328: attempt to index local 'opts' (a number value)`,
    { code: 'ERR', message: "attempt to index local 'opts' (a number value)", line: 328, phase: 'run' },
  ],
  [
    '6.2 redis.call error',
    `ERR Error running script (call to f_${SHA}): @user_script:2: WRONGTYPE Operation against a key holding the wrong kind of value`,
    { code: 'WRONGTYPE', message: 'Operation against a key holding the wrong kind of value', line: 2, phase: 'run' },
  ],
  [
    '6.2 unknown command',
    `ERR Error running script (call to f_${SHA}): @user_script:1: Unknown Redis command called from Lua script`,
    { code: 'ERR', message: 'Unknown Redis command called from Lua script', line: 1, phase: 'run' },
  ],
  [
    '<= 6.2.6 strict global read',
    `ERR Error running script (call to f_${SHA}): @enable_strict_lua:15: user_script:1: Script attempted to access nonexistent global variable 'x'`,
    { code: 'ERR', message: "Script attempted to access nonexistent global variable 'x'", line: 1, phase: 'run' },
  ],
  [
    '<= 6.2.6 strict global write',
    `ERR Error running script (call to f_${SHA}): @enable_strict_lua:8: user_script:1: Script attempted to create global variable 'foo'`,
    { code: 'ERR', message: "Script attempted to create global variable 'foo'", line: 1, phase: 'run' },
  ],
  [
    '<= 6 strict global write without ERR',
    `Error running script (call to f_${SHA}): @enable_strict_lua:8: user_script:4: Script attempted to create global variable 'c'`,
    { code: 'ERR', message: "Script attempted to create global variable 'c'", line: 4, phase: 'run' },
  ],
  [
    '2.8 to 6 redis.call error, old spaced form',
    `ERR Error running script (call to f_${SHA}): @user_script:113: @user_script: 113: Wrong number of args calling Redis command From Lua script`,
    { code: 'ERR', message: 'Wrong number of args calling Redis command From Lua script', line: 113, phase: 'run' },
  ],
  [
    'older spaced form only',
    `ERR Error running script (call to f_${SHA}): @user_script: 5: Wrong number of args calling Redis command From Lua script`,
    { code: 'ERR', message: 'Wrong number of args calling Redis command From Lua script', line: 5, phase: 'run' },
  ],
  [
    'compile error',
    "ERR Error compiling script (new function): user_script:2: unexpected symbol near '='",
    { code: 'ERR', message: "unexpected symbol near '='", line: 2, phase: 'compile' },
  ],
  [
    'compile error near return',
    "ERR Error compiling script (new function): user_script:2: unexpected symbol near 'return'",
    { code: 'ERR', message: "unexpected symbol near 'return'", line: 2, phase: 'compile' },
  ],
  [
    'compile error without ERR',
    "Error compiling script (new function): user_script:2: unexpected symbol near '%'",
    { code: 'ERR', message: "unexpected symbol near '%'", line: 2, phase: 'compile' },
  ],
  [
    'fabricated f_<sha> form',
    'ERR something is wrong: f_1234abc:11: my lua error',
    { code: 'ERR', message: 'my lua error', line: 11, phase: 'run' },
  ],
  ['redis.error_reply, no location', 'MY custom', { code: 'MY', message: 'custom', line: null, phase: null }],
  ['redis.error_reply MYERR', 'MYERR x', { code: 'MYERR', message: 'x', line: null, phase: null }],
  [
    'NOSCRIPT',
    'NOSCRIPT No matching script. Please use EVAL.',
    { code: 'NOSCRIPT', message: 'No matching script. Please use EVAL.', line: null, phase: null },
  ],
  [
    'shebang flag',
    'ERR Unexpected flag in script shebang: bogus',
    { code: 'ERR', message: 'Unexpected flag in script shebang: bogus', line: null, phase: null },
  ],
  [
    'lower-case message without code',
    'something odd happened',
    { code: 'ERR', message: 'something odd happened', line: null, phase: null },
  ],
  [
    '7.x multi-line message',
    `ERR user_script:2: first\nsecond script: ${SHA}, on @user_script:2.`,
    { code: 'ERR', message: 'first\nsecond', line: 2, phase: 'run' },
  ],
]

describe('parseRedisError', () => {
  it.each(CASES)('%s', (_case, text, expected) => {
    expect(parseRedisError(text)).toEqual(expected)
  })
})
