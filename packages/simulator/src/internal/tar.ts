/**
 * A minimal POSIX ustar writer: directories and regular files, enough for
 * small product archives that `tar` and every tar library can read.
 */
import { gzipSync } from "node:zlib"

/** A file or directory (a path ending in `/`) in an archive. */
export interface Entry {
  /** The path inside the archive, `/`-separated, at most 255 bytes. */
  readonly path: string
  /** The file's content; ignored for a directory. */
  readonly content?: string | Uint8Array
  /** The modification time. */
  readonly modified: Date
}

const block = 512
const encoder = new TextEncoder()

/** Writes `text` into `header` at `offset`, in at most `length` bytes. */
const put = (header: Uint8Array, offset: number, length: number, text: string): void => {
  const bytes = encoder.encode(text)
  if (bytes.length > length) throw new RangeError(`"${text}" does not fit a ${length}-byte tar field`)
  header.set(bytes, offset)
}

/** A number as a zero-padded octal field, NUL-terminated. */
const octal = (value: number, length: number): string => `${value.toString(8).padStart(length - 1, "0")}\0`

/** Splits a path into ustar's `prefix` (155 bytes) and `name` (100 bytes). */
const splitPath = (path: string): { readonly prefix: string; readonly name: string } => {
  if (encoder.encode(path).length <= 100) return { prefix: "", name: path }
  const cut = path.lastIndexOf("/", path.length - 2)
  const prefix = path.slice(0, Math.max(cut, 0))
  const name = path.slice(cut + 1)
  if (cut <= 0 || encoder.encode(prefix).length > 155 || encoder.encode(name).length > 100)
    throw new RangeError(`the path "${path}" is too long for a ustar archive`)
  return { prefix, name }
}

const headerOf = (entry: Entry, size: number): Uint8Array => {
  const header = new Uint8Array(block)
  const directory = entry.path.endsWith("/")
  const { prefix, name } = splitPath(entry.path)
  put(header, 0, 100, name)
  put(header, 100, 8, octal(directory ? 0o755 : 0o644, 8))
  put(header, 108, 8, octal(0, 8))
  put(header, 116, 8, octal(0, 8))
  put(header, 124, 12, octal(size, 12))
  put(header, 136, 12, octal(Math.max(0, Math.floor(entry.modified.getTime() / 1000)), 12))
  put(header, 148, 8, "        ")
  put(header, 156, 1, directory ? "5" : "0")
  put(header, 257, 6, "ustar\0")
  put(header, 263, 2, "00")
  put(header, 345, 155, prefix)
  const sum = header.reduce((total, byte) => total + byte, 0)
  put(header, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `)
  return header
}

/** An uncompressed tar archive of `entries`, in order. */
export const tar = (entries: ReadonlyArray<Entry>): Uint8Array => {
  const parts: Array<Uint8Array> = []
  for (const entry of entries) {
    const content = entry.path.endsWith("/")
      ? new Uint8Array(0)
      : typeof entry.content === "string"
        ? encoder.encode(entry.content)
        : (entry.content ?? new Uint8Array(0))
    parts.push(headerOf(entry, content.length), content)
    const padding = (block - (content.length % block)) % block
    if (padding > 0) parts.push(new Uint8Array(padding))
  }
  parts.push(new Uint8Array(2 * block))
  const archive = new Uint8Array(parts.reduce((total, part) => total + part.length, 0))
  let offset = 0
  for (const part of parts) {
    archive.set(part, offset)
    offset += part.length
  }
  return archive
}

/** A gzip-compressed tar archive of `entries` (the same bytes for the same entries). */
export const tarGz = (entries: ReadonlyArray<Entry>): Uint8Array => new Uint8Array(gzipSync(tar(entries)))
