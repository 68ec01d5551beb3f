import type { LineMap } from '../shared/definition.js'
import { chainAt, lineCount } from '../shared/line-map.js'

/** One level of a Lua traceback: a line of one source file. */
export interface LuaFrame {
  /** The file's path from the root, e.g. `lua/create_foo.lua`. */
  file: string
  /** 1-based line in that file. */
  line: number
  /** The line as the user wrote it (directives included), trimmed. */
  source: string
}

/**
 * The source frames of a rendered line, outermost first: each `%include` line down to the line that
 * wrote it. A line past the end (a compile error at end of input) is taken as the last line.
 */
export function framesAt(lua: string, lineMap: LineMap, renderedLine: number): LuaFrame[] {
  const count = lineCount(lineMap)
  if (!Number.isInteger(renderedLine) || renderedLine < 1 || count === 0) return []
  const line = Math.min(renderedLine, count)
  const pairs = chainAt(lineMap, line)
  const frames: LuaFrame[] = []
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const innermost = i + 2 >= pairs.length
    frames.push(frame(lineMap, pairs[i], pairs[i + 1], innermost ? lua.split('\n')[line - 1] : undefined))
  }
  return frames
}

function frame(lineMap: LineMap, fileIndex: number, line: number, rendered: string | undefined): LuaFrame {
  const original = lineMap.directives[`${fileIndex}:${line}`] ?? rendered ?? ''
  return { file: lineMap.files[fileIndex] ?? `<file ${fileIndex}>`, line, source: original.trim() }
}
