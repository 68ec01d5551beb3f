import type { ArgSpec, ReturnSpec, TypeNode } from '../shared/definition.js'
import { formatType, isNullable, isSimple } from '../shared/type-node.js'
import type { Directive } from './directive.js'
import { TYPE_NAMES } from './names.js'
import type { TypeRef } from './type-expr.js'
import { LineMapBuilder } from './line-map-builder.js'
import type { Diagnostic, IncludeSite } from './types.js'
import { resolveInclude } from './resolve.js'
import type { ResolveContext } from './resolve.js'
import { keepShape } from './keep-shape.js'
import { parseShebang } from './shebang.js'
import { parseSourceFile } from './source-file.js'
import type { SourceFile } from './source-file.js'

/** A `%key` or `%arg` as declared, with where it was written (for diagnostics and unused checks). */
export interface Declaration {
  kind: 'key' | 'arg' | 'type'
  name: string
  file: string
  line: number
  column: number
  chain: IncludeSite[]
  /** The rendered line that defines the local. */
  outputLine: number
}

/** The include tree flattened into one script, with where every line came from. */
export interface Rendering {
  /** The script in pieces of whole lines: joined by line feeds, they are its text. */
  pieces: string[]
  /** How many lines the script has. */
  lineCount: number
  /** The line map's segments (see `LineMap`). */
  segments: number[][]
  files: string[]
  directives: Record<string, string>
  /** The column of each `%include` directive, keyed like `directives`. */
  siteColumns: Record<string, number>
  declarations: Declaration[]
  args: ArgSpec[]
  keys: string[]
  returns: ReturnSpec | null
  /** The `%type` declarations of the whole tree. */
  types: Record<string, TypeNode>
  flags: string[]
  dependencies: string[]
  missing: string[]
  diagnostics: Diagnostic[]
  /**
   * Every include rendered in place, and every run of Lua lines of an include, outer before inner: the
   * lint pass reads each distinct one once.
   */
  regions: IncludeRegion[]
}

/**
 * One include rendered in place with what it includes, or one run of Lua lines of an include: the
 * offsets `[start, end)` of its text in the script (its lines joined by line feeds), the 1-based line it
 * starts on and how many it has. `key` is the same for two regions exactly when their text is: for an
 * include, the included file's text, the keys and args declared before it when its text numbers them,
 * and the same for each include inside it; for a run, the file's text and where the run starts.
 */
export interface IncludeRegion {
  start: number
  end: number
  line: number
  lines: number
  key: string
}

/** A region's key, and whether its text numbers `KEYS` and `ARGV` (then the counts before it are part of the key). */
interface RegionKey {
  key: string
  declares: boolean
}

/**
 * How deep includes may nest. Every line map segment carries its whole include chain, so depth
 * multiplies its size, and the renderer recurses once per level: a bound far above any real script
 * (they nest a handful deep) keeps both small whatever the caller's stack already holds.
 */
export const MAX_INCLUDE_DEPTH = 256

const DECODERS: Record<string, (argv: string) => string> = {
  integer: argv => `tonumber(${argv})`,
  number: argv => `tonumber(${argv})`,
  boolean: argv => `tonumber(${argv}) ~= 0`,
  list: argv => `cjson.decode(${argv})`,
  dict: argv => `cjson.decode(${argv})`,
  string: argv => argv,
}

/**
 * The Lua expression that reads an `%arg` from `argv`. Structured args arrive as JSON; a nullable one
 * whose value is `null` becomes `nil` (cjson would give `cjson.null`, which is true in a Lua test).
 */
function argDecoder(type: TypeNode | null, argv: string): string {
  if (type === null) return argv
  if (isSimple(type) && !isNullable(type)) return DECODERS[type](argv)
  if (!isNullable(type)) return `cjson.decode(${argv})`
  return `(function (v) if v ~= cjson.null then return v end end)(cjson.decode(${argv}))`
}

/** A `%type` name used somewhere in the tree, with where, to resolve once every `%type` is known. */
interface UsedRef extends TypeRef {
  file: string
  line: number
  chain: IncludeSite[]
  /** How many diagnostics came before it: an unknown name is reported in its place in the source order. */
  order: number
}

/** Renders an entry file and its includes. One output line per source line; includes expand in place. */
export function render(entry: string, entryText: string, root: string, ctx: ResolveContext): Rendering {
  return new Renderer(entry, root, ctx).run(entryText)
}

/** A rendering with nothing in it yet, but these files and diagnostics. */
export function emptyRendering(files: string[], diagnostics: Diagnostic[]): Rendering {
  return {
    pieces: [],
    lineCount: 0,
    segments: [],
    files,
    directives: {},
    siteColumns: {},
    declarations: [],
    args: [],
    keys: [],
    returns: null,
    types: {},
    flags: [],
    dependencies: [],
    missing: [],
    diagnostics,
    regions: [],
  }
}

class Renderer {
  private readonly out: Rendering = emptyRendering([], [])

  private readonly refs: UsedRef[] = []
  private readonly parsed = new Map<string, SourceFile>()
  private readonly fileIndex = new Map<string, number>()
  /** The first include site of every file rendered so far (the entry maps to an empty chain). */
  private readonly renderedAt = new Map<string, IncludeSite[]>()
  private readonly problemsReported = new Set<string>()
  /** Declarations by name: a file of many `%arg` lines must not cost a scan of all the others each. */
  private readonly declared = new Map<string, Declaration>()
  private readonly map = new LineMapBuilder()
  /** `missing` without repeats, in the order found (a Set: every include with include dirs adds to it). */
  private readonly missing = new Set<string>()
  /** The keys of the includes inside each include being rendered, innermost last ('' for one not rendered). */
  private readonly inner: RegionKey[][] = []
  /** The length of the script rendered so far, with a line feed after each line. */
  private chars = 0

  constructor(
    private readonly entry: string,
    private readonly root: string,
    private readonly ctx: ResolveContext,
  ) {}

  run(entryText: string): Rendering {
    const source = this.parse(this.entry, entryText)
    this.renderedAt.set(this.entry, [])
    this.renderFile(this.entry, source, [], [], [this.entry])
    this.checkLoneShebang()
    this.resolveRefs()
    this.out.segments = this.map.segments
    this.out.missing = [...this.missing]
    return this.out
  }

  /** Every `%type` name used must be declared somewhere in the tree, and not stand for itself. */
  private resolveRefs(): void {
    const { types, diagnostics } = this.out
    // Last first, so each `order` still counts the diagnostics that were before it.
    for (const ref of [...this.refs].reverse()) {
      if (Object.hasOwn(types, ref.name)) continue
      const declared = this.declared.get(ref.name)
      const message = declared
        ? `\`${ref.name}\` is ${declared.kind === 'key' ? 'a key' : 'an arg'}, not a type`
        : `unknown type \`${ref.name}\` (expected ${TYPE_NAMES}, or a name declared with %type)`
      const { file, line, column, chain } = ref
      // A file's own problems are all reported before its lines render: go before those further down.
      let at = ref.order
      while (at > 0 && diagnostics[at - 1].file === file && diagnostics[at - 1].line > line) at--
      diagnostics.splice(at, 0, { severity: 'error', code: 'unknown-type', message, file, line, column, chain })
    }
    for (const name of Object.keys(types)) {
      const seen = [name]
      for (let type = types[name]; typeof type !== 'string' && 'ref' in type; type = types[type.ref]) {
        if (!Object.hasOwn(types, type.ref)) break
        if (seen.includes(type.ref)) {
          const at = this.declared.get(name)!
          const cycle = [...seen.slice(seen.indexOf(type.ref)), type.ref].join(' = ')
          this.report('type-cycle', `\`${name}\` stands for itself: ${cycle}`, at.file, at.line, at.column, at.chain)
          break
        }
        seen.push(type.ref)
      }
    }
  }

  /** Redis reads a shebang up to its line break and refuses a script that has none after it. */
  private checkLoneShebang(): void {
    const { pieces, lineCount, diagnostics } = this.out
    if (lineCount !== 1 || !pieces[0].startsWith('#!') || diagnostics.some(d => d.code === 'bad-shebang')) return
    this.report(
      'bad-shebang',
      'the script is only a shebang line: Redis refuses a shebang with no line after it',
      this.entry,
      1,
      0,
      [],
    )
  }

  private parse(file: string, text: string): SourceFile {
    let source = this.parsed.get(file)
    if (!source) {
      // Includes are parsed once for all the entries of a build; an entry is read once anyway.
      source = file === this.entry ? parseSourceFile(text) : this.ctx.session.sources.parse(text)
      const problem = this.ctx.readProblem(file)
      if (problem) source.problems.unshift(problem)
      this.parsed.set(file, source)
      this.out.dependencies.push(file)
    }
    return source
  }

  private renderFile(
    file: string,
    source: SourceFile,
    chain: IncludeSite[],
    prefix: number[],
    ancestors: string[],
  ): void {
    const fileIndex = this.indexOf(file)
    if (!this.problemsReported.has(file)) {
      this.problemsReported.add(file)
      for (const p of source.problems) this.report(p.code, p.message, file, p.line, p.column, chain)
    }
    const { lines } = source
    // An include's runs of Lua lines are regions too: their text is the same in every variant of the include.
    const id = file === this.entry ? 0 : this.ctx.session.sources.idOf(source)
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]
      // Most lines are Lua, in runs between directives: emitted a run at a time (a build renders millions).
      if (line.kind === 'text') {
        const end = source.runEnd[i]
        const text = source.runText[i]
        if (id) {
          const start = this.chars
          this.out.regions.push({
            start,
            end: start + text.length,
            line: this.out.lineCount + 1,
            lines: end - i,
            key: `${id}:${i}`,
          })
        }
        this.out.pieces.push(text)
        this.out.lineCount += end - i
        this.chars += text.length + 1
        this.map.push(prefix, fileIndex, i + 1, end - i)
        i = end - 1
        continue
      }
      const from: Origin = { prefix, file: fileIndex, line: i + 1 }
      if (line.kind === 'invalid') this.emit(`--${line.text}`, from)
      else if (line.kind === 'shebang') this.shebang(line.text, file, chain, from)
      else {
        this.out.directives[`${fileIndex}:${i + 1}`] = line.text
        const at = { file, line: i + 1, chain, from }
        if (line.directive.kind !== 'include') this.emit(this.directiveLine(line.directive, at), from)
        else {
          this.out.siteColumns[`${fileIndex}:${i + 1}`] = line.directive.column
          this.include(line.directive.path, line.directive.column, at, ancestors)
        }
      }
    }
  }

  private directiveLine(directive: Exclude<Directive, { kind: 'include' }>, at: Site): string {
    switch (directive.kind) {
      case 'key':
        this.declare('key', directive.name, directive.nameColumn, at)
        return `local ${directive.name} = KEYS[${this.out.keys.length}]`
      case 'arg':
        this.use(directive.refs, at)
        this.declare('arg', directive.name, directive.nameColumn, at, directive.type)
        return `local ${directive.name} = ${argDecoder(directive.type, `ARGV[${this.out.args.length}]`)}`
      case 'return':
        this.use(directive.refs, at)
        if (at.file === this.entry) this.out.returns ??= directive.type
        return `--%return ${formatType(directive.type)}`
      case 'type':
        this.use(directive.refs, at)
        if (this.declare('type', directive.name, directive.nameColumn, at))
          this.out.types[directive.name] = directive.type
        return `--%type ${directive.name}`
      case 'pragma':
        return '--%pragma once'
    }
  }

  private use(refs: TypeRef[], at: Site): void {
    const order = this.out.diagnostics.length
    for (const ref of refs) this.refs.push({ ...ref, file: at.file, line: at.line, chain: at.chain, order })
  }

  /** Declares a name in the script's one namespace; false when it was taken. */
  private declare(
    kind: Declaration['kind'],
    name: string,
    column: number,
    at: Site,
    type: TypeNode | null = null,
  ): boolean {
    const previous = this.declared.get(name)
    if (previous) {
      const where = `${this.relative(previous.file)}:${previous.line}:${previous.column + 1}`
      const what = { key: 'a key', arg: 'an arg', type: 'a type' }[previous.kind]
      this.report(
        'duplicate-name',
        `\`${name}\` is already declared as ${what} at ${where}`,
        at.file,
        at.line,
        column,
        at.chain,
      )
      return false
    }
    if (kind === 'key') this.out.keys.push(name)
    else if (kind === 'arg') this.out.args.push({ name, type })
    const declaration: Declaration = {
      kind,
      name,
      file: at.file,
      line: at.line,
      column,
      chain: at.chain,
      outputLine: this.out.lineCount + 1,
    }
    if (kind !== 'type') this.out.declarations.push(declaration)
    this.declared.set(name, declaration)
    return true
  }

  private include(spec: string, column: number, at: Site, ancestors: string[]): void {
    const parent = this.inner.at(-1)
    const count = parent?.length ?? 0
    this.expand(spec, column, at, ancestors)
    // An include that rendered nothing (once, or an error) still holds its place among its siblings.
    if (parent && parent.length === count) parent.push({ key: '', declares: false })
  }

  private expand(spec: string, column: number, at: Site, ancestors: string[]): void {
    const site: IncludeSite = { file: at.file, line: at.line, column }
    const found = resolveInclude(spec, at.file, this.ctx)
    for (const file of found.ok ? found.shadowed : found.tried) this.missing.add(file)
    if (!found.ok) return this.report(found.code, found.message, at.file, at.line, column, at.chain)
    if (ancestors.includes(found.file)) {
      const cycle = [...ancestors.slice(ancestors.indexOf(found.file)), found.file].map(f => this.relative(f))
      return this.report('include-cycle', `include cycle: ${cycle.join(' -> ')}`, at.file, at.line, column, at.chain)
    }
    if (at.chain.length >= MAX_INCLUDE_DEPTH) {
      return this.report(
        'include-too-deep',
        `includes nest more than ${MAX_INCLUDE_DEPTH} levels deep here (the limit keeps the line map and the renderer bounded)`,
        at.file,
        at.line,
        column,
        at.chain,
      )
    }
    const source = this.parse(found.file, found.text)
    const firstSite = this.renderedAt.get(found.file)
    if (firstSite && source.once) return
    if (firstSite && source.declares) {
      const where = firstSite.at(-1)!
      const message = `${this.relative(found.file)} declares keys, args or types and would render twice (first included at ${this.relative(where.file)}:${where.line}:${where.column + 1}); add \`%pragma once\` to it or include it once`
      return this.report('repeated-declarations', message, at.file, at.line, column, at.chain)
    }
    const chain = [...at.chain, site]
    if (!firstSite) this.renderedAt.set(found.file, chain)
    const first = this.out.lineCount
    const region: IncludeRegion = { start: this.chars, end: 0, line: first + 1, lines: 0, key: '' }
    const counts = `${this.out.keys.length},${this.out.args.length}`
    this.out.regions.push(region)
    this.inner.push([])
    this.renderFile(
      found.file,
      source,
      chain,
      [...at.from.prefix, at.from.file, at.from.line],
      [...ancestors, found.file],
    )
    const inner = this.inner.pop()!
    const declares = source.declares || inner.some(k => k.declares)
    region.lines = this.out.lineCount - first
    region.end = this.chars - 1
    region.key = `${this.ctx.session.sources.idOf(source)}${declares ? `@${counts}` : ''}(${inner.map(k => k.key).join(',')})`
    this.inner.at(-1)?.push({ key: region.key, declares })
  }

  private shebang(text: string, file: string, chain: IncludeSite[], from: Origin): void {
    if (file !== this.entry || from.line !== 1) {
      this.report(
        'bad-shebang',
        'a `#!lua` shebang may only stand on line 1 of the entry file',
        file,
        from.line,
        0,
        chain,
      )
      return this.emit(`--${text}`, from)
    }
    const parsed = parseShebang(text)
    if (parsed.ok) this.out.flags = parsed.flags
    else this.report('bad-shebang', parsed.message, file, from.line, 0, chain)
    this.emit(text, from)
  }

  private emit(text: string, from: Origin): void {
    this.out.pieces.push(text)
    this.out.lineCount++
    this.chars += text.length + 1
    this.map.push(from.prefix, from.file, from.line)
  }

  private indexOf(file: string): number {
    let index = this.fileIndex.get(file)
    if (index === undefined) {
      index = this.out.files.push(this.relative(file)) - 1
      this.fileIndex.set(file, index)
    }
    return index
  }

  private relative(file: string): string {
    return this.ctx.session.relativePath(this.root, file)
  }

  private report(
    code: string,
    message: string,
    file: string,
    line: number,
    column: number,
    chain: IncludeSite[],
  ): void {
    this.out.diagnostics.push({ severity: 'error', code, message, file, line, column, chain })
  }
}

/** A source line as the line map names it: its include chain's flat pairs, and its own file index and line. */
interface Origin {
  prefix: number[]
  file: number
  line: number
}

interface Site {
  file: string
  line: number
  chain: IncludeSite[]
  from: Origin
}

// Its context is read only while rendering: none is needed to keep its shape.
keepShape(new Renderer('/keep.lua', '/', {} as ResolveContext))
