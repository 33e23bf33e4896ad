import { describe, expect, it } from "@effect/vitest"
import { Ukssdc as Core } from "@jobscope/core"
import * as Schema from "effect/Schema"
import * as Clock from "../../src/Clock.js"
import * as Random from "../../src/internal/random.js"
import * as Ukssdc from "../../src/ukssdc/index.js"
import { epoch } from "../support/servers.js"
import { everything, user } from "./served.js"

const make = (options?: Ukssdc.Options) => {
  const clock = Clock.make({ speed: 0, start: epoch })
  const api = Ukssdc.make(
    { clock, random: Random.make(1).fork("ukssdc"), baseUrl: () => "http://sim" },
    options
  )
  return { clock, api }
}

const handle = async (api: Ukssdc.Api, name: string, body: unknown) => {
  const route = api.routes.find((candidate) => candidate.name === name)!
  return await route.handle({
    method: "POST",
    path: route.pattern,
    query: new URLSearchParams(),
    headers: {},
    params: {},
    body: JSON.stringify(body)
  })
}

describe("Ukssdc.make", () => {
  it("answers every route it lists, under the names the server counts", () => {
    const { api } = make()
    expect(api.routes.map((route) => route.name)).toEqual([
      "ukssdc.submit",
      "ukssdc.status",
      "ukssdc.cancel",
      "ukssdc.numJobs",
      "ukssdc.listOldJobs",
      "ukssdc.oldProduct",
      "ukssdc.lightCurve",
      "ukssdc.spectrum",
      "ukssdc.sourceDet",
      "ukssdc.position",
      "ukssdc.jobPage",
      "ukssdc.archive"
    ])
  })

  it("shows a job's plan and its status codes as they stand now", () => {
    const { clock, api } = make({ failureProbability: 0 })
    const reply = api.submit(everything)
    expect(reply.OK).toBe(1)
    const job = api.job(1)!
    expect(job).toMatchObject({
      jobId: 1,
      user,
      url: "http://sim/user_objects/tprods/USERPROD_1",
      submittedAt: epoch
    })
    expect(job.products.map((product) => product.code)).toEqual([1, 1, 1, 1, 1, 1])
    expect(job.endsAt).toEqual(new Date(Math.max(...job.products.map((product) => product.endsAt.getTime()))))
    clock.advance(job.endsAt.getTime() - epoch.getTime())
    expect(api.job(1)!.products.map((product) => product.code)).toEqual([4, 4, 4, 4, 4, 4])
    expect(api.jobs().map((view) => view.jobId)).toEqual([1])
    expect(api.job(2)).toBeUndefined()
  })

  it("moves a job's end earlier when a product fails or is cancelled", async () => {
    const { api } = make({ failureProbability: 0 })
    api.submit({ ...everything, dopsf: 0, doenh: 0, doxastrom: 0, image: 0 })
    const before = api.job(1)!
    expect(api.fail(1, "lc")).toBe(true)
    await handle(api, "ukssdc.cancel", { UserID: user, JobID: 1, what: "spec" })
    const after = api.job(1)!
    expect(after.products.map((product) => [product.outcome, product.code])).toEqual([
      [-3, -3],
      [-4, -4]
    ])
    expect(after.endsAt).toEqual(epoch)
    expect(before.endsAt.getTime()).toBeGreaterThan(epoch.getTime())
  })

  it.each([
    [
      { jobDuration: { min: "20 minutes", max: "10 minutes" } },
      "jobDuration.min must not exceed jobDuration.max"
    ],
    [{ jobDuration: { min: 0, max: "10 minutes" } }, "jobDuration.min must be a positive, finite duration"],
    [{ failureProbability: 1.5 }, "failureProbability must be between 0 and 1, not 1.5"],
    [{ firstJobId: -1 }, "firstJobId must be a whole number ≥ 0, not -1"],
    [{ maxActiveJobs: 0 }, "maxActiveJobs must be at least 1, not 0"]
  ] as const)("refuses options out of range: %o", (options, message) => {
    expect(() => make(options)).toThrow(new RangeError(message))
  })

  it("keeps 10,000 jobs as plans, each answering from its own plan and the clock", async () => {
    const { clock, api } = make({ jobDuration: { min: "1 minute", max: "60 minutes" } })
    const accepted = Array.from({ length: 10_000 }, () => api.submit(everything).OK)
    expect(accepted.every((ok) => ok === 1)).toBe(true)
    const decodeCount = Schema.decodeUnknownSync(Schema.fromJsonString(Core.NumJobsResponse))
    const decodeStatus = Schema.decodeUnknownSync(Schema.fromJsonString(Core.StatusResponse))
    for (const minutes of [5, 20, 45, 61]) {
      clock.advance(minutes * 60_000 - (clock.now().getTime() - epoch.getTime()))
      const now = clock.now().getTime()
      const active = api.jobs().filter((job) => job.endsAt.getTime() > now).length
      const reply = decodeCount((await handle(api, "ukssdc.numJobs", { UserID: user })).body)
      expect(reply).toMatchObject({ OK: 1, numJobs: active })
      const sample = 1 + ((minutes * 997) % 10_000)
      const status = decodeStatus(
        (await handle(api, "ukssdc.status", { UserID: user, JobID: sample, what: "lc,xastrom" })).body
      )
      if (status.OK !== 1) throw new Error(status.ERROR)
      const view = api.job(sample)!
      expect([status.products.lc?.statusCode, status.products.xastrom?.statusCode]).toEqual([
        view.products[0]!.code,
        view.products[4]!.code
      ])
    }
    expect(api.jobs().filter((job) => job.endsAt.getTime() > clock.now().getTime())).toEqual([])
  }, 30_000)
})
