import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'

const read = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8')

it('the README shows the testing example exactly as the suite runs it', () => {
  const readme = read('../../README.md')
  const section = readme.slice(readme.indexOf('## Testing your scripts'))
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1]
  expect(block).toBe(read('./readme-example.test.ts'))
})
