import { describe, expect, it } from "@effect/vitest"
import { TooRest as CoreTooRest } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { TooRest } from "../src/index.js"
import { fixture } from "./fixtures.js"
import { replaceAt } from "./mutation.js"

const record = fixture("tooRest/request-observing")

const coreAcceptsTime = (text: string): boolean =>
  Result.isSuccess(Schema.decodeUnknownResult(CoreTooRest.DateTime)(text))

describe("TooRest.TooRequest", () => {
  it("returns the record as sent, times as text", () => {
    expect(TooRest.TooRequest.parse(record)).toEqual(record)
  })

  it("names a time that is not real, and where it is", () => {
    const late = replaceAt(record, ["calendar", "entries", 0, "begin"], "2026-02-29T18:00:00")
    expect(
      TooRest.TooRequest.safeParse(late).error?.issues.map(({ path, message }) => ({ path, message }))
    ).toEqual([
      { path: ["calendar", "entries", 0, "begin"], message: '"2026-02-29T18:00:00" is not a real time' }
    ])
  })
})

describe("TooRest.DateTime", () => {
  const times = [
    "2026-03-01T09:12:44",
    "2026-03-01 09:12:44.123456",
    "2026-03-01",
    "2026-03-01T09:12",
    "2026-03-01T09:12:44Z",
    "2026-03-01T09:12:44+05:30",
    "2026-03-01T09:12:44-0800",
    "2024-02-29T00:00:00",
    "2100-02-29T00:00:00",
    "2026-04-31",
    "2026-03-01T24:00:00",
    "2026-03-01T09:60",
    "0000-01-01T00:00:00",
    "0000-01-01T00:30:00+01:00",
    "9999-12-31T23:59:59.999999",
    "9999-12-31T23:30:00-01:00",
    "2026-03-01T09:12:44.",
    "2026-03-01T09:12:44 UTC",
    "20260301"
  ]

  for (const time of times)
    it(`${JSON.stringify(time)}: the same verdict as the core`, () => {
      expect(TooRest.DateTime.safeParse(time).success).toBe(coreAcceptsTime(time))
    })

  it("keeps a zone the core reads, and refuses an instant beyond the years the core holds", () => {
    expect(TooRest.DateTime.parse("2026-03-01T09:12:44+05:30")).toBe("2026-03-01T09:12:44+05:30")
    expect(TooRest.DateTime.safeParse("0000-01-01T00:30:00+01:00").success).toBe(false)
    expect(TooRest.DateTime.safeParse("9999-12-31T23:30:00-01:00").success).toBe(false)
  })
})

describe("TooRest error replies", () => {
  it("reads FastAPI's detail as a sentence or a list of issues, and a status refusal", () => {
    const issues = { detail: [{ loc: ["body", "ra"], msg: "Input should be less than or equal to 360" }] }
    expect(TooRest.Detail.parse(issues)).toEqual(issues)
    expect(TooRest.Detail.parse({ detail: "Not authenticated" })).toEqual({ detail: "Not authenticated" })
    expect(TooRest.Detail.safeParse({ detail: [{ loc: "ra", msg: "bad" }] }).success).toBe(false)
    const refusal = { status: { status: "Rejected", errors: ["Unknown target."] } }
    expect(TooRest.StatusRefusal.parse(refusal)).toEqual(refusal)
    expect(TooRest.StatusRefusal.safeParse({ status: "Rejected" }).success).toBe(false)
  })
})
