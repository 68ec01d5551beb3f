import { unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { fsHost } from '../../src/host/fs-host.js'
import { FileCache } from '../../src/plugin/file-cache.js'
import { tempTree } from '../support/temp-tree.js'

describe('FileCache', () => {
  it('reads a file once until it is told the file changed', () => {
    const file = path.join(tempTree({ 'a.lua': 'return 1' }), 'a.lua')
    const cache = new FileCache(fsHost)
    expect(cache.host.readFile(file)).toBe('return 1')
    writeFileSync(file, 'return 2')
    expect(cache.host.readFile(file)).toBe('return 1')
    cache.changed(file, 'update')
    expect(cache.host.readFile(file)).toBe('return 2')
  })

  it('forgets absent files when one is created, and everything when one is deleted', () => {
    const dir = tempTree({ 'a.lua': 'return 1' })
    const [a, b] = [path.join(dir, 'a.lua'), path.join(dir, 'b.lua')]
    const cache = new FileCache(fsHost)
    expect(cache.host.readFile(b)).toBeUndefined()
    expect(cache.host.readFile(a)).toBe('return 1')
    writeFileSync(b, 'return 2')
    cache.changed(b, 'create')
    expect(cache.host.readFile(b)).toBe('return 2')
    unlinkSync(a)
    cache.changed(a, 'delete')
    expect(cache.host.readFile(a)).toBeUndefined()
  })

  it('starts over on clear() (a build starts or ends)', () => {
    const file = path.join(tempTree({ 'a.lua': 'return 1' }), 'a.lua')
    const cache = new FileCache(fsHost)
    expect(cache.host.realpath!(file)).toBe(fsHost.realpath!(file))
    cache.host.readFile(file)
    writeFileSync(file, 'return 2')
    cache.clear()
    expect(cache.host.readFile(file)).toBe('return 2')
  })

  it('matches a change reported with Windows separators', () => {
    const file = path.join(tempTree({ 'a.lua': 'return 1' }), 'a.lua')
    const cache = new FileCache(fsHost)
    cache.host.readFile(file)
    writeFileSync(file, 'return 2')
    cache.changed(file.replace(/\//g, '\\'), 'update')
    expect(cache.host.readFile(file)).toBe('return 2')
  })
})
