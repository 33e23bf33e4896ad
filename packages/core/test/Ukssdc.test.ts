import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Job, Progress, Ukssdc } from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { fixture, fixtureNames, fixtureText } from "./fixtures.js"
import { asJson, expectJsonRoundTrip } from "./roundTrip.js"

const decodeStatus = DecodeError.decodeUnknown(Ukssdc.StatusResponse, "UKSSDC status reply")
const statusOk = (name: string): Ukssdc.StatusOk => {
  const reply = Result.getOrThrow(decodeStatus(fixture("ukssdc", name)))
  if (reply.OK !== 1) throw new Error(`${name} is not a successful reply`)
  return reply
}
const observedAt = new Date("2026-11-22T10:00:00Z")
const failure = <A>(result: Result.Result<A, DecodeError.DecodeError>): DecodeError.DecodeError => {
  if (Result.isSuccess(result)) throw new Error("expected a decode failure")
  return result.failure
}

/** Which schema reads which fixture. */
const schemaOf: Record<string, Schema.Top> = {
  "status-basic-request": Ukssdc.StatusRequest,
  "status-complex-request": Ukssdc.StatusRequest,
  "status-full-request": Ukssdc.StatusRequest,
  "status-basic": Ukssdc.StatusResponse,
  "status-complex": Ukssdc.StatusResponse,
  "status-full": Ukssdc.StatusResponse,
  "status-nonexistent-products": Ukssdc.StatusResponse,
  "status-extras": Ukssdc.StatusResponse,
  "status-not-owner": Ukssdc.StatusResponse,
  "submit-accepted": Ukssdc.SubmitResponse,
  "submit-rejected": Ukssdc.SubmitResponse,
  "cancel-request": Ukssdc.CancelRequest,
  "cancel-reply": Ukssdc.CancelResponse,
  "cancel-some": Ukssdc.CancelResponse,
  "cancel-not-owner": Ukssdc.CancelResponse,
  "num-jobs": Ukssdc.NumJobsResponse,
  "list-old-jobs": Ukssdc.ListOldJobsResponse,
  "old-product": Ukssdc.OldProductResponse,
  "position-found": Ukssdc.PositionResponse,
  "position-none": Ukssdc.PositionResponse,
  "lc-data": Ukssdc.LightCurveResponse,
  "spec-data": Ukssdc.SpectrumResponse,
  "source-det": Ukssdc.SourceDetResponse
}

describe("source-detection results", () => {
  const decode = Schema.decodeUnknownResult(Ukssdc.SourceDetResponse)

  it("reads the sources per band, their properties as the text the server sends (RetrieveProducts.md's source)", () => {
    const data = Result.getOrThrow(decode(fixture("ukssdc", "source-det")))
    if ("OK" in data) throw new Error("expected sources")
    expect(Ukssdc.bandsOf(data).map(({ band, sources }) => [band, sources.length])).toEqual([
      ["Total", 1],
      ["Soft", 0],
      ["Medium", 0],
      ["Hard", 0]
    ])
    const source = data.Total[0]!
    expect(Ukssdc.sourceNumber(source, "ra")).toBe(32.1512120191)
    expect(Ukssdc.sourceNumber(source, "C")).toBe(1236)
    expect(Ukssdc.sourceNumber(source, "missing")).toBeUndefined()
  })

  it("puts a complete source detection's bands and Total sources on its task: counts, then positions with errors", () => {
    const sourceDetection = Result.getOrThrow(decode(fixture("ukssdc", "source-det")))
    if ("OK" in sourceDetection) throw new Error("expected sources")
    const complete = { statusCode: 4 as const, statusText: "Complete" }
    const running = { statusCode: 3 as const, statusText: "Running" }
    const reply = (status: typeof complete | typeof running) =>
      ({ OK: 1, JobID: 7, APIVersion: 1.12, products: { sourceDet: status, lc: complete } }) as const
    const snapshot = Ukssdc.toSnapshot(reply(complete), { observedAt, sourceDetection })
    expect(Job.task(snapshot, "sourceDet")?.outputs).toEqual([
      { id: "band:Total", label: "Total band: 1 source" },
      { id: "band:Soft", label: "Soft band: 0 sources" },
      { id: "band:Medium", label: "Medium band: 0 sources" },
      { id: "band:Hard", label: "Hard band: 0 sources" },
      {
        id: "source:1",
        label: "Source 1 (1236 counts)",
        value: { _tag: "Position", ra: 32.1512120191, dec: 56.9457053386, error: 3.50000005791013 }
      }
    ])
    // Only on its own product, and only once complete.
    expect(Job.task(snapshot, "lc")?.outputs).toBeUndefined()
    const early = Ukssdc.toSnapshot(reply(running), { observedAt, sourceDetection })
    expect(Job.task(early, "sourceDet")?.outputs).toBeUndefined()
  })

  it("reads a refusal, and rejects a reply without the Total band", () => {
    expect(Result.getOrThrow(decode({ OK: 0, ERROR: "No such job" }))).toEqual({
      OK: 0,
      ERROR: "No such job"
    })
    expect(Result.isFailure(decode({ Soft: [] }))).toBe(true)
  })
})

describe("light-curve and spectrum data", () => {
  const lc = () => structuredClone(fixture("ukssdc", "lc-data")) as Record<string, unknown>
  type Loose = { [key: string]: Loose } & string
  const spec = () => structuredClone(fixture("ukssdc", "spec-data")) as Record<string, Loose>
  const decodeLc = Schema.decodeUnknownResult(Ukssdc.LightCurveResponse)
  const decodeSpec = Schema.decodeUnknownResult(Ukssdc.SpectrumResponse)

  it("reads a light curve's datasets, each a table under <dataset>Data, as structures.md shows them", () => {
    const data = Result.getOrThrow(decodeLc(lc()))
    if (data.OK !== 1) throw new Error("expected data")
    expect(data.Datasets).toEqual(["PC_incbad", "PCUL_incbad"])
    const table = Ukssdc.tableOf(data, "PC_incbad")
    expect(table?.columns.slice(0, 4)).toEqual(["Time", "TimePos", "TimeNeg", "Rate"])
    expect(table?.data[0]?.[3]).toBe(2.492634)
    // An upper limit's SNR is "inf", which JSON can only carry as text.
    expect(Ukssdc.tableOf(data, "PCUL_incbad")?.data[0]?.at(-1)).toBe("inf")
  })

  it("puts a complete light curve's datasets and a spectrum's fits on their tasks as outputs, linked to their files", () => {
    const lightCurve = Result.getOrThrow(decodeLc(lc()))
    const spectrum = Result.getOrThrow(decodeSpec(spec()))
    if (lightCurve.OK !== 1 || spectrum.OK !== 1) throw new Error("expected data")
    const complete = { statusCode: 4 as const, statusText: "Complete" }
    const snapshot = Ukssdc.toSnapshot(
      { OK: 1, JobID: 7, APIVersion: 1.12, products: { lc: complete, spec: complete, psf: complete } },
      { observedAt, lightCurve, spectrum }
    )
    const outputs = (id: string) =>
      Job.task(snapshot, id)?.outputs?.map((output) => [output.label, output.url])
    expect(outputs("lc")).toEqual([
      ["Light curve PC_incbad: 2 bins", "https://www.swift.ac.uk/xrt_curves/01104343/PCCURVE_incbad.qdp"],
      ["Light curve PCUL_incbad: 1 bin", "https://www.swift.ac.uk/xrt_curves/01104343/PCUL_incbad.qdp"]
    ])
    const fits = outputs("spec") ?? []
    expect(fits[0]).toEqual([
      "Spectra of interval0",
      "https://www.swift.ac.uk/xrt_spectra/00571830/interval0.tar.gz"
    ])
    expect(fits[1]).toEqual([
      "PowerLaw fit of interval0 (WT): Γ 1.741, NH 2.618e+22, flux 3.231e-9",
      "https://www.swift.ac.uk/xrt_spectra/00571830/interval0wt_plot.gif"
    ])
    expect(new Set(fits.map(([label]) => label)).size).toBe(fits.length)
    // Each product carries only its own: the position product gets none of them.
    expect(Job.task(snapshot, "psf")?.outputs).toBeUndefined()
  })

  it("refuses a light curve whose dataset has no table, or a row of the wrong width", () => {
    const missing = lc()
    delete missing.PCUL_incbadData
    expect(Result.isFailure(decodeLc(missing))).toBe(true)
    const ragged = lc() as { PC_incbadData: { data: Array<Array<unknown>> } }
    ragged.PC_incbadData.data[0]!.pop()
    expect(Result.isFailure(decodeLc(ragged))).toBe(true)
  })

  it("reads structures.md's spectrum of GRB 130925A: intervals, modes, fits", () => {
    const data = Result.getOrThrow(decodeSpec(spec()))
    if (data.OK !== 1) throw new Error("expected data")
    expect(data.rnames).toEqual(["interval0", "late_time"])
    const interval = Ukssdc.intervalOf(data, "interval0")
    expect(interval?.Modes).toEqual(["WT", "PC"])
    expect(interval?.WT?.PowerLaw?.Gamma).toBe(1.74059)
    expect(Ukssdc.intervalOf(data, "late_time")?.PC?.Exposure).toBe(4966.961300075054)
  })

  it("refuses a spectrum missing an interval rnames names, or a mode that is not WT or PC", () => {
    const missing = spec()
    delete missing.late_time
    expect(Result.isFailure(decodeSpec(missing))).toBe(true)
    const badMode = spec()
    ;(badMode.interval0 as unknown as Record<string, unknown>).WT = "not a spectrum"
    expect(Result.isFailure(decodeSpec(badMode))).toBe(true)
  })
})

describe("Ukssdc fixtures", () => {
  it("has a schema for every fixture", () => {
    expect([...fixtureNames("ukssdc")].sort()).toEqual(Object.keys(schemaOf).sort())
  })

  for (const [name, schema] of Object.entries(schemaOf)) {
    it(`decodes ${name} and encodes it back to the same JSON`, () => {
      const json = fixture("ukssdc", name)
      const decoded = Schema.decodeUnknownSync(schema as Schema.Codec<unknown, unknown>)(json)
      const encoded = Schema.encodeSync(schema as Schema.Codec<unknown, unknown>)(decoded)
      // status-extras carries a key the server may add; it is tolerated, not kept.
      const { Notice: _, ...expected } = json as Record<string, unknown>
      expect(encoded).toEqual(
        name === "status-extras" ? { ...expected, sourceDet: sourceDetEncoded } : expected
      )
    })
  }
})

/** status-extras sends sourceDet's code as the text "3", which encodes back as the number. */
const sourceDetEncoded = { statusCode: 3, statusText: "Running", progress: { GotProgress: 2 } }

describe("Ukssdc.StatusResponse", () => {
  it("gathers the products of the full example in the order sent", () => {
    const reply = statusOk("status-full")
    expect(reply.JobID).toBe(1)
    expect(Object.keys(reply.products)).toEqual(["lc", "spec", "enh", "psf", "xastrom", "image"])
    const spec = reply.products.spec!
    expect(spec.statusCode).toBe(3)
    expect(spec.progress?.TimeRunning && Duration.toSeconds(spec.progress.TimeRunning)).toBe(20 * 60 + 40)
    expect(spec.progress?.ProgressSteps?.[1]?.StepExtra).toBe("Working on spectrum: Obs_00081637001 (14/156)")
    expect(spec.progress?.ProgressSteps?.[1]?.SubStep?.map((step) => step.StepStatus)).toEqual([2, 1])
    expect(reply.products.enh?.progress?.PreProgress).toBe("Trying using the <em>v,b,white</em> filters:")
  })

  it("keeps unknown products, numeric-string codes, code 5 and the deprecation warning", () => {
    const reply = statusOk("status-extras")
    expect(Object.keys(reply.products)).toEqual(["sourceDet", "xastrom", "lc"])
    expect(reply.products.sourceDet?.statusCode).toBe(3)
    expect(reply.products.xastrom?.statusCode).toBe(5)
    expect(reply.deprecationWarning?.message).toBe("APIVersion 0.1 will be retired.")
  })

  it("reads products that are not part of the job as null codes", () => {
    const reply = statusOk("status-nonexistent-products")
    expect(reply.products.lc).toEqual({
      statusCode: null,
      statusText: "Unknown status",
      progress: { GotProgress: 0 }
    })
  })

  it("reads a refusal as OK 0 with its ERROR", () => {
    const reply = Result.getOrThrow(decodeStatus(fixture("ukssdc", "status-not-owner")))
    expect(reply).toEqual({ OK: 0, ERROR: "Job 147 is not owned by user someone@example.org" })
  })

  it("names the path and the value of a bad status code", () => {
    const json = fixture("ukssdc", "status-full") as { spec: { statusCode: unknown } }
    json.spec.statusCode = 7
    const error = failure(decodeStatus(json))
    expect(error._tag).toBe("DecodeError")
    expect(error.problems.some((problem) => problem.path === "spec.statusCode")).toBe(true)
    expect(error.message).toContain("UKSSDC status reply: at spec.statusCode")
    expect(error.message).toContain("got 7")
  })

  it("names the path of a bad step deep in the tree", () => {
    const json = fixture("ukssdc", "status-full") as {
      spec: { progress: { ProgressSteps: Array<{ SubStep: Array<{ StepStatus: unknown }> }> } }
    }
    json.spec.progress.ProgressSteps[1]!.SubStep[0]!.StepStatus = "done"
    const error = failure(decodeStatus(json))
    expect(error.problems.map((problem) => problem.path)).toContain(
      "spec.progress.ProgressSteps[1].SubStep[0].StepStatus"
    )
  })

  it("rejects a bad TimeRunning with the expected form", () => {
    const json = fixture("ukssdc", "status-full") as { lc: { progress: { TimeRunning: string } } }
    json.lc.progress.TimeRunning = "83 seconds"
    expect(failure(decodeStatus(json)).message).toContain('a duration "HH:MM:SS"')
  })

  it("decodes nesting up to the documented limit and refuses deeper nesting with a clear error", () => {
    const nested = (levels: number): unknown => {
      let step: Record<string, unknown> = { StepLabel: `level ${levels}`, StepStatus: 1 }
      for (let level = levels - 1; level >= 1; level--) {
        step = { StepLabel: `level ${level}`, StepStatus: 1, SubStep: [step] }
      }
      return {
        OK: 1,
        JobID: 9,
        lc: { statusCode: 3, statusText: "Running", progress: { GotProgress: 1, ProgressSteps: [step] } }
      }
    }
    const deepest = Result.getOrThrow(decodeStatus(nested(Progress.maxDepth)))
    expect(deepest.OK === 1 && Ukssdc.toSnapshot(deepest, { observedAt }).tasks[0]!.steps).toSatisfy(
      (steps: Progress.Steps) => Progress.depth(steps) === Progress.maxDepth
    )
    const error = failure(decodeStatus(nested(Progress.maxDepth + 1)))
    expect(error.message).toContain(`nest deeper than the limit of ${Progress.maxDepth} levels`)
    // Far beyond the limit is the same clear error, not a stack overflow.
    expect(failure(decodeStatus(nested(20_000))).message).toContain("nest deeper than the limit")
  })

  it.prop("round-trips any valid reply through JSON", [Ukssdc.StatusResponse], ([reply]) =>
    expectJsonRoundTrip(Ukssdc.StatusResponse, reply)
  )

  it.prop("never throws on any JSON value", [Schema.Json], ([json]) => {
    const result = decodeStatus(json)
    if (Result.isFailure(result)) expect(result.failure.message.length).toBeGreaterThan(0)
  })
})

describe("Ukssdc.StatusRequest", () => {
  it("decodes product lists from the comma-separated form and holds the UserID redacted", () => {
    const request = Schema.decodeUnknownSync(Ukssdc.StatusRequest)(
      fixture("ukssdc", "status-complex-request")
    )
    expect(request.what).toEqual(["lc", "spec", "psf"])
    expect(request.whatProg).toEqual(["spec", "psf"])
    expect(Redacted.value(request.UserID)).toBe("YOUR_EMAIL_ADDRESS")
    expect(String(request.UserID)).not.toContain("YOUR_EMAIL_ADDRESS")
    expect(JSON.stringify(request)).not.toContain("YOUR_EMAIL_ADDRESS")
  })

  it("encodes a request built in code to what the server expects", () => {
    const encoded = Schema.encodeSync(Ukssdc.StatusRequest)({
      JobID: 1,
      UserID: Redacted.make("me@example.org"),
      what: ["lc", "spec", "psf"],
      whatProg: ["spec", "psf"]
    })
    expect(encoded).toEqual({ JobID: 1, UserID: "me@example.org", what: "lc,spec,psf", whatProg: "spec,psf" })
  })

  it("refuses progress for products the request does not ask about", () => {
    const result = DecodeError.decodeUnknown(
      Ukssdc.StatusRequest,
      "status request"
    )({ JobID: 1, UserID: "me@example.org", what: "lc", whatProg: "lc,spec" })
    const error = failure(result)
    expect(error.message).toContain("whatProg asks for the progress of spec, which what does not ask about")
    expect(error.message).not.toContain("me@example.org")
  })
})

describe("Ukssdc.SubmitResponse", () => {
  it("reads the acknowledgement with its string JobID and job parameters", () => {
    const reply = Schema.decodeUnknownSync(Ukssdc.SubmitResponse)(fixture("ukssdc", "submit-accepted"))
    expect(reply.OK === 1 && [reply.JobID, reply.URL]).toEqual([
      "14",
      "https://www.swift.ac.uk/user_objects/tprods/USERPROD_14"
    ])
  })

  it("reads every listed problem of a refusal", () => {
    const reply = Schema.decodeUnknownSync(Ukssdc.SubmitResponse)(fixture("ukssdc", "submit-rejected"))
    expect(reply.OK === 0 && reply.listErr?.flatMap((list) => list.list)).toEqual([
      "Dec",
      "cent",
      "poserr is 0.01, but must be between 1 and 6"
    ])
  })

  it("drops the look-up options from parameters reused for a new job", () => {
    const reply = Schema.decodeUnknownSync(Ukssdc.SubmitResponse)(fixture("ukssdc", "submit-accepted"))
    if (reply.OK !== 1) throw new Error("expected an acknowledgement")
    const again = Ukssdc.resubmissionParameters(reply.jobPars)
    expect(Object.keys(again)).not.toContain("getT0")
    expect(Object.keys(again)).not.toContain("getTargs")
    expect(Object.keys(again)).not.toContain("getCoords")
    expect(again.RA).toBe(219.2875)
    expect(again.targ).toBe("{00010873,00010907}")
    expect(Object.keys(again)).toHaveLength(Object.keys(reply.jobPars).length - 3)
    // The real server echoes the request's envelope and UserID in jobPars (ReturnData.md); a resubmission drops them.
    const echoed = Ukssdc.resubmissionParameters({
      ...reply.jobPars,
      api_name: "xrt_prods",
      api_version: "0.1",
      UserID: "YOUR_EMAIL_ADDRESS"
    })
    expect(echoed).toEqual(again)
  })
})

describe("Ukssdc.CancelResponse", () => {
  it("tells a partial cancel from a full one, per product", () => {
    const some = Schema.decodeUnknownSync(Ukssdc.CancelResponse)(fixture("ukssdc", "cancel-some"))
    expect(Ukssdc.isFullyCancelled(some)).toBe(false)
    expect(some.OK !== 0 && Ukssdc.cancelMeaning[some.statusCodes.lc!]).toBe("already finished")
    const refused = Schema.decodeUnknownSync(Ukssdc.CancelResponse)(fixture("ukssdc", "cancel-not-owner"))
    expect(refused.OK === 0 && refused.ERROR).toContain("not owned")
  })
})

describe("Ukssdc.toSnapshot", () => {
  it("maps the full example onto tasks with phases, steps, counters and running time", () => {
    const snapshot = Ukssdc.toSnapshot(statusOk("status-full"), {
      observedAt,
      url: "https://example.org/job/1"
    })
    expect(snapshot.source).toBe("ukssdc")
    expect(snapshot.jobId).toBe("1")
    expect(snapshot.tasks.map((task) => [task.id, task.phase])).toEqual([
      ["lc", "running"],
      ["spec", "running"],
      ["enh", "running"],
      ["psf", "succeeded"],
      ["xastrom", "running"],
      ["image", "running"]
    ])
    const spec = Job.task(snapshot, "spec")!
    expect(spec.label).toBe("Spectrum")
    expect(Progress.activePath(spec.steps!).map((step) => step.label)).toEqual([
      "Build spectra.",
      "Fit spectrum."
    ])
    expect(spec.steps![1]!.counter).toEqual({ current: 14, total: 156 })
    expect(Job.task(snapshot, "xastrom")!.steps![3]!.counter).toEqual({ current: 2, total: 121 })
    expect(Job.task(snapshot, "enh")!.stepsNote).toBe("Trying using the <em>v,b,white</em> filters:")
    expect(spec.elapsed && Duration.toSeconds(spec.elapsed)).toBe(1240)
    expect(Job.task(snapshot, "psf")!.steps).toBeUndefined()
    expect(Job.isTerminal(snapshot)).toBe(false)
  })

  it("maps every status code to its phase", () => {
    const phases = Ukssdc.StatusCodeValue.literals.map((code) => [code, Ukssdc.phaseOf(code)])
    expect(Object.fromEntries(phases)).toEqual({
      "-4": "cancelled",
      "-3": "failed",
      "-2": "failed",
      "-1": "failed",
      "1": "pending",
      "2": "queued",
      "3": "running",
      "4": "succeeded",
      "5": "waiting"
    })
    expect(Ukssdc.phaseOf(null)).toBe("unknown")
  })

  it("does not hold a job open for products that are not part of it", () => {
    const reply = statusOk("status-nonexistent-products")
    const running = Ukssdc.toSnapshot(reply, { observedAt })
    expect(Job.isTerminal(running)).toBe(false)
    const done = Ukssdc.toSnapshot(
      { ...reply, products: { ...reply.products, spec: { statusCode: 4, statusText: "Complete" } } },
      { observedAt }
    )
    expect(Job.isTerminal(done)).toBe(true)
    expect(Job.outcome(done)).toBe("succeeded")
  })

  it("leaves out the products the job lacks when asked to, unless it knows none", () => {
    const reply = statusOk("status-nonexistent-products")
    expect(Ukssdc.toSnapshot(reply, { observedAt }).tasks).toHaveLength(6)
    const own = Ukssdc.toSnapshot(reply, { observedAt, onlyTheJobsProducts: true })
    expect(own.tasks.map((task) => [task.id, task.phase])).toEqual([["spec", "running"]])
    const unknown = { statusCode: null, statusText: "Unknown status" } as const
    const nothingKnown = { ...reply, products: { lc: unknown, spec: unknown } }
    expect(
      Ukssdc.toSnapshot(nothingKnown, { observedAt, onlyTheJobsProducts: true }).tasks.map((task) => task.id)
    ).toEqual(["lc", "spec"])
  })

  const jobUrl = "https://www.swift.ac.uk/user_objects/tprods/USERPROD_14"
  const position = (name: string): Ukssdc.PositionResponse =>
    Schema.decodeUnknownSync(Ukssdc.PositionResponse)(fixture("ukssdc", name))

  it("gives a complete product its archive under the job's page, and an unfinished one nothing", () => {
    const snapshot = Ukssdc.toSnapshot(statusOk("status-full"), { observedAt, url: `${jobUrl}/` })
    expect(Job.task(snapshot, "psf")!.outputs).toEqual([
      {
        id: "archive",
        label: "Standard (PSF) position archive",
        url: `${jobUrl}/psf.tar.gz`,
        mediaType: "application/gzip"
      }
    ])
    expect(snapshot.tasks.filter((task) => task.outputs !== undefined).map((task) => task.id)).toEqual([
      "psf"
    ])
    // Without the job's page there is no archive to point at.
    expect(
      Job.task(Ukssdc.toSnapshot(statusOk("status-full"), { observedAt }), "psf")!.outputs
    ).toBeUndefined()
    const lc = Ukssdc.toTask("lc", { statusCode: 4, statusText: "Complete" }, { url: jobUrl })
    expect(lc.outputs?.map((output) => [output.label, output.url])).toEqual([
      ["Light curve archive", `${jobUrl}/lc.tar.gz`]
    ])
    expect(Ukssdc.archiveUrl(jobUrl, "all", "zip")).toBe(`${jobUrl}/all.zip`)
  })

  it("gives a complete position product the position it found, with its error circle", () => {
    const snapshot = Ukssdc.toSnapshot(statusOk("status-full"), {
      observedAt,
      url: jobUrl,
      positions: { psf: position("position-found"), xastrom: position("position-found") }
    })
    expect(Job.task(snapshot, "psf")!.outputs?.[1]).toEqual({
      id: "position",
      label: "Position",
      value: { _tag: "Position", ra: 219.28745, dec: -60.83356, error: 3.5 }
    })
    // xastrom is still running: no output yet, whatever position was passed.
    expect(Job.task(snapshot, "xastrom")!.outputs).toBeUndefined()
    const none = Ukssdc.toTask(
      "psf",
      { statusCode: 4, statusText: "Complete" },
      { position: position("position-none") }
    )
    expect(none.outputs).toBeUndefined()
    expect(Ukssdc.positionOutput(position("position-none"))).toBeUndefined()
    expect(Ukssdc.isPositionKind("psf") && !Ukssdc.isPositionKind("lc")).toBe(true)
  })

  it("reports a product's archive once, when it completes", () => {
    const reply = statusOk("status-full")
    const before = Ukssdc.toSnapshot(reply, { observedAt, url: jobUrl })
    const complete = {
      ...reply,
      products: { ...reply.products, lc: { statusCode: 4, statusText: "Complete" } }
    }
    const after = Ukssdc.toSnapshot(complete as Ukssdc.StatusOk, { observedAt, url: jobUrl })
    const events = Job.diff(before, after, Ukssdc.source)
    expect(events.filter((event) => event._tag === "OutputAdded")).toEqual([
      { _tag: "OutputAdded", taskId: "lc", output: Ukssdc.archiveOutput(jobUrl, "lc") }
    ])
    expect(
      Job.diff(
        after,
        Ukssdc.toSnapshot(complete as Ukssdc.StatusOk, { observedAt, url: jobUrl }),
        Ukssdc.source
      )
    ).toEqual([])
  })

  it("survives the snapshot JSON codec", () => {
    const snapshot = Ukssdc.toSnapshot(statusOk("status-full"), { observedAt })
    const json = asJson(Schema.encodeSync(Job.SnapshotJson)(snapshot))
    expect(Schema.decodeUnknownSync(Job.SnapshotJson)(json)).toEqual(snapshot)
    expect(fixtureText("ukssdc", "status-full")).toContain("xastrom")
  })
})
