import { describe, expect, it } from "@effect/vitest"
import { Too as CoreToo } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { Too } from "../src/index.js"
import { fixture } from "./fixtures.js"
import { removeAt, replaceAt } from "./mutation.js"

type Issues = ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>

const issuesOf = (result: { error?: { issues: Issues } }) =>
  (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join("."), message: issue.message }))

const request = fixture("too/too-request")

describe("Too.Envelope", () => {
  it("knows the api_names the core knows", () => {
    expect([...Too.knownApiNames].sort()).toEqual([...CoreToo.knownApiNames].sort())
  })

  it("checks a known api_name against its own schema and keeps times as text", () => {
    expect(Too.Envelope.parse(fixture("too/status-fetchresult"))).toEqual(fixture("too/status-fetchresult"))
    const reply = Too.Status.parse(fixture("too/status-fetchresult"))
    expect(reply.api_data.completed).toBe("2021-03-15 22:18:07")
    expect(reply.api_data.result?.api_name).toBe("Swift_VisQuery")
  })

  it("reads an unknown api_name as a generic envelope, its data as sent", () => {
    const reply = Too.Envelope.parse(fixture("too/unknown-clock"))
    expect(Too.GenericEnvelope.safeParse(reply).success).toBe(true)
    expect(reply).toEqual(fixture("too/unknown-clock"))
  })

  it("reports a broken known envelope's own problems, never falling back to the generic envelope", () => {
    // Problems zod reports as they are come through as they are…
    const late = replaceAt(
      fixture("too/visquery-accepted"),
      ["api_data", "windows", 0, "api_data", "begin"],
      "soon"
    )
    expect(issuesOf(Too.Envelope.safeParse(late))).toEqual([
      {
        path: "api_data.windows.0.api_data.begin",
        message: 'Invalid input: expected a UTC time "YYYY-MM-DD HH:MM:SS"'
      }
    ])
    // …and one it reports as a failed union gets a message naming the first problem and where it is.
    const wrongType = replaceAt(fixture("too/visquery-accepted"), ["api_data", "ra"], "north")
    expect(issuesOf(Too.Envelope.safeParse(wrongType))).toEqual([
      {
        path: "",
        message:
          "Invalid Swift_VisQuery envelope: at api_data.ra: Invalid input: expected number, received string"
      }
    ])
    expect(issuesOf(Too.GenericEnvelope.safeParse(fixture("too/status-queued")))).toEqual([
      {
        path: "api_name",
        message:
          "Swift_TOO_Status is a known api_name, so its api_data must match the Swift_TOO_Status schema"
      }
    ])
  })

  it("refuses a time that is not on the calendar, and one a job's result chain nests too deeply", () => {
    const status = replaceAt(fixture("too/status-queued"), ["api_data", "timestamp"], "2021-02-29 00:00:00")
    expect(issuesOf(Too.Status.safeParse(status))).toEqual([
      { path: "api_data.timestamp", message: '"2021-02-29 00:00:00" is not a real date and time' }
    ])
    expect(
      Too.Status.safeParse(replaceAt(status, ["api_data", "timestamp"], "2020-02-29 23:59:59.5")).success
    ).toBe(true)
  })
})

describe("Too.Request", () => {
  it("accepts the seed's GRB request as it is", () => {
    expect(Too.Request.parse(request)).toEqual(request)
  })

  it("says which field to fill in, in the core's words", () => {
    expect(issuesOf(Too.Request.safeParse(removeAt(request, ["api_data", "grb_triggertime"])))).toEqual([
      { path: "api_data.grb_triggertime", message: "a GRB needs grb_triggertime and grb_detector" }
    ])
    expect(issuesOf(Too.Request.safeParse(replaceAt(request, ["api_data", "grb_detector"], " ")))).toEqual([
      { path: "api_data.grb_detector", message: "a GRB needs grb_triggertime and grb_detector" }
    ])
    expect(issuesOf(Too.Request.safeParse(removeAt(request, ["api_data", "monitoring_freq"])))).toEqual([
      {
        path: "api_data.monitoring_freq",
        message: 'more than one visit needs monitoring_freq, such as "1 day"'
      }
    ])
    expect(issuesOf(Too.Request.safeParse(replaceAt(request, ["api_data", "urgency"], 5)))).toEqual([
      { path: "api_data.urgency", message: "urgency must be a whole number from 1 to 4, got 5" }
    ])
    expect(issuesOf(Too.Request.safeParse(replaceAt(request, ["api_data", "obs_type"], "Imaging")))).toEqual([
      { path: "api_data.obs_type", message: "obs_type must be Spectroscopy, Light Curve, Position or Timing" }
    ])
    expect(issuesOf(Too.Request.safeParse(replaceAt(request, ["api_data", "source_name"], "  ")))).toEqual([
      { path: "api_data.source_name", message: "source_name must not be empty" }
    ])
    expect(
      issuesOf(Too.Request.safeParse(replaceAt(request, ["api_data", "monitoring_freq"], "daily")))
    ).toEqual([
      {
        path: "api_data.monitoring_freq",
        message: 'monitoring_freq must be a number and a unit, such as "1 day" or "3 orbits"'
      }
    ])
  })

  it("needs no GRB fields for another kind of source, and no monitoring_freq for one visit", () => {
    const agn = removeAt(
      removeAt(replaceAt(request, ["api_data", "source_type"], "AGN"), ["api_data", "grb_triggertime"]),
      ["api_data", "grb_detector"]
    )
    expect(Too.Request.safeParse(agn).success).toBe(true)
    const once = removeAt(replaceAt(request, ["api_data", "num_of_visits"], 1), [
      "api_data",
      "monitoring_freq"
    ])
    expect(Too.Request.safeParse(once).success).toBe(true)
  })
})

describe("UTC times", () => {
  const Clock = Schema.Struct({
    year: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 9999 })),
    month: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 13 })),
    day: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 32 })),
    hour: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 25 })),
    minute: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 61 })),
    second: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 61 }))
  })
  const two = (n: number) => String(n).padStart(2, "0")

  it.prop(
    "are real or not for both alike, on any clock reading the pattern admits",
    [Clock],
    ([{ year, month, day, hour, minute, second }]) => {
      const text = `${String(year).padStart(4, "0")}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}:${two(second)}`
      const status = { api_name: "Swift_TOO_Status", api_version: "1.2", api_data: { timestamp: text } }
      expect(Too.Status.safeParse(status).success, text).toBe(
        Result.isSuccess(Schema.decodeUnknownResult(CoreToo.Status)(status))
      )
    },
    { arbitrary: { runs: 2000 } }
  )

  it("leap days: 29 February in leap years only, year 0 and 2000 included, 1900 not", () => {
    const accepts = (text: string) =>
      Too.Status.safeParse({
        api_name: "Swift_TOO_Status",
        api_version: "1.2",
        api_data: { timestamp: text }
      }).success
    expect(["0000-02-29 00:00:00", "2000-02-29 12:00:00", "2024-02-29 23:59:59"].map(accepts)).toEqual([
      true,
      true,
      true
    ])
    expect(["1900-02-29 00:00:00", "2023-02-29 00:00:00", "2024-04-31 00:00:00"].map(accepts)).toEqual([
      false,
      false,
      false
    ])
  })
})
