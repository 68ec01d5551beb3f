import path from 'node:path'
import type { Diagnostic } from '../core/index.js'

/**
 * A GitHub Actions workflow command (`::error file=...,line=...,col=...::message`), which the checks
 * tab shows as an annotation on the line. Columns are 1-based; the include chain goes in the message.
 */
export function githubAnnotation(diagnostic: Diagnostic, cwd: string): string {
  const level = diagnostic.severity === 'error' ? 'error' : 'warning'
  const where = `file=${property(relative(diagnostic.file, cwd))},line=${diagnostic.line},col=${diagnostic.column + 1}`
  const sites = [...diagnostic.chain]
    .reverse()
    .map(site => `included from ${relative(site.file, cwd)}:${site.line}:${site.column + 1}`)
  return `::${level} ${where}::${data([diagnostic.message, ...sites].join('\n'))}`
}

function relative(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join('/')
}

// The escapes of GitHub's toolkit (`@actions/core` command.ts): data escapes %, CR and LF ...
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

// ... and a property value also escapes the : and , that separate properties.
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
