import { gunzipSync } from "node:zlib"
import { describe, expect, it } from "@effect/vitest"
import { Ukssdc } from "@jobscope/core"
import { post, type Served, served, user } from "./served.js"

/** A source detection alone, as swifttools sends it: no RA, Dec or centroiding (RequestJob.md). */
const detection = {
  api_name: "xrt_prods",
  api_version: "1.12",
  UserID: user,
  name: "M 31 field",
  targ: "00031234",
  sourceDet: 1,
  detobs: "all"
}

const submitted = async (body: object = detection) => {
  const sim = await served()
  const { reply } = await post(sim, "run_userobject.php", body, Ukssdc.SubmitResponse)
  if (reply.OK !== 1) throw new Error(reply.ERROR)
  return { sim, reply }
}

const results = (sim: Served, UserID: string = user) =>
  post(sim, "tprods/getSourceDetResults.php", { UserID, JobID: "1" }, Ukssdc.SourceDetResponse)

describe("source detection", () => {
  it("is accepted with detobs, fills in detbands and fitStrayLight, and runs with steps", async () => {
    const { sim, reply } = await submitted()
    expect(reply.jobPars).toMatchObject({ sourceDet: 1, detobs: "all", detbands: "total", fitStrayLight: 1 })
    sim.advance("5 minutes")
    const status = await post(
      sim,
      "checkProductStatus.php",
      { UserID: user, JobID: 1, what: "sourceDet", whatProg: "sourceDet" },
      Ukssdc.StatusResponse
    )
    if (status.reply.OK !== 1) throw new Error(status.reply.ERROR)
    const product = status.reply.products.sourceDet
    expect([1, 2, 3, 5]).toContain(product?.statusCode)
  })

  it("needs detobs, and usedetobs when detobs is user", async () => {
    const sim = await served()
    const { detobs: _, ...without } = detection
    const missing = (await post(sim, "run_userobject.php", without, Ukssdc.SubmitResponse)).reply
    expect(missing).toMatchObject({ OK: 0 })
    if (missing.OK !== 0) return
    expect(missing.listErr?.[0]).toEqual({
      label: "The following parameters are needed, but were not supplied:",
      list: ["detobs"]
    })
    const user = (
      await post(sim, "run_userobject.php", { ...detection, detobs: "user" }, Ukssdc.SubmitResponse)
    ).reply
    expect(user.OK === 0 && user.listErr?.[0]?.list).toEqual(["usedetobs"])
  })

  it("refuses until complete, then gives the Total band's sources as text swifttools turns into numbers", async () => {
    const { sim } = await submitted()
    expect((await results(sim)).reply).toMatchObject({
      OK: 0,
      ERROR: expect.stringMatching(/^The source detection is not available/)
    })
    sim.advance("31 minutes")
    const { reply, text } = await results(sim)
    if ("OK" in reply) throw new Error(reply.ERROR)
    expect(Object.keys(JSON.parse(text))).toEqual(["Total"])
    expect(reply.Total.length).toBeGreaterThanOrEqual(3)
    const first = reply.Total[0]!
    expect(Object.keys(first)).toEqual([
      "sno",
      "x",
      "y",
      "ra",
      "ra_pos",
      "ra_neg",
      "dec",
      "dec_pos",
      "dec_neg",
      "err90",
      "l",
      "b",
      "C"
    ])
    // retrieveSourceList reads every value as text: digits with a point become floats, without one ints.
    for (const value of Object.values(first)) expect(typeof value).toBe("string")
    expect(first.sno).toBe("1")
    expect(first.C).toMatch(/^\d+$/)
    expect(Ukssdc.sourceNumber(first, "err90")).toBeGreaterThanOrEqual(3.5)
    // Numbered by brightness.
    const counts = reply.Total.map((source) => Number(source.C))
    expect([...counts].sort((a, b) => b - a)).toEqual(counts)
    expect((await results(sim)).text).toBe(text)
  })

  it("gives Soft, Medium and Hard too when all bands were asked for", async () => {
    const { sim } = await submitted({ ...detection, detbands: "all" })
    sim.advance("31 minutes")
    const { reply } = await results(sim)
    if ("OK" in reply) throw new Error(reply.ERROR)
    expect(Ukssdc.bandsOf(reply).map(({ band }) => band)).toEqual(["Total", "Soft", "Medium", "Hard"])
    expect(reply.Soft!.length).toBeLessThanOrEqual(reply.Total.length)
  })

  it("refuses a job without source detection, and another user's job", async () => {
    const { sim } = await submitted({
      ...detection,
      sourceDet: 0,
      lc: 1,
      binMeth: "counts",
      cent: 0,
      RA: 10,
      Dec: 41
    })
    sim.advance("31 minutes")
    expect((await results(sim)).reply).toMatchObject({
      OK: 0,
      ERROR: "This job did not ask for a source detection."
    })
    expect((await results(sim, "someone@example.org")).reply).toMatchObject({
      OK: 0,
      ERROR: expect.stringContaining("is not owned by user")
    })
  })

  it("offers sourceDet.tar.gz once complete, with a source list per band", async () => {
    const { sim, reply } = await submitted({ ...detection, detbands: "all" })
    const url = `${reply.URL}/sourceDet.tar.gz`
    expect((await fetch(url)).status).toBe(404)
    sim.advance("31 minutes")
    const response = await fetch(url)
    expect(response.status).toBe(200)
    const bytes = new Uint8Array(await response.arrayBuffer())
    const text = new TextDecoder().decode(gunzipSync(bytes))
    for (const band of ["Total", "Soft", "Medium", "Hard"])
      expect(text).toContain(`sourceDet/${band}_sources.txt`)
    expect(text).toContain("# sno\tx\ty\tra")
  })
})
