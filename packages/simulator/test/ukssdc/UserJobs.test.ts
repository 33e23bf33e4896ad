import { describe, expect, it } from "@effect/vitest"
import { Ukssdc } from "@jobscope/core"
import { epoch } from "../support/servers.js"
import { everything, post, type Served, served, user } from "./served.js"

const submit = async (sim: Served, body: unknown) => {
  const { reply } = await post(sim, "run_userobject.php", body, Ukssdc.SubmitResponse)
  if (reply.OK !== 1) throw new Error(reply.ERROR)
  return reply
}

const numJobs = async (sim: Served, UserID = user) =>
  (await post(sim, "getNumJobs.php", { api_name: "xrt_prods", UserID }, Ukssdc.NumJobsResponse)).reply

const listOldJobs = async (sim: Served, UserID = user) =>
  (await post(sim, "listOldJobs.php", { api_name: "xrt_prods", UserID }, Ukssdc.ListOldJobsResponse)).reply

describe("getNumJobs.php", () => {
  it("counts the user's unfinished jobs, and only theirs", async () => {
    const sim = await served()
    expect(await numJobs(sim)).toEqual({ OK: 1, APIVersion: 0.1, numJobs: 0 })
    await submit(sim, everything)
    sim.advance("5 minutes")
    await submit(sim, { ...everything, spec: 0, dopsf: 0, doenh: 0, doxastrom: 0, image: 0 })
    await submit(sim, { ...everything, UserID: "someone@example.org" })
    expect(await numJobs(sim)).toMatchObject({ OK: 1, numJobs: 2 })
    sim.advance(sim.ukssdc.job(1)!.endsAt.getTime() - sim.now().getTime())
    expect(await numJobs(sim)).toMatchObject({ numJobs: 1 })
    sim.advance("40 minutes")
    expect(await numJobs(sim)).toMatchObject({ numJobs: 0 })
    expect(await numJobs(sim, "someone@example.org")).toMatchObject({ numJobs: 0 })
  })

  it("refuses an unregistered user and a request without a user, in the real server's words", async () => {
    const sim = await served({ users: [user] })
    expect(await numJobs(sim, "NO-ONE")).toEqual({
      OK: 0,
      ERROR: "The user `NO-ONE` is not recognised / validated",
      APIVersion: 0.1
    })
    for (const body of [{}, { UserID: "" }, { UserID: "  " }]) {
      const { reply } = await post(sim, "getNumJobs.php", body, Ukssdc.NumJobsResponse)
      expect(reply, JSON.stringify(body)).toMatchObject({
        OK: 0,
        ERROR: expect.stringMatching(/^The user `\s*` is not recognised \/ validated$/)
      })
    }
  })

  it("refuses an empty UserID even with no list of registered users", async () => {
    const sim = await served({ users: undefined })
    const { reply } = await post(sim, "listOldJobs.php", { UserID: "" }, Ukssdc.ListOldJobsResponse)
    expect(reply).toMatchObject({ OK: 0, ERROR: "The user `` is not recognised / validated" })
  })
})

describe("listOldJobs.php", () => {
  it("lists the user's jobs, most recent first, with the products asked for and whether any is ready", async () => {
    const sim = await served()
    await submit(sim, everything)
    sim.advance("90 seconds")
    await submit(sim, { ...everything, name: "Mrk 421", spec: 0, dopsf: 0, doenh: 0, doxastrom: 0, image: 0 })
    await submit(sim, { ...everything, UserID: "someone@example.org" })
    const before = await listOldJobs(sim)
    if (before.OK !== 1) throw new Error(before.ERROR)
    expect(before.jobs).toEqual([
      {
        JobID: 2,
        Name: "Mrk 421",
        DateSubmitted: new Date(epoch.getTime() + 90_000),
        LightCurve: true,
        Spectrum: false,
        StandardPos: false,
        EnhancedPos: false,
        AstromPos: false,
        Image: false,
        hasProd: false
      },
      {
        JobID: 1,
        Name: "GRB 200101A",
        DateSubmitted: epoch,
        LightCurve: true,
        Spectrum: true,
        StandardPos: true,
        EnhancedPos: true,
        AstromPos: true,
        Image: true,
        hasProd: false
      }
    ])
    const firstDone = Math.min(...sim.ukssdc.job(1)!.products.map((product) => product.endsAt.getTime()))
    sim.advance(firstDone - sim.now().getTime())
    const after = await listOldJobs(sim)
    expect(after.OK === 1 && after.jobs.map((job) => job.hasProd)).toEqual([false, true])
  })

  it("writes the submission date as the real server does", async () => {
    const sim = await served()
    await submit(sim, everything)
    const { text } = await post(sim, "listOldJobs.php", { UserID: user }, Ukssdc.ListOldJobsResponse)
    expect(text).toContain('"DateSubmitted":"2026-03-01 12:00:00"')
  })
})

describe("getOldProduct.php", () => {
  it("gives an old job's parameters and page, which submit as a new job with the same parameters", async () => {
    const sim = await served()
    const first = await submit(sim, { ...everything, getCoords: 1, RA: undefined, Dec: undefined })
    const { reply } = await post(
      sim,
      "getOldProduct.php",
      { UserID: user, oldJob: 1 },
      Ukssdc.OldProductResponse
    )
    expect(reply).toEqual({ OK: 1, oldJob: 1, jobPars: first.jobPars, URL: first.URL, APIVersion: 0.1 })
    if (reply.OK !== 1) throw new Error(reply.ERROR)
    const copy = await submit(sim, { UserID: user, ...Ukssdc.resubmissionParameters(reply.jobPars) })
    expect(copy.JobID).toBe("2")
    expect(copy.jobPars).toMatchObject({ RA: first.jobPars.RA, Dec: first.jobPars.Dec, outdir: "USERPROD_2" })
    expect(copy.jobPars).not.toHaveProperty("getCoords")
  })

  it("refuses another user's job and an unknown one", async () => {
    const sim = await served()
    await submit(sim, everything)
    const other = await post(
      sim,
      "getOldProduct.php",
      { UserID: "x@example.org", oldJob: "1" },
      Ukssdc.OldProductResponse
    )
    expect(other.reply).toMatchObject({ OK: 0, ERROR: "Job 1 is not owned by user x@example.org" })
    const unknown = await post(
      sim,
      "getOldProduct.php",
      { UserID: user, oldJob: 7 },
      Ukssdc.OldProductResponse
    )
    expect(unknown.reply).toMatchObject({ OK: 0, ERROR: "Job 7 does not exist." })
  })
})
