import { describe, expect, it } from "@effect/vitest"
import { Ukssdc } from "@jobscope/core"
import { everything, post, type Served, served, user } from "./served.js"

const submitted = async (body: unknown = everything) => {
  const sim = await served()
  const { reply } = await post(sim, "run_userobject.php", body, Ukssdc.SubmitResponse)
  if (reply.OK !== 1) throw new Error(reply.ERROR)
  return sim
}

const lightCurve = (sim: Served, extra: object = {}) =>
  post(sim, "tprods/getLCData.php", { UserID: user, JobID: "1", ...extra }, Ukssdc.LightCurveResponse)

const spectrum = (sim: Served) =>
  post(sim, "tprods/getSpecData.php", { UserID: user, JobID: "1" }, Ukssdc.SpectrumResponse)

describe("tprods/getLCData.php", () => {
  it("refuses until the light curve is complete, then gives its datasets as swifttools reads them", async () => {
    const sim = await submitted()
    const early = (await lightCurve(sim)).reply
    expect(early).toMatchObject({ OK: 0, ERROR: expect.stringMatching(/^The light curve is not available/) })
    sim.advance("31 minutes")
    const { reply, text } = await lightCurve(sim)
    if (reply.OK !== 1) throw new Error(reply.ERROR)
    expect(reply.Datasets).toEqual(["WT", "PC", "PCUL"])
    expect(reply).toMatchObject({ Binning: "Counts", TimeFormat: "MET", APIVersion: 0.1 })
    const pc = Ukssdc.tableOf(reply, "PC")!
    expect(pc.columns.slice(0, 6)).toEqual(["Time", "TimePos", "TimeNeg", "Rate", "RatePos", "RateNeg"])
    // A fading source: the rate falls from the first bin to the last, and time runs forward.
    const rates = pc.data.map((row) => row[3] as number)
    expect(rates[0]!).toBeGreaterThan(rates.at(-1)!)
    const times = pc.data.map((row) => row[0] as number)
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    expect(Ukssdc.tableOf(reply, "PCUL")!.columns[3]).toBe("UpperLimit")
    // swifttools' _handleLightCurve needs "<dataset>Data" with columns for every dataset.
    const json = JSON.parse(text)
    for (const dataset of json.Datasets) expect(json[`${dataset}Data`].columns.length).toBeGreaterThan(0)
  })

  it("names the variants asked for with nosys and incbad, and gives the same data for the same seed", async () => {
    const sim = await submitted()
    sim.advance("31 minutes")
    const both = (await lightCurve(sim, { incbad: "both", nosys: "yes" })).reply
    if (both.OK !== 1) throw new Error(both.ERROR)
    expect(both.Datasets).toEqual(["WT_nosys", "PC", "PCUL", "WT_nosys_incbad", "PC_incbad", "PCUL_incbad"])
    expect((await lightCurve(sim)).text).toBe((await lightCurve(sim)).text)
  })

  it("refuses a job without a light curve, and another user's job", async () => {
    const sim = await submitted({ ...everything, lc: 0 })
    sim.advance("31 minutes")
    expect((await lightCurve(sim)).reply).toMatchObject({
      OK: 0,
      ERROR: "This job did not ask for a light curve."
    })
    const other = await post(
      sim,
      "tprods/getLCData.php",
      { UserID: "someone@example.org", JobID: 1 },
      Ukssdc.LightCurveResponse
    )
    expect(other.reply).toMatchObject({ OK: 0, ERROR: expect.stringContaining("is not owned by user") })
  })
})

describe("tprods/getSpecData.php", () => {
  it("gives each interval's spectra and power-law fits once the spectrum is complete", async () => {
    const sim = await submitted()
    expect((await spectrum(sim)).reply.OK).toBe(0)
    sim.advance("31 minutes")
    const { reply } = await spectrum(sim)
    if (reply.OK !== 1) throw new Error(reply.ERROR)
    expect(reply).toMatchObject({ DeltaFitStat: 2.706, rnames: ["interval0", "late_time"] })
    // retrieveSpectralFits reads it unconditionally (prod_request.py).
    expect(reply.GalNH_unfitted).toBeGreaterThan(1e20)
    // As is T0, which a job without Tstart still gets: MET seconds, some 25 years after 2001.
    expect(reply.T0).toBeGreaterThan(7e8)
    const interval0 = Ukssdc.intervalOf(reply, "interval0")!
    expect(interval0.Modes).toEqual(["WT", "PC"])
    const fit = interval0.PC!.PowerLaw!
    expect(fit.Gamma).toBeGreaterThan(1)
    expect(fit.Gamma).toBeLessThan(3)
    expect(fit.NHNeg).toBeLessThan(0)
    expect(fit.Image).toMatch(/\/USERPROD_1\/interval0pc_plot\.gif$/)
    expect(Ukssdc.intervalOf(reply, "late_time")!.Modes).toEqual(["PC"])
  })
})
