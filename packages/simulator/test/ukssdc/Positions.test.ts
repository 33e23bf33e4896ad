import { describe, expect, it } from "@effect/vitest"
import { Ukssdc } from "@jobscope/core"
import { everything, post, type Served, served, user } from "./served.js"

const submitted = async (options: Parameters<typeof served>[0] = {}, body: unknown = everything) => {
  const sim = await served(options)
  const { reply } = await post(sim, "run_userobject.php", body, Ukssdc.SubmitResponse)
  if (reply.OK !== 1) throw new Error(reply.ERROR)
  return sim
}

const position = async (sim: Served, endpoint: string, UserID = user) =>
  post(sim, `tprods/${endpoint}`, { UserID, JobID: 1 }, Ukssdc.PositionResponse)

const endOf = (sim: Served, product: string) =>
  sim.ukssdc
    .job(1)!
    .products.find((candidate) => candidate.product === product)!
    .endsAt.getTime()

describe("tprods/getPSFPos.php, getEnhPos.php, getAstromPos.php", () => {
  it("has no position (GotPos 0, with the reason) until the product is complete", async () => {
    const sim = await submitted()
    const { reply, text } = await position(sim, "getPSFPos.php")
    expect(reply).toEqual({
      GotPos: 0,
      Reason: 'The standard position is not available: its status is "Requested".'
    })
    expect(JSON.parse(text)).toMatchObject({ OK: 1, APIVersion: 0.1 })
    sim.advance(endOf(sim, "psf") - sim.now().getTime() - 1)
    expect((await position(sim, "getPSFPos.php")).reply.GotPos).toBe(0)
  })

  it("gives each position near the job's RA and Dec, with its method's error, once complete", async () => {
    const sim = await submitted()
    sim.advance("31 minutes")
    const found = []
    for (const endpoint of ["getPSFPos.php", "getEnhPos.php", "getAstromPos.php"]) {
      const { reply } = await position(sim, endpoint)
      if (reply.GotPos !== 1) throw new Error(reply.Reason)
      expect(Math.abs(reply.RA - 219.2875) * 3600 * Math.cos((60.83 * Math.PI) / 180)).toBeLessThan(
        reply.Err90
      )
      expect(Math.abs(reply.Dec + 60.8333) * 3600).toBeLessThan(reply.Err90)
      expect(reply.FromSXPS).toBe(0)
      found.push(reply.Err90)
    }
    const [psf, enh, xastrom] = found
    expect(psf).toBeGreaterThanOrEqual(3.5)
    expect(enh).toBeLessThanOrEqual(2.5)
    expect(xastrom).toBeGreaterThanOrEqual(2)
    expect((await position(sim, "getPSFPos.php")).text).toBe((await position(sim, "getPSFPos.php")).text)
  })

  it("says a failed position found no source, and a job without the product did not ask for it", async () => {
    const sim = await submitted({ failures: [{ product: "enh" }] }, { ...everything, dopsf: 0, doxastrom: 0 })
    sim.advance("31 minutes")
    expect((await position(sim, "getEnhPos.php")).reply).toEqual({
      GotPos: 0,
      Reason: "No source was detected in the XRT data."
    })
    expect((await position(sim, "getPSFPos.php")).reply).toEqual({
      GotPos: 0,
      Reason: "This job did not ask for a standard position."
    })
  })

  it("marks a PSF position taken from the catalogue when useSXPS is on", async () => {
    const sim = await submitted({}, { ...everything, useSXPS: 1 })
    sim.advance("31 minutes")
    expect((await position(sim, "getPSFPos.php")).reply).toMatchObject({
      GotPos: 1,
      FromSXPS: 1,
      WhichSXPS: "LSXPS"
    })
  })

  it("refuses another user's job with OK 0, and answers an unknown endpoint with the 404 page", async () => {
    const sim = await submitted()
    const { reply } = await post(
      sim,
      "tprods/getPSFPos.php",
      { UserID: "x@example.org", JobID: 1 },
      Ukssdc.Refusal
    )
    expect(reply).toEqual({
      OK: 0,
      ERROR: "Job 1 is not owned by user x@example.org",
      APIVersion: 0.1
    })
    const missing = await fetch(`${sim.url}/user_objects/tprods/getNothing.php`, {
      method: "POST",
      body: "{}"
    })
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain("<title>404 Not Found</title>")
  })
})
