import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { crc32, inflateRawSync } from "node:zlib"
import { afterEach, describe, expect, it } from "@effect/vitest"
import { Ukssdc } from "@jobscope/core"
import * as tar from "tar"
import { everything, post, type Served, served } from "./served.js"

const scratch: Array<string> = []
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const submitted = async (body: unknown = everything, options: Parameters<typeof served>[0] = {}) => {
  const sim = await served(options)
  const { reply } = await post(sim, "run_userobject.php", body, Ukssdc.SubmitResponse)
  if (reply.OK !== 1) throw new Error(reply.ERROR)
  return { sim, url: reply.URL }
}

const download = async (url: string) => {
  const response = await fetch(url)
  return {
    status: response.status,
    headers: response.headers,
    bytes: new Uint8Array(await response.arrayBuffer())
  }
}

/** Unpacks an archive with the `tar` package: the files and their text. */
const unpack = async (bytes: Uint8Array, name: string): Promise<Record<string, string>> => {
  const dir = mkdtempSync(join(tmpdir(), "ukssdc-archive-"))
  scratch.push(dir)
  writeFileSync(join(dir, name), bytes)
  const out = join(dir, "out")
  await import("node:fs/promises").then((fs) => fs.mkdir(out))
  await tar.x({ file: join(dir, name), cwd: out })
  const files: Record<string, string> = {}
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(out, relative), { withFileTypes: true })) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else files[path] = readFileSync(join(out, path), "utf8")
    }
  }
  walk("")
  return files
}

/**
 * Reads a ZIP archive by its central directory, as unzip does: each file's
 * text, inflated and checked against its CRC-32; directories as "".
 */
const unzip = (bytes: Uint8Array): Record<string, string> => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const end = bytes.length - 22
  expect(view.getUint32(end, true)).toBe(0x06054b50)
  const count = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  const files: Record<string, string> = {}
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50)
    const method = view.getUint16(at + 10, true)
    const checksum = view.getUint32(at + 16, true)
    const size = view.getUint32(at + 20, true)
    const nameLength = view.getUint16(at + 28, true)
    const offset = view.getUint32(at + 42, true)
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength))
    const localName = view.getUint16(offset + 26, true)
    const data = bytes.subarray(offset + 30 + localName, offset + 30 + localName + size)
    const raw = method === 8 ? new Uint8Array(inflateRawSync(data)) : data
    expect(crc32(raw) >>> 0, name).toBe(checksum)
    files[name] = new TextDecoder().decode(raw)
    at += 46 + nameLength
  }
  return files
}

const endOf = (sim: Served, product: string) =>
  sim.ukssdc
    .job(1)!
    .products.find((candidate) => candidate.product === product)!
    .endsAt.getTime()

describe("product archives under the job's URL", () => {
  it("is the web server's 404 page until the product is complete", async () => {
    const { sim, url } = await submitted()
    sim.advance(endOf(sim, "lc") - sim.now().getTime() - 1)
    const before = await fetch(`${url}/lc.tar.gz`)
    expect(before.status).toBe(404)
    expect(before.headers.get("content-type")).toMatch(/^text\/html/)
    expect(await before.text()).toContain("<h1>Not Found</h1>")
    sim.advance(1)
    const after = await download(`${url}/lc.tar.gz`)
    expect(after.status).toBe(200)
    expect(after.headers.get("content-type")).toBe("application/x-gzip")
    expect([after.bytes[0], after.bytes[1]]).toEqual([0x1f, 0x8b])
  })

  it("holds a QDP light curve that tar reads back", async () => {
    const { sim, url } = await submitted()
    sim.advance("31 minutes")
    const files = await unpack((await download(`${url}/lc.tar.gz`)).bytes, "lc.tar.gz")
    expect(Object.keys(files).sort()).toEqual(["USERPROD_1/lc/curve.qdp", "USERPROD_1/lc/hardrat.qdp"])
    const curve = files["USERPROD_1/lc/curve.qdp"]!.trim().split("\n")
    expect(curve[0]).toBe("READ TERR 1 2")
    expect(curve[1]).toContain("GRB 200101A")
    const rows = curve.slice(3).map((line) => line.split("\t").map(Number))
    expect(rows.length).toBeGreaterThanOrEqual(12)
    for (const row of rows) {
      expect(row).toHaveLength(6)
      expect(row.every(Number.isFinite)).toBe(true)
    }
    // time bins follow one another
    for (let i = 1; i < rows.length; i++) expect(rows[i]![0]).toBeGreaterThan(rows[i - 1]![0]!)
  })

  it("holds each product's files, and all of them in all.tar.gz once the job is over", async () => {
    const { sim, url } = await submitted()
    sim.advance(endOf(sim, "psf") - sim.now().getTime())
    expect((await download(`${url}/all.tar.gz`)).status).toBe(404)
    const psf = await unpack((await download(`${url}/psf.tar.gz`)).bytes, "psf.tar.gz")
    expect(psf["USERPROD_1/psf/psf_pos.txt"]).toMatch(
      /^XRT standard position of GRB 200101A\nRA \(J2000\): {2}219\.28/
    )
    expect(psf["USERPROD_1/psf/psf_pos.reg"]).toMatch(
      /^# Region file format: DS9 version 4.1\nfk5\ncircle\(219\.28/
    )
    sim.advance("31 minutes")
    const all = await unpack((await download(`${url}/all.tar.gz`)).bytes, "all.tar.gz")
    expect(Object.keys(all).sort()).toEqual([
      "USERPROD_1/enh/enh_pos.reg",
      "USERPROD_1/enh/enh_pos.txt",
      "USERPROD_1/image/image_info.txt",
      "USERPROD_1/lc/curve.qdp",
      "USERPROD_1/lc/hardrat.qdp",
      "USERPROD_1/psf/psf_pos.reg",
      "USERPROD_1/psf/psf_pos.txt",
      "USERPROD_1/spec/interval0pc_fit.txt",
      "USERPROD_1/xastrom/xastrom_pos.reg",
      "USERPROD_1/xastrom/xastrom_pos.txt"
    ])
    expect(all["USERPROD_1/psf/psf_pos.txt"]).toBe(psf["USERPROD_1/psf/psf_pos.txt"])
    expect(all["USERPROD_1/spec/interval0pc_fit.txt"]).toContain("Photon index")
  })

  it("leaves failed and cancelled products out of all.tar.gz, and has no archive of theirs", async () => {
    const { sim, url } = await submitted(
      { ...everything, doenh: 0, doxastrom: 0, image: 0 },
      { failures: [{ product: "psf" }] }
    )
    await post(
      sim,
      "canceljob.php",
      { UserID: everything.UserID, JobID: 1, what: "spec" },
      Ukssdc.CancelResponse
    )
    sim.advance("31 minutes")
    expect((await download(`${url}/psf.tar.gz`)).status).toBe(404)
    expect((await download(`${url}/spec.tar.gz`)).status).toBe(404)
    const all = await unpack((await download(`${url}/all.tar.gz`)).bytes, "all.tar.gz")
    expect(Object.keys(all).sort()).toEqual(["USERPROD_1/lc/curve.qdp", "USERPROD_1/lc/hardrat.qdp"])
  })

  it("serves plain tar too, and 404 for products not in the job, unknown jobs and other formats", async () => {
    const { sim, url } = await submitted({ ...everything, image: 0 })
    sim.advance("31 minutes")
    const plain = await download(`${url}/spec.tar`)
    expect(plain.headers.get("content-type")).toBe("application/x-tar")
    expect(Object.keys(await unpack(plain.bytes, "spec.tar"))).toEqual([
      "USERPROD_1/spec/interval0pc_fit.txt"
    ])
    expect((await download(`${url}/image.tar.gz`)).status).toBe(404)
    expect((await download(`${url}/lc.rar`)).status).toBe(404)
    expect((await download(`${sim.url}/user_objects/tprods/USERPROD_9/lc.tar.gz`)).status).toBe(404)
    expect((await download(`${sim.url}/user_objects/tprods/elsewhere/lc.tar.gz`)).status).toBe(404)
  })

  it("serves .zip as swifttools offers it, with the same files as the tar.gz", async () => {
    const { sim, url } = await submitted()
    expect((await download(`${url}/lc.zip`)).status).toBe(404)
    sim.advance("31 minutes")
    const zipped = await download(`${url}/all.zip`)
    expect(zipped.status).toBe(200)
    expect(zipped.headers.get("content-type")).toBe("application/zip")
    const files = unzip(zipped.bytes)
    const tarred = await unpack((await download(`${url}/all.tar.gz`)).bytes, "all.tar.gz")
    expect(Object.fromEntries(Object.entries(files).filter(([name]) => !name.endsWith("/")))).toEqual(tarred)
    expect(Object.keys(files)).toContain("USERPROD_1/lc/")
  })

  it("gives the same bytes every time, and counts downloads under the job", async () => {
    const { sim, url } = await submitted()
    sim.advance("31 minutes")
    const first = await download(`${url}/all.tar.gz`)
    const second = await download(`${url}/all.tar.gz`)
    expect(Buffer.from(first.bytes).equals(Buffer.from(second.bytes))).toBe(true)
    expect(sim.requests.job("ukssdc/1")?.count).toBe(3)
  })
})
