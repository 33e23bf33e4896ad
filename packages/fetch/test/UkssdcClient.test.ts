import { Readable } from "node:stream"
import { pipeline } from "node:stream/promises"
import type * as ReadableStreamWeb from "node:stream/web"
import { describe, expect, it } from "@effect/vitest"
import { Ukssdc } from "@jobscope/core"
import { FetchError, Transport } from "@jobscope/fetch"
import { Ukssdc as SimUkssdc, type Simulator } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { TestClock } from "effect/testing"
import * as tar from "tar"
// Through the source until src/index.ts exports it as `UkssdcClient`.
import * as UkssdcClient from "../src/UkssdcClient.js"
import { fedBody, fedJob } from "./support/fed.js"
import { simulator, user } from "./support/simulated.js"

/** The client as a user builds it, pointed at the simulator; no retries, so a failure shows at once. */
const connect = (
  sim: Simulator,
  options: Partial<UkssdcClient.Options> = {},
  fetch?: typeof globalThis.fetch
) =>
  UkssdcClient.UkssdcClient.pipe(
    Effect.provide(
      UkssdcClient.layer({ baseUrl: sim.url, userId: user, ...options }).pipe(
        Layer.provide(Transport.layerFetch({ retries: 0, ...(fetch === undefined ? {} : { fetch }) }))
      )
    )
  )

/** A job submitted directly to the simulator by someone else. */
const someoneElsesJob = (sim: Simulator): number => {
  const reply = sim.ukssdc.submit({ ...SimUkssdc.sixProducts, UserID: "someone.else@example.org" })
  if (reply.OK !== 1) throw new Error(reply.ERROR)
  return Number(reply.JobID)
}

/** Moves the simulator's clock to `at`. */
const advanceTo = (sim: Simulator, at: Date) =>
  sim.advance(Math.max(0, at.getTime() - sim.clock.now().getTime()))

/** When `product` of job `jobId` ends, in the simulator's own plan. */
const endOf = (sim: Simulator, jobId: number, product: Ukssdc.ProductKind): Date =>
  sim.ukssdc.job(jobId)!.products.find((view) => view.product === product)!.endsAt

/** Reads a web stream of a tar.gz or tar archive with `tar`: each file's path and text. */
const unpack = (stream: ReadableStream<Uint8Array>): Promise<Record<string, string>> => {
  const files: Record<string, string> = {}
  const parser = new tar.Parser({
    onReadEntry: (entry) => {
      const chunks: Array<Buffer> = []
      entry.on("data", (chunk: Buffer) => chunks.push(chunk))
      entry.on("end", () => {
        if (entry.type === "File") files[entry.path] = Buffer.concat(chunks).toString("utf8")
      })
    }
  })
  return pipeline(Readable.fromWeb(stream as ReadableStreamWeb.ReadableStream<Uint8Array>), parser).then(
    () => files
  )
}

/** A `fetch` that records every JSON body it sends, then sends it. */
const recording = () => {
  const bodies: Array<Record<string, unknown>> = []
  const fetch: typeof globalThis.fetch = (input, init) => {
    const body = init?.body
    if (body instanceof Uint8Array) bodies.push(JSON.parse(new TextDecoder().decode(body)))
    else if (typeof body === "string") bodies.push(JSON.parse(body))
    return globalThis.fetch(input, init)
  }
  return { bodies, fetch }
}

describe("submit", () => {
  it.live("sends the parameters with api_name, api_version and UserID, and returns the acknowledgement", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const { bodies, fetch } = recording()
      const ukssdc = yield* connect(sim, {}, fetch)
      const job = yield* ukssdc.submit(SimUkssdc.sixProducts)
      expect(job.OK).toBe(1)
      expect(job.JobID).toBe("1")
      expect(job.URL).toBe(`${sim.url}/user_objects/tprods/USERPROD_1`)
      expect(job.jobPars.name).toBe("GRB 200101A")
      expect(job.jobPars.outdir).toBe("USERPROD_1")
      expect(bodies).toEqual([
        { ...SimUkssdc.sixProducts, UserID: user, api_name: "xrt_prods", api_version: "1.12" }
      ])
      const view = sim.ukssdc.job(1)!
      expect(view.user).toBe(user)
      expect(new Set(view.products.map((product) => product.product))).toEqual(
        new Set(Ukssdc.ProductKind.literals.filter((product) => product !== "sourceDet"))
      )
    })
  )

  it.live(
    "sends JobID as the text the submit reply gave to every endpoint, as swifttools does, and the User-Agent asked for",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const sent: Array<{ readonly url: string; readonly agent: string | null; readonly body: unknown }> =
          []
        const fetch: typeof globalThis.fetch = (input, init) => {
          const request = new Request(input, init)
          const body = init?.body
          sent.push({
            url: request.url,
            agent: request.headers.get("user-agent"),
            body:
              body instanceof Uint8Array
                ? JSON.parse(new TextDecoder().decode(body))
                : typeof body === "string"
                  ? JSON.parse(body)
                  : undefined
          })
          return globalThis.fetch(input, init)
        }
        const ukssdc = yield* connect(sim, { userAgent: "jobscope/test (+https://example.org)" }, fetch)
        yield* ukssdc.submit(SimUkssdc.sixProducts)
        // A number, as the CLI parses it, goes out as text too.
        yield* ukssdc.status(1, { products: ["lc"] })
        yield* ukssdc.cancel(1, ["lc"])
        yield* ukssdc.position(1, "psf")
        expect(sent.slice(1).map((request) => (request.body as { JobID: unknown }).JobID)).toEqual([
          "1",
          "1",
          "1"
        ])
        expect(sent.map((request) => request.agent)).toEqual(
          Array(4).fill("jobscope/test (+https://example.org)")
        )
      })
  )

  it.live("sends the api_version asked for, and never lets parameters override the envelope", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const { bodies, fetch } = recording()
      const ukssdc = yield* connect(sim, { apiVersion: "1.9" }, fetch)
      yield* ukssdc.submit({ ...SimUkssdc.sixProducts, UserID: "intruder@example.org", api_name: "other" })
      expect(bodies[0]).toMatchObject({ UserID: user, api_name: "xrt_prods", api_version: "1.9" })
      expect(sim.ukssdc.job(1)?.user).toBe(user)
    })
  )

  it.live(
    "fails as Refused with the server's ERROR and every listErr item when parameters are missing or wrong",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const ukssdc = yield* connect(sim)
        const { Dec: _dec, cent: _cent, ...incomplete } = { ...SimUkssdc.sixProducts, poserr: 0.01 }
        const direct = sim.ukssdc.submit({ ...incomplete, UserID: user })
        if (direct.OK !== 0) throw new Error("the simulator accepted an incomplete job")
        const error = yield* Effect.flip(ukssdc.submit(incomplete))
        expect(error._tag).toBe("Refused")
        if (error._tag !== "Refused") return
        expect(error.error).toBe(direct.ERROR)
        expect(error.problems).toEqual(direct.listErr)
        const items = error.problems.flatMap((problem) => problem.list)
        expect(items).toEqual(expect.arrayContaining(["Dec", "cent"]))
        expect(items.some((item) => item.startsWith("poserr"))).toBe(true)
        expect(error.message).toMatch(
          /^UKSSDC submit \(http:\/\/127\.0\.0\.1:\d+\/user_objects\/run_userobject\.php\): /
        )
        for (const item of items) expect(error.message).toContain(item)
        for (const problem of error.problems) expect(error.message).toContain(problem.label)
        expect(sim.ukssdc.jobs()).toHaveLength(0)
      })
  )

  it.live("fails as Refused for a user the server does not know, without naming the user", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ ukssdc: { users: ["registered@example.org"] } })
      const ukssdc = yield* connect(sim)
      const error = yield* Effect.flip(ukssdc.submit(SimUkssdc.sixProducts))
      expect(error._tag).toBe("Refused")
      expect(error.message).toContain("The user `(your UserID)` is not recognised / validated")
      expect(error.message).not.toContain(user)
    })
  )
})

describe("status", () => {
  it.live(
    "of a six-product job follows the simulator's own view as its clock advances, one request per poll",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const ukssdc = yield* connect(sim)
        const job = yield* ukssdc.submit(SimUkssdc.sixProducts)
        const id = Number(job.JobID)
        const plan = sim.ukssdc.job(id)!
        // Every moment a product changes, and just before each.
        const moments = [
          ...new Set(
            plan.products
              .flatMap((product) => [product.queuedAt, product.startedAt, product.runningAt, product.endsAt])
              .flatMap((at) => [at.getTime() - 1, at.getTime()])
          )
        ].sort((a, b) => a - b)
        const seen = new Set<number>()
        for (const [index, moment] of moments.entries()) {
          advanceTo(sim, new Date(moment))
          const status = yield* ukssdc.status(job.JobID)
          expect(status.JobID).toBe(id)
          const view = sim.ukssdc.job(id)!
          // Asked about every product, the server reports sourceDet, which this job lacks, as unknown.
          expect(Object.keys(status.products).sort()).toEqual(
            [...view.products.map((product) => product.product), "sourceDet"].sort()
          )
          expect(status.products.sourceDet?.statusText).toBe("Unknown status")
          for (const product of view.products) {
            const reported = status.products[product.product]!
            expect(reported.statusCode, `${product.product} at ${new Date(moment).toISOString()}`).toBe(
              product.code
            )
            seen.add(product.code)
            if (product.code === 3) {
              expect(reported.progress?.GotProgress).toBe(1)
              expect(reported.progress?.ProgressSteps?.length).toBeGreaterThan(0)
            }
          }
          expect(sim.requests.perRoute()["ukssdc.status"]).toBe(index + 1)
        }
        expect([...seen].sort()).toEqual([1, 2, 3, 4, 5])
        const last = yield* ukssdc.status(id)
        const { sourceDet: lacked, ...asked } = last.products
        expect(lacked?.statusCode).toBeNull()
        expect(Object.values(asked).every((product) => product.statusCode === 4)).toBe(true)
      })
  )

  it.live("asks only about the products named, with progress only for those asked", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const { bodies, fetch } = recording()
      const ukssdc = yield* connect(sim, {}, fetch)
      const job = yield* ukssdc.submit(SimUkssdc.sixProducts)
      const spec = sim.ukssdc.job(1)!.products.find((product) => product.product === "spec")!
      advanceTo(sim, spec.runningAt)
      const status = yield* ukssdc.status(job.JobID, { products: ["lc", "spec"], progress: ["spec"] })
      expect(bodies[1]).toEqual({
        JobID: "1",
        UserID: user,
        what: "lc,spec",
        whatProg: "spec",
        api_name: "xrt_prods",
        api_version: "1.12"
      })
      expect(Object.keys(status.products)).toEqual(["lc", "spec"])
      expect(status.products.spec?.statusCode).toBe(3)
      expect(status.products.spec?.progress?.GotProgress).toBe(1)
      expect(status.products.lc?.progress?.GotProgress).toBe(0)
      const without = yield* ukssdc.status(job.JobID, { products: ["spec"], progress: [] })
      expect(bodies[2]).not.toHaveProperty("whatProg")
      expect(without.products.spec?.progress?.GotProgress).toBe(0)
    })
  )

  it.live("refuses locally, sending nothing, a request the API's rules forbid", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const ukssdc = yield* connect(sim)
      const outside = yield* Effect.flip(ukssdc.status(1, { products: ["lc"], progress: ["spec"] }))
      expect(outside._tag).toBe("InvalidRequest")
      expect(outside.message).toContain("UKSSDC status of job 1")
      expect(outside.message).toContain("whatProg asks for the progress of spec")
      const none = yield* Effect.flip(ukssdc.status(-3, { products: [] }))
      expect(none._tag).toBe("InvalidRequest")
      if (none._tag === "InvalidRequest")
        expect(none.problems.map((problem) => problem.path).sort()).toEqual(["JobID", "what"])
      expect(sim.requests.perRoute()["ukssdc.status"] ?? 0).toBe(0)
    })
  )

  it.live("fails as Refused for a job that does not exist or is not the user's", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const ukssdc = yield* connect(sim)
      const missing = yield* Effect.flip(ukssdc.status(99))
      expect(missing._tag).toBe("Refused")
      expect(missing.message).toMatch(
        /^UKSSDC status of job 99 \(.*checkProductStatus\.php\): Job 99 does not exist\.$/
      )
      const theirs = someoneElsesJob(sim)
      const notOwned = yield* Effect.flip(ukssdc.status(theirs))
      expect(notOwned._tag).toBe("Refused")
      if (notOwned._tag === "Refused")
        expect(notOwned.error).toBe(`Job ${theirs} is not owned by user (your UserID)`)
    })
  )

  it.live("fails as InvalidReply naming endpoint and job when an HTML page comes at 200", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ faults: ["ukssdc.status=html"] })
      const ukssdc = yield* connect(sim)
      const job = yield* ukssdc.submit(SimUkssdc.sixProducts)
      const error = yield* Effect.flip(ukssdc.status(job.JobID))
      expect(error._tag).toBe("InvalidReply")
      if (error._tag !== "InvalidReply") return
      expect(error.status).toBe(200)
      expect(error.job).toBe("1")
      expect(error.message).toMatch(
        /^UKSSDC status of job 1 \(.*checkProductStatus\.php\): an HTML page came instead of JSON/
      )
    })
  )
})

describe("cancel", () => {
  it.live("reports a complete cancel (OK 1), and the products stop", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const { bodies, fetch } = recording()
      const ukssdc = yield* connect(sim, {}, fetch)
      const job = yield* ukssdc.submit(SimUkssdc.sixProducts)
      const outcome = yield* ukssdc.cancel(job.JobID, ["lc", "spec"])
      expect(bodies[1]).toMatchObject({ JobID: "1", UserID: user, what: "lc,spec" })
      expect(outcome).toEqual({
        jobId: 1,
        complete: true,
        cancelled: 2,
        products: {
          lc: { code: 0, meaning: "cancelled", text: "Job cancelled OK" },
          spec: { code: 0, meaning: "cancelled", text: "Job cancelled OK" }
        }
      })
      const status = yield* ukssdc.status(job.JobID, { products: ["lc", "spec", "psf"] })
      expect(status.products.lc?.statusCode).toBe(-4)
      expect(status.products.spec?.statusCode).toBe(-4)
      expect(status.products.psf?.statusCode).not.toBe(-4)
    })
  )

  it.live("reports a partial cancel (OK 2) as such, with each product's code, meaning and text", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const ukssdc = yield* connect(sim)
      const job = yield* ukssdc.submit(SimUkssdc.sixProducts)
      const [first, ...rest] = [...sim.ukssdc.job(1)!.products].sort(
        (a, b) => a.endsAt.getTime() - b.endsAt.getTime()
      )
      const later = rest.find((product) => product.endsAt > first!.endsAt)!
      advanceTo(sim, first!.endsAt)
      const outcome = yield* ukssdc.cancel(job.JobID, [first!.product, later.product])
      expect(outcome.complete).toBe(false)
      expect(outcome.products[first!.product]).toEqual({
        code: 1,
        meaning: "already finished",
        text: "Job could not be cancelled - has it already finished?"
      })
      expect(outcome.products[later.product]).toEqual({
        code: 0,
        meaning: "cancelled",
        text: "Job cancelled OK"
      })
      expect(sim.ukssdc.job(1)!.products.find((product) => product.product === later.product)?.outcome).toBe(
        -4
      )
    })
  )

  it.live(
    "asks about every product by default: those a job lacks have no record, which makes it partial",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const ukssdc = yield* connect(sim)
        const job = yield* ukssdc.submit({ ...SimUkssdc.sixProducts, dopsf: 0, doenh: 0, doxastrom: 0 })
        const outcome = yield* ukssdc.cancel(job.JobID)
        expect(outcome.complete).toBe(false)
        expect(Object.keys(outcome.products).sort()).toEqual([
          "enh",
          "image",
          "lc",
          "psf",
          "sourceDet",
          "spec",
          "xastrom"
        ])
        for (const product of ["lc", "spec", "image"]) expect(outcome.products[product]?.code).toBe(0)
        for (const product of ["psf", "enh", "xastrom", "sourceDet"])
          expect(outcome.products[product]).toMatchObject({ code: 2, meaning: "no record of it" })
      })
  )

  it.live(
    "answers a partial outcome when nothing could be cancelled, and fails as Refused only when the job is not the user's",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const ukssdc = yield* connect(sim)
        const job = yield* ukssdc.submit(SimUkssdc.sixProducts)
        advanceTo(sim, sim.ukssdc.job(1)!.endsAt)
        const finished = yield* ukssdc.cancel(job.JobID, ["lc"])
        expect(finished).toMatchObject({
          complete: false,
          cancelled: 0,
          products: { lc: { code: 1, meaning: "already finished" } }
        })
        const notOwned = yield* Effect.flip(ukssdc.cancel(someoneElsesJob(sim)))
        expect(notOwned._tag).toBe("Refused")
        expect(notOwned.message).toContain("is not owned by user (your UserID)")
      })
  )
})

describe("the user's jobs", () => {
  it.live("counts the active ones", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const ukssdc = yield* connect(sim)
      expect(yield* ukssdc.numJobs()).toBe(0)
      yield* ukssdc.submit(SimUkssdc.sixProducts)
      yield* ukssdc.submit({ ...SimUkssdc.sixProducts, name: "GRB 200102B" })
      someoneElsesJob(sim)
      expect(yield* ukssdc.numJobs()).toBe(2)
      const [first, second] = [sim.ukssdc.job(1)!.endsAt, sim.ukssdc.job(2)!.endsAt].sort(
        (a, b) => a.getTime() - b.getTime()
      )
      advanceTo(sim, first!)
      expect(yield* ukssdc.numJobs()).toBe(first!.getTime() === second!.getTime() ? 0 : 1)
      advanceTo(sim, second!)
      expect(yield* ukssdc.numJobs()).toBe(0)
    })
  )

  it.live("lists them, most recent first, with the products each asked for", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const ukssdc = yield* connect(sim)
      expect(yield* ukssdc.listOldJobs()).toEqual([])
      yield* ukssdc.submit(SimUkssdc.sixProducts)
      yield* ukssdc.submit({ ...SimUkssdc.sixProducts, name: "GRB 200102B", spec: 0, image: 0 })
      someoneElsesJob(sim)
      advanceTo(sim, sim.ukssdc.job(1)!.endsAt)
      const jobs = yield* ukssdc.listOldJobs()
      expect(jobs.map((job) => [job.JobID, job.Name])).toEqual([
        [2, "GRB 200102B"],
        [1, "GRB 200101A"]
      ])
      expect(jobs[0]).toMatchObject({ LightCurve: true, Spectrum: false, Image: false, StandardPos: true })
      expect(jobs[1]).toMatchObject({ Spectrum: true, Image: true, hasProd: true })
      expect(jobs[1]?.DateSubmitted).toEqual(new Date("2026-03-01T00:00:00Z"))
    })
  )

  it.live("are refused, like everything else, to a user the server does not know", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ ukssdc: { users: ["registered@example.org"] } })
      const ukssdc = yield* connect(sim)
      const count = yield* Effect.flip(ukssdc.numJobs())
      expect(count.message).toMatch(
        /^UKSSDC job count \(.*getNumJobs\.php\): The user `\(your UserID\)` is not recognised \/ validated$/
      )
      const list = yield* Effect.flip(ukssdc.listOldJobs())
      expect(list._tag).toBe("Refused")
      expect(list.message).toMatch(/^UKSSDC old jobs \(.*listOldJobs\.php\): /)
    })
  )

  it.live("copies an old job's parameters, which submit again as a new job", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const ukssdc = yield* connect(sim)
      const first = yield* ukssdc.submit(SimUkssdc.sixProducts)
      const copy = yield* ukssdc.copyOldJob(first.JobID)
      expect(copy).toEqual({ oldJob: 1, jobPars: first.jobPars, URL: first.URL })
      const again = yield* ukssdc.submit(Ukssdc.resubmissionParameters(copy.jobPars))
      expect(again.JobID).toBe("2")
      expect(again.URL).not.toBe(first.URL)
      expect(sim.ukssdc.job(2)?.parameters.targ).toBe(first.jobPars.targ)
      const notOwned = yield* Effect.flip(ukssdc.copyOldJob(someoneElsesJob(sim)))
      expect(notOwned._tag).toBe("Refused")
      expect(notOwned.message).toMatch(
        /^UKSSDC old job of job 3 \(.*getOldProduct\.php\): Job 3 is not owned/
      )
    })
  )
})

describe("positions", () => {
  it.live("are absent, with the reason, until the product completes, then the position found", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const ukssdc = yield* connect(sim)
      const job = yield* ukssdc.submit({ ...SimUkssdc.sixProducts, doenh: 0 })
      const early = yield* ukssdc.position(job.JobID, "psf")
      expect(early.GotPos).toBe(0)
      if (early.GotPos === 0) expect(early.Reason).toContain("standard position is not available")
      const noEnh = yield* ukssdc.position(job.JobID, "enh")
      expect(noEnh).toEqual({ GotPos: 0, Reason: "This job did not ask for a enhanced position." })
      advanceTo(sim, endOf(sim, 1, "xastrom"))
      for (const kind of ["psf", "xastrom"] as const) {
        const found = yield* ukssdc.position(job.JobID, kind)
        expect(found.GotPos, kind).toBe(1)
        if (found.GotPos !== 1) continue
        expect(Math.abs(found.RA - SimUkssdc.sixProducts.RA)).toBeLessThan(0.01)
        expect(Math.abs(found.Dec - SimUkssdc.sixProducts.Dec)).toBeLessThan(0.01)
        expect(found.Err90).toBeGreaterThan(0)
      }
      expect(sim.requests.perRoute()["ukssdc.position"]).toBe(4)
    })
  )

  it.live("are refused for a job that is not the user's", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const ukssdc = yield* connect(sim)
      const error = yield* Effect.flip(ukssdc.position(someoneElsesJob(sim), "enh"))
      expect(error._tag).toBe("Refused")
      expect(error.message).toMatch(
        /^UKSSDC enhanced position of job 1 \(.*tprods\/getEnhPos\.php\): Job 1 is not owned/
      )
    })
  )
})

describe("light-curve and spectrum data", () => {
  it.live(
    "reads a finished light curve's datasets and spectrum's fits, and is Refused before they are done",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const ukssdc = yield* connect(sim)
        const job = yield* ukssdc.submit(SimUkssdc.sixProducts)
        const early = yield* Effect.flip(ukssdc.lightCurve(job.JobID))
        expect(early._tag).toBe("Refused")
        expect(early.message).toMatch(/^UKSSDC light curve of job 1 .*The light curve is not available/)
        advanceTo(sim, sim.ukssdc.job(1)!.endsAt)
        const lc = yield* ukssdc.lightCurve(job.JobID, { incbad: "yes" })
        expect(lc.Datasets).toEqual(["WT_incbad", "PC_incbad", "PCUL_incbad"])
        expect(Ukssdc.tableOf(lc, "PC_incbad")?.data.length).toBeGreaterThan(5)
        const spec = yield* ukssdc.spectrum(job.JobID)
        expect(spec.rnames).toEqual(["interval0", "late_time"])
        expect(Ukssdc.intervalOf(spec, "late_time")?.PC?.PowerLaw?.Gamma).toBeGreaterThan(1)
      })
  )
})

describe("source detection", () => {
  it.live("reads a finished source detection's sources per band, and is Refused before it is done", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const ukssdc = yield* connect(sim)
      const job = yield* ukssdc.submit({
        name: "M 31 field",
        targ: "00031234",
        sourceDet: 1,
        detobs: "all",
        detbands: "all"
      })
      const early = yield* Effect.flip(ukssdc.sourceDetection(job.JobID))
      expect(early._tag).toBe("Refused")
      expect(early.message).toMatch(
        /^UKSSDC source detection of job 1 .*getSourceDetResults\.php.*The source detection is not available/
      )
      advanceTo(sim, sim.ukssdc.job(1)!.endsAt)
      const found = yield* ukssdc.sourceDetection(job.JobID)
      expect(Ukssdc.bandsOf(found).map(({ band }) => band)).toEqual(["Total", "Soft", "Medium", "Hard"])
      expect(found.Total.length).toBeGreaterThanOrEqual(3)
      expect(Ukssdc.sourceNumber(found.Total[0]!, "err90")).toBeGreaterThan(0)
      expect(found.Total[0]?.sno).toBe("1")
    })
  )
})

describe("archives", () => {
  it("are found under the URL the submit reply gave", () => {
    const url = "https://www.swift.ac.uk/user_objects/tprods/USERPROD_14"
    expect(UkssdcClient.archiveUrl(url, "lc")).toBe(`${url}/lc.tar.gz`)
    expect(UkssdcClient.archiveUrl(`${url}/`, "all", "zip")).toBe(`${url}/all.zip`)
    expect(UkssdcClient.archiveUrl("https://mirror.example/jobs/abc", "xastrom", "tar")).toBe(
      "https://mirror.example/jobs/abc/xastrom.tar"
    )
  })

  it.live("of a finished job stream as tar.gz and tar that tar reads back", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const ukssdc = yield* connect(sim)
      const job = yield* ukssdc.submit(SimUkssdc.sixProducts)
      advanceTo(sim, sim.ukssdc.job(1)!.endsAt)
      expect(ukssdc.archiveUrl(job.URL, "lc")).toBe(`${job.URL}/lc.tar.gz`)
      const lc = yield* Effect.promise(() => Effect.runPromise(ukssdc.download(job.URL, "lc")).then(unpack))
      expect(Object.keys(lc).sort()).toEqual(["USERPROD_1/lc/curve.qdp", "USERPROD_1/lc/hardrat.qdp"])
      expect(lc["USERPROD_1/lc/curve.qdp"]).toMatch(
        /^READ TERR 1 2\n! XRT 0\.3-10 keV light curve for GRB 200101A/
      )
      const all = yield* ukssdc.download(job.URL, "all", "tar")
      const files = yield* Effect.promise(() => unpack(all))
      expect(Object.keys(files)).toHaveLength(10)
      expect(files["USERPROD_1/lc/curve.qdp"]).toBe(lc["USERPROD_1/lc/curve.qdp"])
      expect(files["USERPROD_1/spec/interval0pc_fit.txt"]).toContain("Photon index")
      expect(sim.requests.job("ukssdc/1")?.count).toBeGreaterThanOrEqual(3)
    })
  )

  it.live("not there yet fail as HttpStatusError 404 naming the endpoint and the job", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const ukssdc = yield* connect(sim)
      const job = yield* ukssdc.submit(SimUkssdc.sixProducts)
      const error = yield* Effect.flip(ukssdc.download(job.URL, "lc"))
      expect(error._tag).toBe("HttpStatusError")
      if (error._tag !== "HttpStatusError") return
      expect(error.status).toBe(404)
      expect(error.job).toBe("1")
      expect(error.url).toBe(`${job.URL}/lc.tar.gz`)
      expect(error.message).toBe(
        `UKSSDC archive of job 1 (${job.URL}/lc.tar.gz): HTTP 404: "404 Not Found Not Found The requested URL was not found on this server."`
      )
    })
  )
})

describe("streaming downloads", () => {
  const fedClient = (fetch: typeof globalThis.fetch, options: Partial<UkssdcClient.Options> = {}) =>
    UkssdcClient.UkssdcClient.pipe(
      Effect.provide(
        UkssdcClient.layer({ baseUrl: "http://127.0.0.1:9", userId: user, ...options }).pipe(
          Layer.provide(Transport.layerFetch({ retries: 0, fetch }))
        )
      )
    )

  it.live("hands over each chunk as it arrives, before the rest exists", () =>
    Effect.gen(function* () {
      const source = fedBody()
      const ukssdc = yield* fedClient(source.fetch)
      const stream = yield* ukssdc.download(fedJob, "lc")
      const reader = stream.getReader()
      source.feed().enqueue(new Uint8Array([1, 2, 3]))
      const first = yield* Effect.promise(() => reader.read())
      expect(first).toEqual({ done: false, value: new Uint8Array([1, 2, 3]) })
      source.feed().enqueue(new Uint8Array([4]))
      source.feed().close()
      expect(yield* Effect.promise(() => reader.read())).toEqual({ done: false, value: new Uint8Array([4]) })
      expect((yield* Effect.promise(() => reader.read())).done).toBe(true)
    })
  )

  it.live("errors with Unreachable, naming the archive and job, when the connection breaks mid-way", () =>
    Effect.gen(function* () {
      const source = fedBody()
      const ukssdc = yield* fedClient(source.fetch)
      const reader = (yield* ukssdc.download(fedJob, "spec")).getReader()
      source.feed().enqueue(new Uint8Array([1]))
      yield* Effect.promise(() => reader.read())
      source.feed().error(new TypeError("terminated"))
      const failure = yield* Effect.promise(() =>
        reader.read().then(
          () => undefined,
          (error: unknown) => error
        )
      )
      expect(failure).toBeInstanceOf(FetchError.Unreachable)
      expect((failure as FetchError.Unreachable).message).toBe(
        `UKSSDC archive of job 7 (${fedJob}/spec.tar.gz): the download broke off: terminated`
      )
    })
  )

  it.effect(
    "errors with RequestTimeout when nothing arrives for the idle timeout, and lets the connection go",
    () =>
      Effect.gen(function* () {
        const source = fedBody()
        const ukssdc = yield* fedClient(source.fetch, { downloadIdleTimeout: "30 seconds" })
        const reader = (yield* ukssdc.download(fedJob, "psf")).getReader()
        source.feed().enqueue(new Uint8Array([1]))
        yield* Effect.promise(() => reader.read())
        const pending = yield* Effect.forkChild(
          Effect.promise(() =>
            reader.read().then(
              () => undefined,
              (error: unknown) => error
            )
          )
        )
        yield* TestClock.adjust("29 seconds")
        expect(pending.pollUnsafe()).toBeUndefined()
        yield* TestClock.adjust("1 second")
        const failure = yield* Fiber.join(pending)
        expect(failure).toBeInstanceOf(FetchError.RequestTimeout)
        expect((failure as FetchError.RequestTimeout).message).toBe(
          `UKSSDC archive of job 7 (${fedJob}/psf.tar.gz): the download stalled, nothing arrived for 30s`
        )
        expect(source.cancelled()).toBe(true)
      })
  )
})

describe("the user ID", () => {
  it.live("appears in no error, though the server puts it in its own", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ faults: ["ukssdc.listOldJobs=html"] })
      const ukssdc = yield* connect(sim)
      const theirs = someoneElsesJob(sim)
      // The server's own words name the user…
      const raw = yield* Effect.promise(() =>
        fetch(`${sim.url}/user_objects/checkProductStatus.php`, {
          method: "POST",
          body: JSON.stringify({ UserID: user.toUpperCase(), JobID: theirs, what: "lc" })
        }).then((response) => response.text())
      )
      expect(raw).toContain(user.toUpperCase())
      // …ours never do, whatever goes wrong and however the address is written.
      const shouting = yield* connect(sim, { userId: user.toUpperCase() })
      const failing: ReadonlyArray<Effect.Effect<unknown, FetchError.FetchError>> = [
        ukssdc.status(theirs),
        shouting.status(theirs),
        ukssdc.cancel(theirs, ["lc"]),
        ukssdc.copyOldJob(theirs),
        ukssdc.position(theirs, "psf"),
        ukssdc.status(theirs, { products: ["lc"], progress: ["spec"] }),
        ukssdc.listOldJobs(),
        ukssdc.download(`${sim.url}/user_objects/tprods/USERPROD_${theirs}`, "lc"),
        connect(sim, { baseUrl: `${sim.url}/nowhere` }).pipe(Effect.flatMap((lost) => lost.numJobs()))
      ]
      const errors = yield* Effect.all(failing.map((attempt) => Effect.flip(attempt)))
      expect(errors.map((error) => error._tag)).toEqual([
        "Refused",
        "Refused",
        "Refused",
        "Refused",
        "Refused",
        "InvalidRequest",
        "InvalidReply",
        "HttpStatusError",
        "HttpStatusError"
      ])
      for (const error of errors) {
        expect(JSON.stringify({ ...error, message: error.message }).toLowerCase()).not.toContain(user)
        expect(String(error)).not.toContain(user)
      }
      // An address the server cuts short ("…") loses even the part it kept.
      const long = `${"observer.".repeat(10)}team@example.org`
      const cut = yield* connect(sim, { userId: long }).pipe(
        Effect.flatMap((client) => Effect.flip(client.status(theirs)))
      )
      expect(cut.message).toMatch(/is not owned by user \(your UserID\)…$/)
      expect(cut.message).not.toContain("observer.")
      const registered = yield* simulator({ ukssdc: { users: ["registered@example.org"] } })
      const stranger = yield* connect(registered, { userId: Redacted.make(user) })
      const refused = yield* Effect.flip(stranger.submit(SimUkssdc.sixProducts))
      expect(refused.message).toContain("(your UserID)")
      expect(refused.message).not.toContain(user)
    })
  )
})
