import { describe, expect, it } from "@effect/vitest"
import { Ukssdc } from "../../src/index.js"
import { fixture } from "../fixtures.js"
import { replaceAt } from "../mutation.js"

const issuesOf = (result: {
  error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }
}) => (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join("."), message: issue.message }))

describe("Ukssdc.StatusResponse", () => {
  it("returns the reply as sent: products beside OK, codes and times as written, in the order sent", () => {
    const reply = Ukssdc.StatusResponse.parse(fixture("ukssdc/status-full"))
    if (reply.OK !== 1) throw new Error("not OK")
    expect(reply).toEqual(fixture("ukssdc/status-full"))
    const products = Ukssdc.productsOf(reply)
    const sent = Object.keys(fixture("ukssdc/status-full") as object).filter((key) => /^[a-z]/.test(key))
    expect(Object.keys(products)).toEqual(sent)
    expect(products.spec?.progress?.TimeRunning).toBe(
      (fixture("ukssdc/status-full") as { spec: { progress: { TimeRunning: string } } }).spec.progress
        .TimeRunning
    )
  })

  it("keeps a numeric-string status code as text, and drops keys that are neither the reply's nor products", () => {
    const reply = Ukssdc.StatusResponse.parse(fixture("ukssdc/status-extras"))
    if (reply.OK !== 1) throw new Error("not OK")
    expect(Ukssdc.productsOf(reply).sourceDet?.statusCode).toBe("3")
    // The reply's own keys come first, then the products in the order sent.
    expect(Object.keys(reply)).toEqual([
      "OK",
      "JobID",
      "APIVersion",
      "deprecationWarning",
      "sourceDet",
      "xastrom",
      "lc"
    ])
    expect(Object.keys(Ukssdc.productsOf(reply))).toEqual(["sourceDet", "xastrom", "lc"])
    expect(reply.deprecationWarning).toEqual({ type: "notice", message: "APIVersion 0.1 will be retired." })
  })

  it("strips keys a product does not know, as the core does", () => {
    const reply = Ukssdc.StatusResponse.parse(
      replaceAt(fixture("ukssdc/status-basic"), ["lc", "colour"], "red")
    )
    expect(reply).toEqual(fixture("ukssdc/status-basic"))
  })

  it("says where a product is wrong, in the core's words", () => {
    const full = fixture("ukssdc/status-full")
    expect(issuesOf(Ukssdc.StatusResponse.safeParse(replaceAt(full, ["lc", "statusCode"], 7)))).toEqual([
      {
        path: "lc.statusCode",
        message: "Invalid input: expected a UKSSDC status code (-4 … -1, 1 … 5, or null)"
      }
    ])
    expect(issuesOf(Ukssdc.StatusResponse.safeParse(replaceAt(full, ["lc", "statusCode"], "9")))).toEqual([
      {
        path: "lc.statusCode",
        message: "Invalid input: expected a UKSSDC status code (-4 … -1, 1 … 5, or null)"
      }
    ])
    expect(
      issuesOf(
        Ukssdc.StatusResponse.safeParse(
          replaceAt(full, ["spec", "progress", "ProgressSteps", 1, "StepStatus"], "done")
        )
      )
    ).toEqual([
      {
        path: "spec.progress.ProgressSteps.1.StepStatus",
        message: "Invalid input: expected a step status: 0 not reached, 1 active, 2 done"
      }
    ])
    expect(
      issuesOf(
        Ukssdc.StatusResponse.safeParse(replaceAt(full, ["spec", "progress", "TimeRunning"], "00:61:00"))
      )
    ).toEqual([
      { path: "spec.progress.TimeRunning", message: 'Invalid input: expected a duration "HH:MM:SS"' }
    ])
  })

  it("reads a refusal", () => {
    expect(Ukssdc.StatusResponse.parse(fixture("ukssdc/status-not-owner"))).toEqual({
      OK: 0,
      ERROR: "Job 147 is not owned by user someone@example.org"
    })
  })
})

describe("Ukssdc.StatusRequest", () => {
  it("accepts the seed's requests as they are", () => {
    expect(Ukssdc.StatusRequest.parse(fixture("ukssdc/status-complex-request"))).toEqual(
      fixture("ukssdc/status-complex-request")
    )
  })

  it("refuses progress asked for a product that what does not name, at whatProg", () => {
    const request = { UserID: "me@example.org", JobID: 1, what: "lc, spec", whatProg: "spec,psf" }
    expect(issuesOf(Ukssdc.StatusRequest.safeParse(request))).toEqual([
      { path: "whatProg", message: "whatProg asks for the progress of psf, which what does not ask about" }
    ])
    expect(Ukssdc.parseProductList(request.what)).toEqual(["lc", "spec"])
  })

  it("refuses a product list with an empty or odd item", () => {
    for (const what of ["", "lc,", "lc,,spec", "1lc", "lc;spec"])
      expect(issuesOf(Ukssdc.StatusRequest.safeParse({ UserID: "u", JobID: 1, what })), what).toEqual([
        { path: "what", message: "Invalid input: expected product keys separated by commas, such as lc,spec" }
      ])
  })
})
