import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Job, Too } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { fixture, fixtureNames } from "./fixtures.js"
import { asJson, expectJsonRoundTrip } from "./roundTrip.js"

const decodeEnvelope = DecodeError.decodeUnknown(Too.Envelope, "Swift TOO reply")
const decodeRequest = DecodeError.decodeUnknown(Too.Request, "TOO request")
const encodeEnvelope = Schema.encodeSync(Too.Envelope)

const envelope = (name: string): Too.Envelope => Result.getOrThrow(decodeEnvelope(fixture("too", name)))
const snapshot = (name: string, request?: Too.Envelope): Job.Snapshot =>
  Too.toSnapshot(envelope(name), { observedAt, ...(request === undefined ? {} : { request }) })
const onlyTask = (snap: Job.Snapshot): Job.Task => {
  expect(snap.tasks).toHaveLength(1)
  return snap.tasks[0]!
}
const failure = <A>(result: Result.Result<A, DecodeError.DecodeError>): DecodeError.DecodeError => {
  if (Result.isSuccess(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.success)}`)
  return result.failure
}
/** A JSON value as it travels: what `JSON.stringify` keeps. */

const iso = (date: Date | null | undefined) => date?.toISOString()
const observedAt = new Date("2021-03-16T12:00:00.000Z")

/** The second JWT of the seed (a Swift_TOO_Status by jobnumber), exactly as the document prints it. */
const seedStatusJwt =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcGlfbmFtZSI6IlN3aWZ0X1RPT19TdGF0dXMiLCJhcGlfdmVyc2lvbiI6IjEuMCIsImFwaV9kYXRhIjp7InVzZXJuYW1lIjoiamFrNTEiLCJzdGF0dXMiOiJVbmtub3duIiwiam9ibnVtYmVyIjozMTMwLCJlcnJvcnMiOltdLCJ3YXJuaW5ncyI6W10sImZldGNocmVzdWx0Ijp0cnVlfX0.QjiC8LDmqVGfe-Jqc2bk9yGfb_HdWH_K7Ynoqgoqo_o"

/** Fixtures of what a client sends: these must encode back to exactly the JSON they came from. */
const clientSent = ["visquery-request", "status-request", "status-from-jwt", "too-request"]

const tooRequest = fixture("too", "too-request") as { readonly api_data: Record<string, unknown> }
/** The valid GRB request fixture with some `api_data` keys replaced (or removed, when `undefined`). */
const requestWith = (patch: Record<string, unknown>): unknown => {
  const data: Record<string, unknown> = { ...tooRequest.api_data, ...patch }
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete data[key]
  return { ...tooRequest, api_data: data }
}

describe("Too", () => {
  describe("wire schemas", () => {
    it("decodes every fixture as the member its api_name names", () => {
      const names = fixtureNames("too")
      expect(names.length).toBe(13)
      for (const name of names) {
        const json = fixture("too", name) as { api_name: string }
        const result = decodeEnvelope(json)
        expect(Result.isSuccess(result) ? result.success.api_name : result.failure.message, name).toBe(
          json.api_name
        )
      }
    })

    it("decodes the seed's visibility reply: windows and status are typed envelopes, times are dates", () => {
      const reply = Result.getOrThrow(
        Schema.decodeUnknownResult(Too.VisQuery)(fixture("too", "visquery-accepted"))
      )
      expect(reply.api_data.ra).toBe(195.69856)
      expect(iso(reply.api_data.begin)).toBe("2021-02-18T00:00:00.000Z")
      const [window] = reply.api_data.windows ?? []
      expect(window?.api_name).toBe("Swift_VisWindow")
      expect(iso(window?.api_data.begin)).toBe("2021-02-21T00:33:00.000Z")
      expect(iso(window?.api_data.end)).toBe("2021-04-07T07:21:00.000Z")
      expect(reply.api_data.status?.api_data).toEqual({
        status: "Accepted",
        too_id: null,
        jobnumber: 1111,
        errors: [],
        warnings: []
      })
    })

    it("decodes a status fetched with its result, the result being the nested Swift_VisQuery", () => {
      // The seed prints this reply with Python's True/False; the fixture has JSON's true/false.
      const reply = envelope("status-fetchresult")
      if (!Too.isStatus(reply)) throw new Error("not a status")
      expect(reply.api_data.fetchresult).toBe(true)
      expect(iso(reply.api_data.completed)).toBe("2021-03-15T22:18:07.000Z")
      const result = reply.api_data.result
      if (result?.api_name !== "Swift_VisQuery") throw new Error(`result is ${result?.api_name}`)
      const visQuery = Result.getOrThrow(Schema.decodeUnknownResult(Too.VisQuery)(encodeEnvelope(result)))
      expect(visQuery.api_data.hires).toBe(false)
      // Fractional seconds are kept to the millisecond.
      expect(iso(visQuery.api_data.begin)).toBe("2021-03-15T22:18:05.963Z")
      expect(visQuery.api_data.windows?.map((window) => iso(window.api_data.end))).toEqual([
        "2021-03-16T22:18:00.000Z"
      ])
    })

    it("reads the seed's status JWT: its payload is the status-from-jwt fixture", () => {
      const [, payload = ""] = seedStatusJwt.split(".")
      const json: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"))
      expect(json).toEqual(fixture("too", "status-from-jwt"))
      const status = Result.getOrThrow(Schema.decodeUnknownResult(Too.Status)(json))
      expect(status.api_data).toMatchObject({ username: "jak51", status: "Unknown", jobnumber: 3130 })
    })

    it("decodes an as-flown timeline with its entries and a name resolution", () => {
      const afst = Result.getOrThrow(Schema.decodeUnknownResult(Too.AFST)(fixture("too", "afst-accepted")))
      expect(afst.api_data.entries?.map((entry) => entry.api_data.targname)).toEqual(["Sgr A*", "Sgr A*"])
      expect(iso(afst.api_data.entries?.[1]?.api_data.settle)).toBe("2021-03-15T14:44:51.000Z")
      expect(afst.api_data.entries?.[0]?.api_data.xrt).toBe(7)
      const resolve = Result.getOrThrow(
        Schema.decodeUnknownResult(Too.Resolve)(fixture("too", "resolve-accepted"))
      )
      expect(resolve.api_data).toMatchObject({ name: "Crab", ra: 83.63308, dec: 22.0145, resolver: "Simbad" })
    })

    for (const name of clientSent) {
      it(`encodes what a client sends back to the same JSON: ${name}`, () => {
        const json = fixture("too", name)
        const decoded = envelope(name)
        const encoded = encodeEnvelope(decoded)
        expect(asJson(encoded)).toEqual(json)
        expect(Result.getOrThrow(decodeEnvelope(asJson(encoded)))).toEqual(decoded)
      })
    }
  })

  describe("visibility queries as swift_too sends them", () => {
    const query = fixture("too", "visquery-request") as { readonly api_data: Record<string, unknown> }
    const queryWith = (patch: Record<string, unknown>): unknown => {
      const data: Record<string, unknown> = { ...query.api_data, ...patch }
      for (const [key, value] of Object.entries(patch)) if (value === undefined) delete data[key]
      return { ...query, api_data: data }
    }
    const decodeQuery = DecodeError.decodeUnknown(Too.VisQuery, "visibility query")

    it("takes a query without begin, which the real server starts at the time it receives it", () => {
      const decoded = Result.getOrThrow(decodeQuery(queryWith({ begin: undefined })))
      expect(decoded.api_data.begin).toBeUndefined()
      expect(asJson(encodeEnvelope(decoded))).not.toHaveProperty("api_data.begin")
    })

    it('takes hires as swift_too sends a tuple, ["True"], and keeps it as sent', () => {
      const decoded = Result.getOrThrow(decodeQuery(queryWith({ hires: ["True"] })))
      expect(decoded.api_data.hires).toEqual(["True"])
      expect(Too.isHires(decoded.api_data.hires)).toBe(true)
      expect(asJson(encodeEnvelope(decoded))).toMatchObject({ api_data: { hires: ["True"] } })
      expect(Too.isHires(false)).toBe(false)
      expect(Too.isHires(undefined)).toBe(false)
    })

    for (const hires of [["False"], ["True", "True"], "True", 1, []]) {
      it(`refuses hires ${JSON.stringify(hires)}, which nothing shows a server taking`, () => {
        expect(failure(decodeQuery(queryWith({ hires }))).message).toMatch(
          /^visibility query: at api_data\.hires/
        )
      })
    }

    it("reads a window's begin and end only: the server sends no length, and none is ever written", () => {
      const window = Result.getOrThrow(
        Schema.decodeUnknownResult(Too.VisWindow)({
          api_name: "Swift_VisWindow",
          api_version: "1.2",
          api_data: { begin: "2021-02-21 00:33:00", end: "2021-04-07 07:21:00", length: 604800 }
        })
      )
      expect(Object.keys(window.api_data)).toEqual(["begin", "end"])
      expect(Object.keys(encodeEnvelope(window).api_data)).toEqual(["begin", "end"])
    })
  })

  describe("unknown api_names", () => {
    it("decode as a generic envelope and encode back unchanged", () => {
      const json = fixture("too", "unknown-clock")
      const decoded = envelope("unknown-clock")
      expect(Schema.is(Too.GenericEnvelope)(decoded)).toBe(true)
      expect(encodeEnvelope(decoded)).toEqual(json)
      const other = {
        api_name: "Swift_SAA",
        api_version: "1.2",
        api_data: { when: ["a", 1, null, { x: true }] }
      }
      expect(encodeEnvelope(Result.getOrThrow(decodeEnvelope(other)))).toEqual(other)
    })

    it("are also accepted as a status's result", () => {
      const reply = {
        api_name: "Swift_TOO_Status",
        api_version: "1.2",
        api_data: { status: "Accepted", jobnumber: 7, result: fixture("too", "unknown-clock") }
      }
      const decoded = Result.getOrThrow(decodeEnvelope(reply))
      expect(encodeEnvelope(decoded)).toEqual(reply)
      expect(Too.toSnapshot(decoded, { observedAt }).label).toBe("Clock correction")
    })

    it("are refused by the generic envelope when the name is a known one", () => {
      const error = failure(
        DecodeError.decodeUnknown(Too.GenericEnvelope, "envelope")(fixture("too", "status-queued"))
      )
      expect(error.message).toBe(
        "envelope: at api_name: Swift_TOO_Status is a known api_name, so its api_data must match the Swift_TOO_Status schema"
      )
    })
  })

  describe("bad input", () => {
    it("that is not an envelope is an error with a sentence", () => {
      expect(failure(decodeEnvelope("<html>busy</html>")).message).toBe(
        'Swift TOO reply: expected a Swift TOO API envelope {api_name, api_version, api_data}, got "<html>busy</html>"'
      )
    })

    it("under a known api_name is an error naming each problem and its path, never a generic envelope", () => {
      const broken = {
        api_name: "Swift_TOO_Status",
        api_version: "1.2",
        api_data: { status: "Done", jobnumber: "1111", errors: [] }
      }
      const error = failure(decodeEnvelope(broken))
      expect(error.problems.map((problem) => problem.path)).toEqual(["api_data.status", "api_data.jobnumber"])
      expect(error.message).toContain('got "Done"')
      expect(error.message).not.toContain("known api_name")
    })

    it("in a nested envelope is reported at its path", () => {
      const reply = fixture("too", "visquery-accepted") as {
        api_data: { windows: Array<{ api_data: object }> }
      }
      reply.api_data.windows[0]!.api_data = { begin: "yesterday", end: "2021-04-07 07:21:00" }
      const error = failure(decodeEnvelope(reply))
      expect(new Set(error.problems.map((problem) => problem.path))).toEqual(
        new Set(["api_data.windows[0].api_data.begin"])
      )
      expect(error.message).toContain('got "yesterday"')
    })

    it("inside a status's result is reported at its path", () => {
      const reply = fixture("too", "status-fetchresult") as { api_data: { result: { api_data: object } } }
      reply.api_data.result.api_data = { ...reply.api_data.result.api_data, ra: "266.4" }
      const error = failure(decodeEnvelope(reply))
      expect(error.problems.map((problem) => problem.path)).toEqual(["api_data.result.api_data.ra"])
    })
  })

  describe("Request rules", () => {
    it("accepts the valid GRB request and a one-visit request without monitoring_freq", () => {
      const grb = Result.getOrThrow(decodeRequest(fixture("too", "too-request")))
      expect(grb.api_data).toMatchObject({
        source_type: "GRB",
        urgency: 2,
        num_of_visits: 3,
        monitoring_freq: "1 day"
      })
      expect(iso(grb.api_data.grb_triggertime)).toBe("2021-03-15T04:05:06.000Z")
      expect(Result.isSuccess(decodeRequest(fixture("too", "too-request-accepted")))).toBe(true)
    })

    const cases: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
      [
        "a GRB without a trigger time",
        { grb_triggertime: undefined },
        "at api_data.grb_triggertime: a GRB needs grb_triggertime and grb_detector, got nothing"
      ],
      [
        "a GRB without a detector",
        { grb_detector: null },
        "at api_data.grb_detector: a GRB needs grb_triggertime and grb_detector, got null"
      ],
      [
        "several visits without monitoring_freq",
        { monitoring_freq: null },
        'at api_data.monitoring_freq: more than one visit needs monitoring_freq, such as "1 day", got null'
      ],
      [
        "a monitoring_freq without a unit",
        { monitoring_freq: "daily" },
        'at api_data.monitoring_freq: monitoring_freq must be a number and a unit, such as "1 day" or "3 orbits"'
      ],
      ["urgency 5", { urgency: 5 }, "at api_data.urgency: urgency must be a whole number from 1 to 4, got 5"],
      [
        "urgency 1.5",
        { urgency: 1.5 },
        "at api_data.urgency: urgency must be a whole number from 1 to 4, got 1.5"
      ],
      [
        "an unknown obs_type",
        { obs_type: "Imaging" },
        "at api_data.obs_type: obs_type must be Spectroscopy, Light Curve, Position or Timing"
      ],
      [
        "an unknown instrument",
        { instrument: "HST" },
        "at api_data.instrument: instrument must be XRT, BAT or UVOT"
      ],
      [
        "an unknown xrt_mode name",
        { xrt_mode: "Bananas" },
        "at api_data.xrt_mode: xrt_mode must be an XRT mode name (Auto, PC, WT, …) or its number (0, 7, 6, …)"
      ],
      [
        "an unknown xrt_mode number",
        { xrt_mode: 96 },
        "at api_data.xrt_mode: xrt_mode must be an XRT mode name (Auto, PC, WT, …) or its number (0, 7, 6, …)"
      ],
      [
        "an xrt_mode name in the wrong case",
        { xrt_mode: "wt" },
        "at api_data.xrt_mode: xrt_mode must be an XRT mode name (Auto, PC, WT, …) or its number (0, 7, 6, …)"
      ],
      [
        "no visits",
        { num_of_visits: 0 },
        "at api_data.num_of_visits: num_of_visits must be a whole number of at least 1, got 0"
      ],
      [
        "a declination past the pole",
        { dec: 91 },
        "at api_data.dec: dec must be in decimal degrees from -90 to 90, got 91"
      ],
      [
        "an empty source name",
        { source_name: "  " },
        "at api_data.source_name: source_name must not be empty"
      ],
      [
        "validate_only as text",
        { validate_only: "yes" },
        'at api_data.validate_only: expected boolean, got "yes"'
      ]
    ]
    for (const [what, patch, message] of cases) {
      it(`refuses ${what} with a sentence`, () => {
        expect(failure(decodeRequest(requestWith(patch))).message).toBe(`TOO request: ${message}`)
      })
    }

    it("takes xrt_mode by name, as swift_too sends it, or by number: swift_too's whole table", () => {
      // swift_too sends XRTMODES[self._xrt]: "WT" in its TOO notebook, which the real server accepted.
      for (const [number, name] of Object.entries(Too.xrtModes)) {
        for (const mode of [Number(number), name]) {
          const decoded = Result.getOrThrow(decodeRequest(requestWith({ xrt_mode: mode })))
          expect(decoded.api_data.xrt_mode).toBe(mode)
          expect(asJson(encodeEnvelope(decoded))).toMatchObject({ api_data: { xrt_mode: mode } })
        }
      }
      expect(Object.keys(Too.xrtModes)).toHaveLength(13)
    })

    it("names every missing required field", () => {
      const required = [
        "ra",
        "dec",
        "num_of_visits",
        "exp_time_just",
        "source_type",
        "source_name",
        "science_just",
        "username",
        "obs_type"
      ]
      for (const key of required) {
        expect(failure(decodeRequest(requestWith({ [key]: undefined }))).message).toBe(
          `TOO request: at api_data.${key}: missing`
        )
      }
    })

    it("reports the same sentences when the request is decoded as any envelope", () => {
      expect(failure(decodeEnvelope(requestWith({ urgency: 0 }))).message).toBe(
        "Swift TOO reply: at api_data.urgency: urgency must be a whole number from 1 to 4, got 0"
      )
    })
  })

  describe("jobs", () => {
    it("maps each status word to its phase", () => {
      expect(Too.StatusValue.literals.map(Too.phaseOf)).toEqual([
        "pending",
        "queued",
        "running",
        "succeeded",
        "failed"
      ])
    })

    it("finds the status of a bare status, an echoed object and an unknown envelope", () => {
      expect(Too.statusOf(envelope("status-queued"))?.api_data.status).toBe("Queued")
      expect(Too.statusOf(envelope("visquery-accepted"))?.api_data.jobnumber).toBe(1111)
      expect(Too.statusOf(envelope("unknown-clock"))?.api_data.jobnumber).toBe(1220)
      expect(Too.statusOf(envelope("visquery-request"))).toBeUndefined()
    })

    it("snapshots a queued job", () => {
      const snap = snapshot("status-queued")
      expect(snap).toMatchObject({ source: "too", jobId: "1187", label: "Swift TOO API job", observedAt })
      expect(onlyTask(snap)).toEqual({
        id: "request",
        label: "Swift TOO API job",
        phase: "queued",
        code: "Queued",
        text: "Queued"
      })
    })

    it("names a bare status after the request that was sent", () => {
      const snap = snapshot("status-processing", envelope("visquery-request"))
      expect(snap.label).toBe("Visibility query")
      const task = onlyTask(snap)
      expect(task).toMatchObject({ label: "Visibility query", phase: "running", code: "Processing" })
      expect(iso(task.startedAt)).toBe("2021-03-15T22:18:09.000Z")
      expect("finishedAt" in task).toBe(false)
    })

    it("snapshots a rejected job with its errors and warnings", () => {
      const task = onlyTask(snapshot("status-rejected"))
      expect(task.phase).toBe("failed")
      expect(task.message).toBe(
        "Username/shared secret combination not found. Source position is within 46 degrees of the Sun."
      )
      expect(task.warnings).toEqual(["No proposal_id given."])
      expect(iso(task.finishedAt)).toBe("2021-03-16T09:02:13.000Z")
    })

    it("keeps the server's sentences apart, and separates bare phrases with semicolons", () => {
      const rejected = fixture("too", "status-rejected") as { api_data: Record<string, unknown> }
      const withErrors = (errors: ReadonlyArray<string>) =>
        onlyTask(
          Too.toSnapshot(
            Result.getOrThrow(decodeEnvelope({ ...rejected, api_data: { ...rejected.api_data, errors } })),
            {
              observedAt: new Date(0)
            }
          )
        ).message
      expect(withErrors(["ra out of range", "dec out of range"])).toBe("ra out of range; dec out of range")
      expect(withErrors(["Bad ra.", "bad dec"])).toBe("Bad ra. bad dec")
      expect(withErrors(["Only one."])).toBe("Only one.")
    })

    it("snapshots accepted replies under the request's name", () => {
      const expected: ReadonlyArray<readonly [string, string, string]> = [
        ["visquery-accepted", "1111", "Visibility query"],
        ["status-fetchresult", "1111", "Visibility query"],
        ["afst-accepted", "1201", "As-flown timeline query"],
        ["resolve-accepted", "1205", "Name resolution"],
        ["too-request-accepted", "1210", "TOO request"],
        ["unknown-clock", "1220", "Clock correction"]
      ]
      for (const [name, jobId, label] of expected) {
        const snap = snapshot(name)
        expect([snap.jobId, snap.label, onlyTask(snap).label, onlyTask(snap).phase], name).toEqual([
          jobId,
          label,
          label,
          "succeeded"
        ])
        expect(Job.isTerminal(snap)).toBe(true)
      }
      expect(onlyTask(snapshot("too-request-accepted")).warnings).toEqual([
        "Target is close to the Moon in 5 days."
      ])
    })

    it("snapshots a request not sent yet as pending with no job number", () => {
      const snap = snapshot("too-request")
      expect([snap.jobId, onlyTask(snap).phase, onlyTask(snap).code]).toEqual([
        "unsent",
        "pending",
        "Unknown"
      ])
      expect(snapshot("status-from-jwt").jobId).toBe("3130")
    })

    it("gives snapshots that encode as plain JSON and diff along the TOO lifecycle", () => {
      const polls = [snapshot("status-queued"), snapshot("status-processing"), snapshot("status-rejected")]
      for (const snap of polls) expect(() => Schema.encodeSync(Job.SnapshotJson)(snap)).not.toThrow()
      const events = [
        Job.diff(polls[0]!, polls[1]!, Too.source),
        Job.diff(polls[1]!, polls[2]!, Too.source)
      ].flat()
      expect(events.map((event) => event._tag === "PhaseChanged" && `${event.from}→${event.to}`)).toEqual([
        "queued→running",
        "running→failed"
      ])
    })
  })

  describe("outputs", () => {
    const outputsOf = (name: string, request?: Too.Envelope) => onlyTask(snapshot(name, request)).outputs

    it("gives a visibility query its windows, as dates", () => {
      expect(outputsOf("visquery-accepted")).toEqual([
        {
          id: "windows",
          label: "Visibility windows",
          value: {
            _tag: "Windows",
            windows: [
              { begin: new Date("2021-02-21T00:33:00.000Z"), end: new Date("2021-04-07T07:21:00.000Z") }
            ]
          }
        }
      ])
      // A status that fetched the result carries the result's windows.
      expect(outputsOf("status-fetchresult")).toMatchObject([
        { id: "windows", value: { windows: [{ begin: new Date("2021-03-15T22:18:00.000Z") }] } }
      ])
    })

    it("gives a resolved name its position", () => {
      expect(outputsOf("resolve-accepted")).toEqual([
        { id: "position", label: "Position", value: { _tag: "Position", ra: 83.63308, dec: 22.0145 } }
      ])
    })

    it("gives an accepted TOO request its TOO id and target id, from the request echoed", () => {
      expect(outputsOf("too-request-accepted")).toEqual([
        { id: "too_id", label: "TOO id", value: { _tag: "Identifier", value: "15872" } },
        { id: "target_id", label: "Target id", value: { _tag: "Identifier", value: "14310" } }
      ])
    })

    it("gives a bare status its TOO id, named after the request that was sent", () => {
      const accepted = fixture("too", "status-fetchresult") as { api_data: Record<string, unknown> }
      const { result: _result, fetchresult: _fetch, ...data } = accepted.api_data
      const bare = Result.getOrThrow(decodeEnvelope({ ...accepted, api_data: { ...data, too_id: 15872 } }))
      const tooId = { id: "too_id", label: "TOO id", value: { _tag: "Identifier", value: "15872" } }
      const sent = Too.toSnapshot(bare, { observedAt, request: envelope("too-request") })
      expect([sent.label, onlyTask(sent).outputs]).toEqual(["TOO request", [tooId]])
      expect(onlyTask(Too.toSnapshot(bare, { observedAt })).outputs).toEqual([tooId])
    })

    it("gives nothing while a job has produced nothing", () => {
      for (const name of [
        "status-queued",
        "status-rejected",
        "too-request",
        "afst-accepted",
        "visquery-request"
      ])
        expect(outputsOf(name), name).toBeUndefined()
    })

    it("reports what a job produced once, when it is accepted", () => {
      const request = envelope("visquery-request")
      const processing = snapshot("status-processing", request)
      const accepted = snapshot("visquery-accepted")
      const events = Job.diff(processing, accepted, Too.source)
      expect(events.map((event) => event._tag)).toEqual(["PhaseChanged", "OutputAdded"])
      expect(Job.diff(accepted, snapshot("visquery-accepted"), Too.source)).toEqual([])
    })

    it("takes a label it is given over the kind of request", () => {
      const snap = Too.toSnapshot(envelope("visquery-accepted"), { observedAt, label: "Sgr A* visibility" })
      expect([snap.label, onlyTask(snap).label]).toEqual(["Sgr A* visibility", "Visibility query"])
    })
  })

  describe("properties", () => {
    it.prop(
      "any Status encodes to JSON and decodes back to the same",
      [Too.Status],
      ([status]) => expectJsonRoundTrip(Too.Status, status),
      { arbitrary: { runs: 200 } }
    )

    it.prop(
      "any VisQuery encodes to JSON and decodes back to the same",
      [Too.VisQuery],
      ([visQuery]) => expectJsonRoundTrip(Too.VisQuery, visQuery),
      { arbitrary: { runs: 200 } }
    )

    const EnvelopeShaped = Schema.Struct({
      api_name: Schema.Union([Schema.Literals(Too.knownApiNames), Schema.String]),
      api_version: Schema.String,
      api_data: Schema.JsonObject
    })

    it.prop(
      "any JSON decodes to an envelope or a DecodeError, never a throw",
      [Schema.Json, EnvelopeShaped],
      ([json, shaped]) => {
        for (const input of [json, shaped]) {
          const result = decodeEnvelope(input)
          if (Result.isFailure(result)) expect(result.failure.message).toMatch(/^Swift TOO reply: ./)
        }
      },
      { arbitrary: { runs: 200 } }
    )
  })
})
