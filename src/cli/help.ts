import { DEFAULT_TARGET, LINT_RULES, TARGETS } from '../core/index.js'

/** One line per lint rule, from the rule table: name, default level, what it reports. */
const LINT_HELP = Object.entries(LINT_RULES)
  .map(([rule, row]) => `                          ${rule} (${row.level}): ${row.summary.replaceAll('`', '')}`)
  .join('\n')

/** One line per target, from the target table. */
const TARGET_HELP = Object.entries(TARGETS)
  .map(
    ([name, row]) =>
      `                          ${name}${name === DEFAULT_TARGET ? ' (default)' : ''}: ${row.summary.replaceAll('`', '')}`,
  )
  .join('\n')

const COMPILE_OPTIONS = `Compile options:
  --root <dir>          includes must stay inside it; script names are paths from it (default: .)
  --include-dir <dir>   also search this folder for %include paths, relative to the root (repeatable)
  --target <server>     the server the scripts run on: its globals and how it compiles them; one of:
${TARGET_HELP}
  --global <name>       allow this global on top of the ones the target provides (repeatable)
  --lint <rule>=<level> set a lint rule to error, warn or off (repeatable); rules:
${LINT_HELP}
  --functions           compile every script as a Redis Function (a library of its own, run with FCALL)
  --functions-only <glob> compile the scripts whose path from the root matches as functions (repeatable)
  -h, --help            show this help`

/** The `--help` text of the command and of each subcommand. */
export const HELP = {
  main: `Usage: redis-lua <command> [options]

Redis Lua scripts with %key, %arg, %return and %include directives: check them, type them, build them.

Commands:
  check [paths...]           compile every .lua file and print each error and warning
  types [paths...]           write the foo.d.lua.ts sidecar types next to every script, remove orphans
  build <paths...> --out d   write the rendered scripts and a manifest.json into d
  prune <paths...> --url u   delete the Functions libraries on u that none of the scripts uses

Folders are searched recursively for .lua files (node_modules and dot-folders are skipped).
Run 'redis-lua <command> --help' for the options of a command.

Options:
  -h, --help     show this help
  -v, --version  print the version`,

  check: `Usage: redis-lua check [paths...] [options]

Compiles every .lua file under the paths (default: .) and prints each diagnostic as
file:line:col: error|warning: message. Exits 1 when there is any error, else 0.
A file that other files include and that does not compile on its own is checked where it is included.

Options:
  --format text|github  github prints ::error annotations for GitHub Actions (default: text)
${COMPILE_OPTIONS}`,

  types: `Usage: redis-lua types [paths...] [options]

Writes foo.d.lua.ts next to every foo.lua under the paths (default: .) that compiles, only when its
content changes. TypeScript reads it with "allowArbitraryExtensions": true.
Removes each orphan: a foo.d.lua.ts whose foo.lua is gone and that starts with the generated header
(a hand-written one is kept, and so is the sidecar of a script that does not compile).

Options:
  --check               write and remove nothing; exit 1 listing each missing, stale or orphan sidecar
${COMPILE_OPTIONS}`,

  build: `Usage: redis-lua build <paths...> --out <dir> [options]

Writes each script, rendered as Redis runs it, to <dir>/<name>.lua, and <dir>/manifest.json:
[{ name, file, sha1, keys, args, returns, types?, flags }], so services in any language can run the same
scripts (EVALSHA sha1, KEYS in keys order, ARGV in args order). Writes nothing if any script has an error.
A script compiled as a function (--functions) adds { kind: 'function', library, libraryName,
functionName } to its entry: FUNCTION LOAD the library text, then FCALL functionName (FCALL_RO when
flags has no-writes) with the same KEYS and ARGV.

Options:
  -o, --out <dir>       where to write (required)
${COMPILE_OPTIONS}`,

  prune: `Usage: redis-lua prune <paths...> --url <redis-url> [options]

Deletes the Redis Functions libraries this package loaded on the server (their names start with
redislua_) that none of the scripts under the paths uses: what older builds left behind. Give it every
script of every service that shares the server. Other libraries are never touched. Prints the names.
The scripts count as functions (--functions-only <glob> says which). Connects with ioredis.

Options:
  --url <redis-url>     the server, e.g. redis://127.0.0.1:6379 (required)
  --cluster             the server is a node of a Redis Cluster: prune every master
  --dry-run             print what would be deleted, delete nothing
${COMPILE_OPTIONS}`,
} as const

export type Command = Exclude<keyof typeof HELP, 'main'>
