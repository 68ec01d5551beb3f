import type { LineMap } from './definition.js'

/** The first rendered line (1-based) of each segment, plus one past the last line; built once per map. */
const starts = new WeakMap<LineMap, number[]>()

function segmentStarts(lineMap: LineMap): number[] {
  let known = starts.get(lineMap)
  if (!known) {
    known = [1]
    for (const segment of lineMap.segments) known.push(known.at(-1)! + segment[0])
    starts.set(lineMap, known)
  }
  return known
}

/** How many rendered lines the map covers. */
export function lineCount(lineMap: LineMap): number {
  return segmentStarts(lineMap).at(-1)! - 1
}

/**
 * The include chain of a rendered line (1-based) as flat `[file, line, ...]` pairs, outermost first;
 * empty for a line the map does not cover.
 */
export function chainAt(lineMap: LineMap, renderedLine: number): number[] {
  const known = segmentStarts(lineMap)
  if (!Number.isInteger(renderedLine) || renderedLine < 1 || renderedLine >= known.at(-1)!) return []
  // Binary search: the last segment starting at or before the line (a hostile map has 100,000 segments).
  let low = 0
  let high = known.length - 2
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (known[mid] <= renderedLine) low = mid
    else high = mid - 1
  }
  const segment = lineMap.segments[low]
  const chain = segment.slice(1)
  chain[chain.length - 1] += renderedLine - known[low]
  return chain
}
