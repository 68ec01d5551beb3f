/** The characters Redis allows in function and library names. */
const PLAIN_RE = /[A-Za-z0-9]/
const ESCAPES: Record<string, string> = { _: '__', '/': '_s', '-': '_d', '.': '_o' }

/**
 * A script name as a Redis Function name (`[A-Za-z0-9_]` only), injectively: letters and digits stay,
 * `_`, `/`, `-` and `.` become `__`, `_s`, `_d` and `_o`, and any other character `_x<hex code point>_`.
 * `_v` never comes out of it, so the `_v<hash>` suffix keeps names of different scripts apart too.
 */
export function mangleName(name: string): string {
  let out = ''
  for (const char of name) {
    if (PLAIN_RE.test(char)) out += char
    else out += ESCAPES[char] ?? `_x${char.codePointAt(0)!.toString(16)}_`
  }
  return out
}
