import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { FetchError, Transport } from "@jobscope/fetch"
import { Ukssdc as SimUkssdc } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as tar from "tar"
// Through the sources, as `@jobscope/fetch/node` resolves to the built `dist`.
import { downloadToFile, FileError } from "../src/node.js"
import * as UkssdcClient from "../src/UkssdcClient.js"
import { fedBody, fedJob } from "./support/fed.js"
import { simulator, user } from "./support/simulated.js"

/** A scratch directory, removed when the test ends. */
/** Bytes that start as a gzip file does, as a tar.gz download is checked to. */
const gzipStart = (bytes: Uint8Array): Uint8Array => {
  bytes.set([0x1f, 0x8b])
  return bytes
}

const scratch = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "jobscope-fetch-node-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/**
 * The simulator with one job submitted by the test's user, asking for a light
 * curve, a spectrum and a PSF position; closed when the test ends.
 */
const simulatorWithJob = simulator().pipe(
  Effect.map((sim) => {
    const reply = sim.ukssdc.submit({
      ...SimUkssdc.sixProducts,
      doenh: 0,
      doxastrom: 0,
      image: 0,
      UserID: user
    })
    if (reply.OK !== 1) throw new Error(reply.ERROR)
    return { sim, url: reply.URL }
  })
)

const clientLayer = (baseUrl: string, fetch?: typeof globalThis.fetch) =>
  UkssdcClient.layer({ baseUrl, userId: user }).pipe(
    Layer.provide(Transport.layerFetch({ retries: 0, ...(fetch === undefined ? {} : { fetch }) }))
  )

/** Unpacks an archive file with `tar`: the paths of the files in it. */
const listArchive = (file: string): Promise<Array<string>> => {
  const paths: Array<string> = []
  return tar
    .t({ file, onReadEntry: (entry) => void (entry.type === "File" && paths.push(entry.path)) })
    .then(() => paths.sort())
}

/** Waits, turn by turn of the event loop (no timer), until `ready` holds; fails after `turns` turns. */
const until = (ready: () => boolean, turns = 10_000) =>
  Effect.promise(async () => {
    for (let turn = 0; turn < turns && !ready(); turn++) await new Promise((resolve) => setImmediate(resolve))
    return ready()
  })

describe("downloadToFile", () => {
  it.live("writes a finished product's archive to the file, which tar reads back, and nothing else", () =>
    Effect.gen(function* () {
      const dir = yield* scratch
      const { sim, url } = yield* simulatorWithJob
      sim.advance("31 minutes")
      const path = join(dir, "spec.tar.gz")
      writeFileSync(path, "an older download")
      const saved = yield* downloadToFile(url, "spec", path).pipe(Effect.provide(clientLayer(sim.url)))
      expect(saved).toEqual({ path, bytes: statSync(path).size })
      expect(saved.bytes).toBeGreaterThan(100)
      expect(yield* Effect.promise(() => listArchive(path))).toEqual(["USERPROD_1/spec/interval0pc_fit.txt"])
      const plain = join(dir, "all.tar")
      const all = yield* downloadToFile(url, "all", plain, { format: "tar" }).pipe(
        Effect.provide(clientLayer(sim.url))
      )
      expect(all.bytes % 512).toBe(0)
      expect(yield* Effect.promise(() => listArchive(plain))).toEqual([
        "USERPROD_1/lc/curve.qdp",
        "USERPROD_1/lc/hardrat.qdp",
        "USERPROD_1/psf/psf_pos.reg",
        "USERPROD_1/psf/psf_pos.txt",
        "USERPROD_1/spec/interval0pc_fit.txt"
      ])
      expect(readdirSync(dir).sort()).toEqual(["all.tar", "spec.tar.gz"])
    })
  )

  it.live("fails with the HttpStatusError of a missing archive, creating no file", () =>
    Effect.gen(function* () {
      const dir = yield* scratch
      const { sim, url } = yield* simulatorWithJob
      const error = yield* Effect.flip(
        downloadToFile(url, "lc", join(dir, "lc.tar.gz")).pipe(Effect.provide(clientLayer(sim.url)))
      )
      expect(error._tag).toBe("HttpStatusError")
      expect(error.message).toMatch(/^UKSSDC archive of job 1 \(.*\/USERPROD_1\/lc\.tar\.gz\): HTTP 404/)
      expect(readdirSync(dir)).toEqual([])
    })
  )

  it.live("fails with a FileError naming the path when the file cannot be written", () =>
    Effect.gen(function* () {
      const dir = yield* scratch
      const { sim, url } = yield* simulatorWithJob
      sim.advance("31 minutes")
      const path = join(dir, "no such folder", "lc.tar.gz")
      const error = yield* Effect.flip(
        downloadToFile(url, "lc", path).pipe(Effect.provide(clientLayer(sim.url)))
      )
      expect(error).toBeInstanceOf(FileError)
      if (!(error instanceof FileError)) return
      expect(error.path).toBe(path)
      expect(error.code).toBe("ENOENT")
      expect(error.message).toMatch(/^Could not save the lc archive to .*no such folder\/lc\.tar\.gz: ENOENT/)
      expect(readdirSync(dir)).toEqual([])
    })
  )

  it.live(
    "fails with the download's own error when the connection breaks, leaving an earlier file as it was",
    () =>
      Effect.gen(function* () {
        const dir = yield* scratch
        const path = join(dir, "lc.tar.gz")
        writeFileSync(path, "an older download")
        const source = fedBody()
        const saving = yield* Effect.forkChild(
          downloadToFile(fedJob, "lc", path).pipe(
            Effect.provide(clientLayer("http://127.0.0.1:9", source.fetch))
          )
        )
        source.feed().enqueue(gzipStart(new Uint8Array(1000).fill(7)))
        const partial = () => readdirSync(dir).find((name) => name.endsWith(".part"))
        expect(
          yield* until(() => partial() !== undefined && statSync(join(dir, partial()!)).size === 1000)
        ).toBe(true)
        source.feed().error(new TypeError("terminated"))
        const error = yield* Effect.flip(Fiber.join(saving))
        expect(error).toBeInstanceOf(FetchError.Unreachable)
        expect(error.message).toBe(
          `UKSSDC archive of job 7 (${fedJob}/lc.tar.gz): the download broke off: terminated`
        )
        expect(readdirSync(dir)).toEqual(["lc.tar.gz"])
        expect(readFileSync(path, "utf8")).toBe("an older download")
      })
  )

  it.live("removes the partial file and lets the connection go when interrupted", () =>
    Effect.gen(function* () {
      const dir = yield* scratch
      const source = fedBody()
      const saving = yield* Effect.forkChild(
        downloadToFile(fedJob, "psf", join(dir, "psf.tar.gz")).pipe(
          Effect.provide(clientLayer("http://127.0.0.1:9", source.fetch))
        )
      )
      source.feed().enqueue(gzipStart(new Uint8Array(64).fill(1)))
      const written = () => readdirSync(dir).some((name) => statSync(join(dir, name)).size === 64)
      expect(yield* until(written)).toBe(true)
      yield* Fiber.interrupt(saving)
      expect(readdirSync(dir)).toEqual([])
      expect(source.cancelled()).toBe(true)
    })
  )
})
