import { describe, expect, it } from "@effect/vitest"
import { Ukssdc } from "@jobscope/core"
import { everything, post, served, user } from "./served.js"

const submit = (sim: Awaited<ReturnType<typeof served>>, body: unknown) =>
  post(sim, "run_userobject.php", body, Ukssdc.SubmitResponse)

const rejected = (reply: Ukssdc.SubmitResponse): Ukssdc.SubmitRejected => {
  if (reply.OK !== 0) throw new Error(`expected a refusal, got ${JSON.stringify(reply)}`)
  return reply
}

const problems = (reply: Ukssdc.SubmitResponse) =>
  Object.fromEntries((rejected(reply).listErr ?? []).map((problem) => [problem.label, problem.list]))

const needed = "The following parameters are needed, but were not supplied:"
const invalid = "The following parameters have invalid values:"

describe("run_userobject.php", () => {
  it("accepts a job: its page under the server's URL, a string JobID and every parameter with defaults", async () => {
    const sim = await served({ firstJobId: 14 })
    const { status, contentType, reply } = await submit(sim, everything)
    expect(status).toBe(200)
    expect(contentType).toBe("text/html; charset=UTF-8")
    if (reply.OK !== 1) throw new Error(reply.ERROR)
    expect(reply.JobID).toBe("14")
    expect(reply.URL).toBe(`${sim.url}/user_objects/tprods/USERPROD_14`)
    expect(reply.APIVersion).toBe(0.1)
    expect(reply.jobPars).toMatchObject({
      name: "GRB 200101A",
      targ: "00081637",
      // Text with four decimals, as the real server echoes it (swifttools ReturnData.md: "RA": "335.6985").
      RA: "219.2875",
      Dec: "-60.8333",
      cent: 1,
      poserr: 1,
      dopsf: 1,
      outdir: "USERPROD_14",
      // defaults the request left out
      centMeth: "simple",
      pccounts: 20,
      dchi: 2.706,
      posobs: "all",
      imen: "0.3-1.5,1.5-10,0.3-10"
    })
    // The request's envelope and UserID are echoed too (ReturnData.md).
    expect(reply.jobPars).toMatchObject({ api_name: "xrt_prods", UserID: everything.UserID })
    expect(sim.ukssdc.job(14)?.products.map((product) => product.product)).toEqual([
      "lc",
      "spec",
      "enh",
      "psf",
      "xastrom",
      "image"
    ])
  })

  it("gives each job the next ID", async () => {
    const sim = await served()
    const ids = []
    for (let i = 0; i < 3; i++) {
      const { reply } = await submit(sim, everything)
      ids.push(reply.OK === 1 ? reply.JobID : reply.ERROR)
    }
    expect(ids).toEqual(["1", "2", "3"])
  })

  it("lists the parameters that are missing and the values that are out of range, as the real server does", async () => {
    const sim = await served()
    const { reply } = await submit(sim, {
      UserID: user,
      name: "X",
      targ: "1",
      RA: 10,
      poserr: 0.01,
      lc: 1,
      binMeth: "counts"
    })
    expect(rejected(reply).ERROR).toBe("There were problems with the parameters you supplied.")
    expect(problems(reply)).toEqual({
      [needed]: ["cent", "Dec"],
      [invalid]: ["poserr is 0.01, but must be between 1 and 6"]
    })
    expect(sim.ukssdc.jobs()).toEqual([])
  })

  it("names wrong types, unknown choices, reversed ranges and unknown parameters", async () => {
    const sim = await served()
    const { reply } = await submit(sim, {
      ...everything,
      RA: "north",
      cent: "maybe",
      binMeth: "weekly",
      minen: 5,
      maxen: 2,
      colour: "blue"
    })
    expect(problems(reply)).toEqual({
      [invalid]: [
        'RA is "north", but must be a number',
        'cent is "maybe", but must be 0 or 1',
        'binMeth is "weekly", but must be one of counts, time, snapshot, obsid',
        "minen is 5, but must be below maxen (2)"
      ],
      "The following parameters are not recognised:": ["colour"]
    })
  })

  it("asks for what a product's settings need: a redshift, time bins, the user's observations", async () => {
    const sim = await served()
    const { reply } = await submit(sim, {
      ...everything,
      specz: 1,
      binMeth: "time",
      posobs: "user"
    })
    expect(problems(reply)[needed]).toEqual(["pcbin", "wtbin", "zval", "useposobs"])
  })

  it("refuses a job with no product", async () => {
    const sim = await served()
    const { reply } = await submit(sim, { UserID: user, name: "X", targ: "1", RA: 1, Dec: 1, cent: 0 })
    expect(problems(reply)[invalid]).toEqual([
      "no product was asked for: set one of lc, spec, dopsf, doenh, doxastrom, image, sourceDet to 1"
    ])
  })

  it("reads the short position flags and true/false as the real flags", async () => {
    const sim = await served()
    const { reply } = await submit(sim, {
      UserID: user,
      name: "X",
      targ: "{10873, 10907}",
      RA: 1,
      Dec: 1,
      cent: false,
      psf: true,
      xastrom: "1"
    })
    if (reply.OK !== 1) throw new Error(reply.ERROR)
    expect(reply.jobPars).toMatchObject({ targ: "{00010873,00010907}", cent: 0, dopsf: 1, doxastrom: 1 })
    expect(reply.jobPars).not.toHaveProperty("psf")
  })

  it("looks up coordinates, targets and T0 when asked, the same for the same name", async () => {
    const sim = await served()
    const ask = {
      UserID: user,
      name: "V404 Cyg",
      getCoords: 1,
      getTargs: 1,
      getT0: 1,
      cent: 0,
      lc: 1,
      binMeth: "obsid"
    }
    const first = await submit(sim, ask)
    const second = await submit(sim, ask)
    if (first.reply.OK !== 1 || second.reply.OK !== 1) throw new Error("refused")
    const { RA, Dec, targ, Tstart } = first.reply.jobPars
    expect(RA).toMatch(/^\d+\.\d{4}$/)
    expect(Number(RA)).toBeLessThan(360)
    expect(Number(Dec)).toBeGreaterThanOrEqual(-90)
    expect(Number(Dec)).toBeLessThanOrEqual(90)
    expect(targ).toMatch(/^(\d{8}|\{\d{8}(,\d{8})+\})$/)
    expect(Tstart).toBeGreaterThan(1e8)
    expect(second.reply.jobPars).toMatchObject({ RA, Dec, targ, Tstart, getCoords: 1 })
  })

  it("accepts the parameters of an accepted job again, without the look-ups, as a new job with the same values", async () => {
    const sim = await served()
    const first = await submit(sim, { ...everything, targ: undefined, getTargs: 1 })
    if (first.reply.OK !== 1) throw new Error(first.reply.ERROR)
    // As a client sends it: its own envelope and UserID beside the parameters.
    const again = await submit(sim, {
      api_name: "xrt_prods",
      api_version: everything.api_version,
      UserID: user,
      ...Ukssdc.resubmissionParameters(first.reply.jobPars)
    })
    if (again.reply.OK !== 1) throw new Error(again.reply.ERROR)
    expect(again.reply.JobID).toBe("2")
    const { outdir: _first, getTargs: _, ...before } = first.reply.jobPars
    const { outdir: second, ...after } = again.reply.jobPars
    expect(after).toEqual(before)
    expect(second).toBe("USERPROD_2")
  })

  it.each([
    ["text that is not JSON", "name=GRB&lc=1", "submit request: not valid JSON"],
    ["an empty body", "", "submit request: the body was empty, not JSON"],
    ["a JSON array", "[1,2]", "submit request: expected"]
  ])("answers %s with OK 0 and an ERROR, never a crash", async (_, body, error) => {
    const sim = await served()
    const { status, reply } = await submit(sim, body)
    expect(status).toBe(200)
    expect(rejected(reply).ERROR).toContain(error)
  })

  it("refuses a request without a UserID, from another API, or from an unregistered user", async () => {
    const sim = await served({ users: ["someone@example.org"] })
    const { UserID: _, ...anonymous } = everything
    expect(rejected((await submit(sim, anonymous)).reply).ERROR).toBe(
      "The user `` is not recognised / validated"
    )
    expect(rejected((await submit(sim, { ...everything, api_name: "swift_too" })).reply).ERROR).toBe(
      'api_name is "swift_too", but this is the xrt_prods API.'
    )
    expect(rejected((await submit(sim, everything)).reply).ERROR).toBe(
      "The user `YOUR_EMAIL_ADDRESS` is not recognised / validated"
    )
    expect((await submit(sim, { ...everything, UserID: "someone@example.org" })).reply.OK).toBe(1)
  })

  it("refuses a user's job beyond the active-job limit until one finishes", async () => {
    const sim = await served({ maxActiveJobs: 2 })
    expect((await submit(sim, everything)).reply.OK).toBe(1)
    expect((await submit(sim, everything)).reply.OK).toBe(1)
    expect(rejected((await submit(sim, everything)).reply).ERROR).toBe(
      "You already have 2 jobs in the queue; please wait for some to finish before submitting more."
    )
    sim.advance("31 minutes")
    expect((await submit(sim, everything)).reply.OK).toBe(1)
  })

  it("names a deeply nested value by its kind, without walking it", async () => {
    const sim = await served()
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`
    const { status, reply } = await submit(sim, `{"UserID":"${user}","name":${deep},"cent":{"a":1},"lc":1}`)
    expect(status).toBe(200)
    expect(problems(reply)[invalid]).toEqual([
      "name is a list, but must be a text that is not empty",
      "cent is an object, but must be 0 or 1"
    ])
  })

  it("keeps hostile text out of its messages: long values are cut short", async () => {
    const sim = await served()
    const { text, reply } = await submit(sim, { ...everything, name: 12, binMeth: "x".repeat(100_000) })
    expect(problems(reply)[invalid]?.[0]).toBe("name is 12, but must be a text that is not empty")
    expect(problems(reply)[invalid]?.[1]?.length).toBeLessThan(200)
    expect(text.length).toBeLessThan(2_000)
  })
})
