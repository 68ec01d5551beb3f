// ioredis 4 ships no types of its own (they were in @types/ioredis); the test only constructs one.
declare module 'ioredis4' {
  export default class Redis {
    constructor(options: { host: string; port: number })
    ping(): Promise<string>
    disconnect(): void
  }
}
