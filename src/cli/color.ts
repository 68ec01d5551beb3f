/**
 * Whether to colour a stream: never with `NO_COLOR` (any value), always with `FORCE_COLOR` (unless it
 * is `0` or `false`), else when the stream is a terminal. See no-color.org and force-color.org.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  return stream.isTTY === true
}

const CODES = { bold: [1, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39], dim: [2, 22] } as const

type Style = keyof typeof CODES

function paint(text: string, ...styles: Style[]): string {
  return styles.reduce((out, style) => `\u001b[${CODES[style][0]}m${out}\u001b[${CODES[style][1]}m`, text)
}

/**
 * Colours one printed diagnostic block (the text `formatDiagnostics` makes): the position in bold, the
 * severity red or yellow, the include chain dim, and the frame's marked line and caret.
 */
export function colorDiagnostic(block: string): string {
  return block
    .split('\n')
    .map(line => {
      const head = /^(.+?:\d+:\d+): (error|warning): (.*)$/.exec(line)
      if (head) {
        const color = head[2] === 'error' ? 'red' : 'yellow'
        return `${paint(`${head[1]}:`, 'bold')} ${paint(`${head[2]}:`, 'bold', color)} ${head[3]}`
      }
      if (/^\s+included from /.test(line)) return paint(line, 'dim')
      if (line.startsWith('>')) return `${paint('>', 'red', 'bold')}${line.slice(1)}`
      const caret = /^(\s+\|\s*)(\^)$/.exec(line)
      if (caret) return `${caret[1]}${paint('^', 'red', 'bold')}`
      return line
    })
    .join('\n')
}
