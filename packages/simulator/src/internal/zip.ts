/**
 * A minimal ZIP writer: directories and deflated files with UTF-8 names, no
 * ZIP64, enough for small product archives that `unzip`, Python's `zipfile`
 * and every ZIP library read. Written here rather than taken from a package
 * for the same reason as the tar writer: about eighty lines, and the
 * simulator's only other dependency is jose.
 */
import { crc32, deflateRawSync } from "node:zlib"
import type { Entry } from "./tar.js"

const encoder = new TextEncoder()

/** A date as MS-DOS packs it: time and date words, local to UTC here (ZIP has no zone). */
const dosTime = (date: Date): { readonly time: number; readonly date: number } => ({
  time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
  date: (Math.max(date.getUTCFullYear() - 1980, 0) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate()
})

const utf8Flag = 0x0800
const deflated = 8
const stored = 0

/** Writes `entries` as a ZIP archive. */
export const zip = (entries: ReadonlyArray<Entry>): Uint8Array => {
  const locals: Array<Uint8Array> = []
  const centrals: Array<Uint8Array> = []
  let offset = 0
  for (const entry of entries) {
    const name = encoder.encode(entry.path)
    const isDirectory = entry.path.endsWith("/")
    const raw =
      isDirectory || entry.content === undefined
        ? new Uint8Array(0)
        : typeof entry.content === "string"
          ? encoder.encode(entry.content)
          : entry.content
    const method = raw.length === 0 ? stored : deflated
    const data = method === deflated ? new Uint8Array(deflateRawSync(raw)) : raw
    const checksum = crc32(raw) >>> 0
    const { time, date } = dosTime(entry.modified)
    const local = new Uint8Array(30 + name.length + data.length)
    const l = new DataView(local.buffer)
    l.setUint32(0, 0x04034b50, true)
    l.setUint16(4, 20, true)
    l.setUint16(6, utf8Flag, true)
    l.setUint16(8, method, true)
    l.setUint16(10, time, true)
    l.setUint16(12, date, true)
    l.setUint32(14, checksum, true)
    l.setUint32(18, data.length, true)
    l.setUint32(22, raw.length, true)
    l.setUint16(26, name.length, true)
    local.set(name, 30)
    local.set(data, 30 + name.length)
    const central = new Uint8Array(46 + name.length)
    const c = new DataView(central.buffer)
    c.setUint32(0, 0x02014b50, true)
    // Made by Unix (3), so that the external attributes carry the file mode.
    c.setUint16(4, (3 << 8) | 20, true)
    c.setUint16(6, 20, true)
    c.setUint16(8, utf8Flag, true)
    c.setUint16(10, method, true)
    c.setUint16(12, time, true)
    c.setUint16(14, date, true)
    c.setUint32(16, checksum, true)
    c.setUint32(20, data.length, true)
    c.setUint32(24, raw.length, true)
    c.setUint16(28, name.length, true)
    c.setUint32(38, ((isDirectory ? 0o40755 : 0o100644) << 16) | (isDirectory ? 0x10 : 0), true)
    c.setUint32(42, offset, true)
    central.set(name, 46)
    locals.push(local)
    centrals.push(central)
    offset += local.length
  }
  const directorySize = centrals.reduce((sum, part) => sum + part.length, 0)
  const end = new Uint8Array(22)
  const e = new DataView(end.buffer)
  e.setUint32(0, 0x06054b50, true)
  e.setUint16(8, entries.length, true)
  e.setUint16(10, entries.length, true)
  e.setUint32(12, directorySize, true)
  e.setUint32(16, offset, true)
  const out = new Uint8Array(offset + directorySize + end.length)
  let at = 0
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at)
    at += part.length
  }
  return out
}
