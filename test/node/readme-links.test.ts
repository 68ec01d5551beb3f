import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path/posix'
import { describe, expect, it } from 'vitest'

const repo = path.resolve(new URL('../..', import.meta.url).pathname)

// Docs that other branches are still writing: links to them may point nowhere until they land. Remove an entry
// when its file is merged (the last test fails until you do).
const PENDING: string[] = []

// Files in git, plus new ones not ignored, so a link to a build output (`dist/`) or a local folder does not count.
const files = new Set(
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean),
)
const pages = [...files].filter(file => file === 'README.md' || /^docs\/[^/]+\.md$/.test(file)).sort()

interface Link {
  page: string
  line: number
  target: string
}

/** Inline links `[text](target)` and definitions `[label]: target`, outside code blocks and code spans. */
function linksOf(page: string): Link[] {
  const links: Link[] = []
  let fenced = false
  readFileSync(path.join(repo, page), 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (/^\s*(```|~~~)/.test(text)) fenced = !fenced
      if (fenced) return
      const prose = text.replace(/`[^`]*`/g, '')
      const found = [
        ...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g),
        ...prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/g),
      ]
      for (const match of found) links.push({ page, line: index + 1, target: match[1]! })
    })
  return links
}

/** GitHub's heading anchors: lower case, punctuation dropped, each space a `-`, repeats numbered. */
function anchorsOf(page: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let fenced = false
  for (const text of readFileSync(path.join(repo, page), 'utf8').split('\n')) {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)
    if (!heading) continue
    const slug = heading[1]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count ? `${slug}-${count}` : slug)
  }
  return anchors
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target)

describe('relative links in README.md and docs/*.md', () => {
  it('finds the pages and their links', () => {
    expect(pages).toContain('README.md')
    expect(pages).toContain('docs/reference.md')
    expect(pages.flatMap(linksOf).filter(link => !isExternal(link.target)).length).toBeGreaterThan(20)
  })

  it.each(pages)('%s: every relative link points to a file in the repository, and every #anchor to a heading', page => {
    const broken: string[] = []
    for (const { line, target } of linksOf(page)) {
      if (isExternal(target)) continue
      const [file, anchor] = target.split('#') as [string, string | undefined]
      const resolved = file ? path.normalize(path.join(path.dirname(page), decodeURIComponent(file))) : page
      const where = `${page}:${line}: ${target}`
      if (PENDING.includes(resolved)) continue
      const isFolder = [...files].some(f => f.startsWith(`${resolved}/`))
      if (!files.has(resolved) && !isFolder) {
        broken.push(`${where} (no such file)`)
        continue
      }
      if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor))
        broken.push(`${where} (no heading #${anchor} in ${resolved})`)
    }
    expect(broken).toEqual([])
  })

  it('PENDING lists only docs that do not exist yet', () => {
    expect(PENDING.filter(file => files.has(file))).toEqual([])
  })
})
