import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gunzipSync } from "node:zlib"
import { afterEach, describe, expect, it } from "@effect/vitest"
import * as tarLib from "tar"
import { tar, tarGz } from "../../src/internal/tar.js"

const scratch: Array<string> = []
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const modified = new Date("2026-03-01T12:34:56Z")

/** Lists an archive with the `tar` package: each entry's path, type, size and time. */
const list = async (bytes: Uint8Array) => {
  const dir = mkdtempSync(join(tmpdir(), "tar-test-"))
  scratch.push(dir)
  writeFileSync(join(dir, "a.tar"), bytes)
  const entries: Array<{ path: string; type: string; size: number; mtime: number | undefined }> = []
  await tarLib.t({
    file: join(dir, "a.tar"),
    strict: true,
    onReadEntry: (entry) => {
      entries.push({ path: entry.path, type: entry.type, size: entry.size, mtime: entry.mtime?.getTime() })
    }
  })
  return { dir, entries }
}

describe("tar", () => {
  it("writes an archive that tar lists, with sizes, types and times", async () => {
    const bytes = tar([
      { path: "job/", modified },
      { path: "job/a.txt", content: "hello\n", modified },
      { path: "job/empty.txt", content: "", modified },
      { path: "job/b.bin", content: new Uint8Array(1000).fill(7), modified }
    ])
    expect(bytes.length % 512).toBe(0)
    const { entries } = await list(bytes)
    expect(entries).toEqual([
      { path: "job/", type: "Directory", size: 0, mtime: modified.getTime() },
      { path: "job/a.txt", type: "File", size: 6, mtime: modified.getTime() },
      { path: "job/empty.txt", type: "File", size: 0, mtime: modified.getTime() },
      { path: "job/b.bin", type: "File", size: 1000, mtime: modified.getTime() }
    ])
  })

  it("keeps non-ASCII text and paths longer than 100 bytes", async () => {
    const deep = `${"folder/".repeat(20)}naïve é.txt`
    const { dir } = await list(tar([{ path: deep, content: "Dec −60° 50′", modified }]))
    await tarLib.x({ file: join(dir, "a.tar"), cwd: dir, strict: true })
    expect(readFileSync(join(dir, deep), "utf8")).toBe("Dec −60° 50′")
    expect(statSync(join(dir, deep)).mtime.getTime()).toBe(modified.getTime())
  })

  it("refuses a path that ustar cannot hold", () => {
    expect(() => tar([{ path: "x".repeat(300), content: "", modified }])).toThrow(
      /too long for a ustar archive/
    )
  })

  it("gzips the same entries to the same bytes", () => {
    const entries = [{ path: "a.txt", content: "a", modified }]
    const gz = tarGz(entries)
    expect(Buffer.from(gz).equals(Buffer.from(tarGz(entries)))).toBe(true)
    expect(Buffer.from(gunzipSync(gz)).equals(Buffer.from(tar(entries)))).toBe(true)
  })
})
