import { counter } from './script.js'

// Every `@ts-expect-error` must meet an error: each of these is refused at compile time.
export async function notClients(): Promise<void> {
  const params = { counter: 'hits', by: 1 }
  // @ts-expect-error a URL is not a client
  await counter.run('redis://localhost', params)
  // @ts-expect-error a plain object is not a client
  await counter.run({}, params)
  // @ts-expect-error an object with an unrelated `send` (no `connected`) is not a client
  await counter.run({ send: (command: string, args: never[]) => [command, args] }, params)
  // @ts-expect-error nor is a missing one
  await counter.load(undefined)
}
