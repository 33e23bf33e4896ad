import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Job, Lifecycle, Progress, TooRest } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/tooRest/${name}.json`, import.meta.url), "utf8")

const decode = <S extends Schema.Decoder<unknown>>(schema: S, text: string): S["Type"] =>
  Result.getOrThrow(DecodeError.decodeJson(schema, "reply")(text))

const observing = () => decode(TooRest.TooRequest, fixture("request-observing"))

const findings = (request: TooRest.TooRequest, more: Partial<TooRest.Findings> = {}): TooRest.Findings => ({
  request,
  observations: [],
  data: {},
  ...more
})

const observation = (obs_id: string): TooRest.Observation => ({ obs_id, target_id: 3200003 })

const archive = (obs_id: string): TooRest.Data => ({
  obs_id,
  entries: [
    {
      filename: `sw${obs_id}sat.fits.gz`,
      path: `${obs_id}/auxil`,
      url: `https://heasarc.gsfc.nasa.gov/FTP/swift/data/obs/2026_03/${obs_id}/auxil/sw${obs_id}sat.fits.gz`,
      type: "Attitude file"
    }
  ]
})

describe("TooRest wire schemas", () => {
  it("decode the replies the official client's tests keep: 201 Accepted, a bare Validated, a 400 status object", () => {
    expect(
      decode(
        TooRest.SubmitReply,
        '{"status":"Accepted","too_id":22682,"jobnumber":23472401,"errors":[],"warnings":[]}'
      )
    ).toEqual({ status: "Accepted", too_id: 22682, jobnumber: 23472401, errors: [], warnings: [] })
    expect(decode(TooRest.SubmitReply, '{"status":"Validated"}')).toEqual({ status: "Validated" })
    const refusal = decode(
      TooRest.StatusRefusal,
      '{"status":{"username":"anonymous","status":"Rejected","errors":["The following UVOT filters are not allowed due to a bright star: u, b, v, uvw1, uvw2, uvm2."],"warnings":[]}}'
    )
    expect(refusal.status.errors).toHaveLength(1)
  })

  it("read FastAPI's detail as the client prints it: the field, then the message", () => {
    const list = decode(
      TooRest.Detail,
      '{"detail":[{"loc":["body","field"],"msg":"bad","type":"value_error"}]}'
    )
    expect(TooRest.detailMessages(list.detail)).toEqual(["field: bad"])
    expect(TooRest.detailMessages(decode(TooRest.Detail, '{"detail":"simple"}').detail)).toEqual(["simple"])
    const bad = DecodeError.decodeJson(TooRest.Detail, "reply")('{"detail":[{"loc":"body"}]}')
    expect(Result.isFailure(bad)).toBe(true)
  })

  it("read times as ISO 8601, with a T or a space, UTC unless they say otherwise, and write them naive", () => {
    const times = Schema.decodeUnknownSync(Schema.Array(TooRest.DateTime))([
      "2026-03-15T12:00:00",
      "2026-03-15 12:00:00.250",
      "2026-03-15T14:00:00+02:00",
      "2026-03-15T12:00:00Z",
      "2026-03-15"
    ])
    expect(times.map((time) => time.toISOString())).toEqual([
      "2026-03-15T12:00:00.000Z",
      "2026-03-15T12:00:00.250Z",
      "2026-03-15T12:00:00.000Z",
      "2026-03-15T12:00:00.000Z",
      "2026-03-15T00:00:00.000Z"
    ])
    expect(Schema.encodeSync(TooRest.DateTime)(times[1]!)).toBe("2026-03-15T12:00:00.250")
    for (const wrong of ["2026-13-01T00:00:00", "2026-02-31", "yesterday", "2026-03-15T25:00:00"])
      expect(Result.isFailure(Schema.decodeUnknownResult(TooRest.DateTime)(wrong)), wrong).toBe(true)
  })

  it("round-trip a record through its JSON", () => {
    const record = observing()
    expect(record.calendar?.entries.map((visit) => visit.asflown)).toEqual([600, 0])
    const again = decode(TooRest.TooRequest, JSON.stringify(Schema.encodeSync(TooRest.TooRequest)(record)))
    expect(again).toEqual(record)
  })
})

describe("TooRest stages", () => {
  it("reads each stage off the record, the observations and the archive", () => {
    const record = observing()
    const stage = (request: TooRest.TooRequest, more?: Partial<TooRest.Findings>) =>
      TooRest.stageOf(findings(request, more))
    expect(stage({ ...record, decision: null })).toBe("Submitted")
    expect(stage({ ...record, calendar: { entries: [] } })).toBe("Approved")
    const planned = record.calendar!.entries.map((visit) => ({ ...visit, asflown: 0 }))
    expect(stage({ ...record, calendar: { entries: planned } })).toBe("Scheduled")
    expect(stage(record)).toBe("Observing")
    const done = { ...record, done: 1 }
    const observations = [observation("03200003001"), observation("03200003002")]
    expect(stage(done, { observations })).toBe("Observed")
    expect(stage(done, { observations, data: { "03200003001": archive("03200003001") } })).toBe("Observed")
    const all = { "03200003001": archive("03200003001"), "03200003002": archive("03200003002") }
    expect(stage(done, { observations, data: all })).toBe("Data available")
    expect(stage({ ...record, decision: "Rejected" })).toBe("Rejected")
    expect(stage({ ...record, decision: "Withdrawn by PI" })).toBe("Withdrawn")
    expect(stage({ ...done, calendar: { entries: planned } })).toBe("Not observed")
  })

  it("keeps a lifecycle in which a request never goes back, nor out of its end", () => {
    const { lifecycle } = TooRest
    expect(Lifecycle.judge(lifecycle, "queued", "running")).toBe("advanced")
    expect(Lifecycle.judge(lifecycle, "running", "waiting")).toBe("regressed")
    expect(Lifecycle.judge(lifecycle, "succeeded", "running")).toBe("regressed")
    expect(Lifecycle.judge(lifecycle, "waiting", "cancelled")).toBe("advanced")
    expect(TooRest.stages.map(TooRest.phaseOf)).toEqual([
      "queued",
      "waiting",
      "waiting",
      "running",
      "running",
      "succeeded",
      "failed",
      "cancelled",
      "failed"
    ])
  })
})

describe("TooRest.toSnapshot", () => {
  const observedAt = new Date("2026-03-01T20:00:00Z")

  it("makes each visit a step, its counter the seconds flown of those planned, and expects the calendar's end", () => {
    const snapshot = TooRest.toSnapshot(findings(observing()), { observedAt })
    expect(snapshot).toMatchObject({
      source: "too-request",
      jobId: "22682",
      label: "TOO request for MAXI J1820+070"
    })
    const task = Job.task(snapshot, "request")!
    expect(task).toMatchObject({ phase: "running", code: "Observing", text: "Observing" })
    expect(task.expectedEnd?.toISOString()).toBe("2026-03-02T19:36:00.000Z")
    const [decision, calendar, visits, data] = task.steps!
    expect([decision!.state, calendar!.state, visits!.state, data!.state]).toEqual([
      "done",
      "done",
      "active",
      "pending"
    ])
    expect(visits!.children.map((visit) => [visit.label, visit.state, visit.counter])).toEqual([
      ["Visit 1", "active", { current: 600, total: 1500 }],
      ["Visit 2", "pending", { current: 0, total: 1500 }]
    ])
    expect(visits!.children[0]!.extra).toBe("600 s of 1,500 s observed")
    expect(Progress.fraction(visits!.children)).toBeCloseTo(599 / 1500 / 2, 5)
    expect(task.outputs?.map((output) => output.id)).toEqual(["too_id", "target_id"])
  })

  it("marks a visit cut short, and once archived links each observation's data directory", () => {
    const record = observing()
    const entries = [
      { ...record.calendar!.entries[0]!, asflown: 800 },
      { ...record.calendar!.entries[1]!, asflown: 1500 }
    ]
    const done = { ...record, done: 1, calendar: { entries } }
    const ids = ["03200003001", "03200003002"]
    const snapshot = TooRest.toSnapshot(
      findings(done, {
        observations: ids.map(observation),
        data: { [ids[0]!]: archive(ids[0]!), [ids[1]!]: archive(ids[1]!) }
      }),
      { observedAt }
    )
    const task = Job.task(snapshot, "request")!
    expect(task.phase).toBe("succeeded")
    expect(task.expectedEnd).toBeUndefined()
    expect(task.steps![2]!.children[0]!.extra).toBe("800 s of 1,500 s observed, cut short")
    expect(
      task.outputs?.filter((output) => output.id.startsWith("data:")).map((output) => output.url)
    ).toEqual(ids.map((id) => `https://heasarc.gsfc.nasa.gov/FTP/swift/data/obs/2026_03/${id}/`))
  })

  it("diffs two looks into the events of the life between them, each once", () => {
    const record = observing()
    const before = TooRest.toSnapshot(
      findings({ ...record, decision: null, calendar: { entries: [] }, target_id: null }),
      {
        observedAt
      }
    )
    const after = TooRest.toSnapshot(findings(record), {
      observedAt: new Date(observedAt.getTime() + 3_600_000)
    })
    const events = Job.diff(before, after, TooRest.source)
    expect(events.filter((event) => event._tag === "PhaseChanged")).toEqual([
      {
        _tag: "PhaseChanged",
        taskId: "request",
        from: "queued",
        to: "running",
        code: "Observing",
        text: "Observing"
      }
    ])
    expect(events.filter((event) => event._tag === "OutputAdded").map((event) => event.output.id)).toEqual([
      "target_id"
    ])
    expect(Job.diff(after, after, TooRest.source)).toEqual([])
  })
})
