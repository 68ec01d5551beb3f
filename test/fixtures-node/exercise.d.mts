/** The part of a script object the exercise uses (structural: src and dist builds both fit). */
export interface FixtureScript {
  name: string
  sha1: string
  keys: readonly string[]
  args: readonly { name: string; type: unknown }[]
  returns: unknown
  readOnly: boolean
  run(client: never, params?: never): Promise<unknown>
}

export declare const ENTRY_SCRIPTS: string[]
export declare function describeScripts(scripts: Record<string, FixtureScript>): Record<string, unknown>
export declare function exercise(
  scripts: Record<string, FixtureScript>,
  redis: unknown,
): Promise<Record<string, unknown>>
