#!/usr/bin/env node
import { processIo } from './io.js'
import { run } from './run.js'

// exitCode, not exit(): a piped stdout still gets everything that was written.
process.exitCode = await run(process.argv.slice(2), processIo())
