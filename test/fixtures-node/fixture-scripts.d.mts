import type { FixtureScript } from './exercise.mjs'

declare const scripts: Record<string, FixtureScript>
export default scripts
