import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Job, Tom } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { fixture, fixtureNames } from "./fixtures.js"
import { expectJsonRoundTrip } from "./roundTrip.js"

const decodeStatus = DecodeError.decodeUnknown(Tom.AsyncStatusResponse, "TOM status reply")
const decodeLogs = DecodeError.decodeUnknown(Tom.PipelineLogs, "TOM pipeline logs")
const decodeNotFound = DecodeError.decodeUnknown(Tom.NotFound, "TOM 404 reply")

const status = (name: string): Tom.AsyncStatusResponse =>
  Result.getOrThrow(decodeStatus(fixture("tom", name)))
const logs = (name: string): Tom.PipelineLogs => Result.getOrThrow(decodeLogs(fixture("tom", name)))

const iso = (date: Date | undefined) => date?.toISOString()
const observedAt = new Date("2019-08-02T10:20:00.000Z")

const decoderFor = (name: string): ((input: unknown) => Result.Result<unknown, DecodeError.DecodeError>) => {
  if (name.startsWith("status-")) return decodeStatus
  if (name.startsWith("pipeline-")) return decodeLogs
  if (name === "not-found") return decodeNotFound
  throw new Error(`no schema for the fixture ${name}`)
}

describe("Tom", () => {
  describe("wire schemas", () => {
    it("decodes every fixture", () => {
      const names = fixtureNames("tom")
      expect(names.length).toBe(8)
      for (const name of names) {
        const result = decoderFor(name)(fixture("tom", name))
        expect(Result.isSuccess(result) ? "ok" : `${name}: ${result.failure.message}`).toBe("ok")
      }
    })

    it("decodes the seed status reply, UNIX seconds to the millisecond", () => {
      const reply = status("status-seed")
      expect(iso(reply.timestamp)).toBe("2019-08-02T10:09:50.527Z")
      expect(reply.processes.map((process) => process.identifier)).toEqual([
        "timelapse_m13_2019-08-02-100944.webm",
        "astrosource_m13_2019-07-30-122657"
      ])
      const [timelapse, pipeline] = reply.processes
      expect(iso(timelapse?.created)).toBe("2019-08-02T10:09:46.490Z")
      expect(iso(timelapse?.terminal_timestamp ?? undefined)).toBe("2019-08-02T10:09:50.163Z")
      expect(timelapse?.status).toBe("created")
      expect(timelapse?.view_url).toBeNull()
      expect(iso(pipeline?.created)).toBe("2019-07-30T12:26:57.602Z")
      expect(pipeline?.terminal_timestamp).toBeNull()
      expect(pipeline?.view_url).toBe("/pipeline/51")
    })

    it("decodes the seed pipeline logs reply", () => {
      const reply = logs("pipeline-logs-seed")
      expect(reply.identifier).toBe("dummy_m13_2019-07-22-163925")
      expect(iso(reply.created)).toBe("2019-07-22T16:39:25.832Z")
      expect(iso(reply.terminal_timestamp ?? undefined)).toBe("2019-07-22T16:41:13.560Z")
      expect(reply.logs.split("\n")).toEqual([
        "Processing test_dp_ftfn0m410-kb23-20190413-0059-e91.fits.fz",
        "Processing test_dp_ftfn0m410-kb23-20190413-0057-e91.fits.fz..."
      ])
      expect(reply.group_name).toBe("dummy_m13_2019-07-22-163925_outputs")
      expect(reply.group_url).toBe("/dataproducts/data/group/37/")
    })

    it("decodes a failed process with its message and end time", () => {
      const failed = status("status-later").processes[2]
      expect(failed?.status).toBe("failed")
      expect(failed?.failure_message).toBe(
        "Not enough data to run astrosource: fewer than 2 frames in the r filter"
      )
      expect(iso(failed?.terminal_timestamp ?? undefined)).toBe("2019-08-02T10:10:42.705Z")
    })

    it("decodes the 404 body", () => {
      expect(Result.getOrThrow(decodeNotFound(fixture("tom", "not-found")))).toEqual({ detail: "Not found." })
    })

    it("reads a null log as empty", () => {
      const raw = { ...(fixture("tom", "pipeline-running-early") as object), logs: null }
      expect(Result.getOrThrow(decodeLogs(raw)).logs).toBe("")
    })

    it("tolerates keys it does not know", () => {
      const raw = fixture("tom", "status-seed") as { processes: Array<object> }
      const extended = {
        ...raw,
        page: 1,
        processes: raw.processes.map((process) => ({ ...process, kind: "x" }))
      }
      expect(Result.getOrThrow(decodeStatus(extended)).processes).toHaveLength(2)
    })

    it("encodes dates back to UNIX seconds under the wire names", () => {
      const encoded = Schema.encodeSync(Tom.AsyncStatusResponse)(status("status-seed"))
      expect(encoded.timestamp).toBe(1564740590.527)
      expect(encoded.processes[0]).toEqual({
        identifier: "timelapse_m13_2019-08-02-100944.webm",
        created: 1564740586.49,
        status: "created",
        terminal_timestamp: 1564740590.163,
        failure_message: null,
        view_url: null
      })
    })

    it("names the path of a value of the wrong type", () => {
      const raw = fixture("tom", "status-seed") as { processes: Array<object> }
      const badCreated = decodeStatus({
        ...raw,
        processes: [{ ...raw.processes[0], created: "1564740586.489885" }, raw.processes[1]]
      })
      expect(Result.isFailure(badCreated)).toBe(true)
      if (Result.isFailure(badCreated)) {
        expect(badCreated.failure).toBeInstanceOf(DecodeError.DecodeError)
        expect(badCreated.failure.problems.map((problem) => problem.path)).toEqual(["processes[0].created"])
        expect(badCreated.failure.message).toContain("TOM status reply: at processes[0].created:")
        expect(badCreated.failure.message).toContain('got "1564740586.489885"')
      }

      const notAList = decodeStatus({ timestamp: 1564740590.527199, processes: { identifier: "x" } })
      expect(Result.isFailure(notAList) && notAList.failure.message).toContain("at processes:")
      expect(Result.isFailure(notAList) && notAList.failure.problems.map((problem) => problem.path)).toEqual([
        "processes"
      ])
    })

    it("rejects times that are not finite or no real date", () => {
      const raw = fixture("tom", "status-seed") as object
      for (const timestamp of [null, "now", 1e300, -1]) {
        const result = decodeStatus({ ...raw, timestamp })
        expect(Result.isFailure(result) && result.failure.problems.map((problem) => problem.path)).toEqual([
          "timestamp"
        ])
      }
    })

    it.prop("round-trips any status reply through JSON", [Tom.AsyncStatusResponse], ([reply]) =>
      expectJsonRoundTrip(Tom.AsyncStatusResponse, reply)
    )

    it.prop("round-trips any pipeline logs reply through JSON", [Tom.PipelineLogs], ([reply]) =>
      expectJsonRoundTrip(Tom.PipelineLogs, reply)
    )

    const nearMisses = Schema.Struct({
      timestamp: Schema.Json,
      processes: Schema.Array(Schema.Record(Schema.String, Schema.Json))
    })

    it.prop(
      "never throws on any JSON, and fails with a DecodeError",
      { json: Schema.Json, nearMiss: nearMisses },
      ({ json, nearMiss }) => {
        const decoders: ReadonlyArray<(input: unknown) => Result.Result<unknown, DecodeError.DecodeError>> = [
          decodeStatus,
          decodeLogs,
          decodeNotFound
        ]
        for (const decode of decoders) {
          for (const input of [json, nearMiss]) {
            const result = decode(input)
            if (Result.isFailure(result)) {
              expect(result.failure).toBeInstanceOf(DecodeError.DecodeError)
              expect(result.failure.message.length).toBeGreaterThan(0)
            }
          }
        }
      }
    )
  })

  describe("phaseOf", () => {
    it("maps the three fixed words and reads any other as running", () => {
      expect(Tom.phaseOf("pending")).toBe("pending")
      expect(Tom.phaseOf("created")).toBe("succeeded")
      expect(Tom.phaseOf("failed")).toBe("failed")
      expect(Tom.phaseOf("running astrosource")).toBe("running")
      expect(Tom.phaseOf("uploading")).toBe("running")
      expect(Tom.phaseOf("Created")).toBe("running")
    })
  })

  describe("finishedSince", () => {
    it("keeps what finished after the first reply, not what finished before or still runs", () => {
      const first = status("status-seed")
      const later = status("status-later")
      expect(Tom.finishedSince(first, first.timestamp)).toEqual([])
      expect(Tom.finishedSince(later, first.timestamp).map((process) => process.identifier)).toEqual([
        "astrosource_m13_2019-07-30-122657"
      ])
      // From before the timelapse finished, it counts too; the pending one never does.
      expect(
        Tom.finishedSince(later, new Date("2019-08-02T10:09:50.000Z")).map((process) => process.identifier)
      ).toEqual(["timelapse_m13_2019-08-02-100944.webm", "astrosource_m13_2019-07-30-122657"])
    })
  })

  describe("toSnapshot", () => {
    it("maps each process onto a task", () => {
      const snapshot = Tom.toSnapshot(status("status-later"), { target: 7, observedAt })
      expect(snapshot.source).toBe("tom")
      expect(snapshot.jobId).toBe("target/7")
      expect("label" in snapshot).toBe(false)
      expect(iso(snapshot.serverTime)).toBe("2019-08-02T10:10:52.113Z")
      expect(snapshot.observedAt).toBe(observedAt)
      expect(snapshot.tasks.map((task) => [task.id, task.phase, task.code])).toEqual([
        ["timelapse_m13_2019-08-02-101041.webm", "pending", "pending"],
        ["timelapse_m13_2019-08-02-100944.webm", "succeeded", "created"],
        ["astrosource_m13_2019-07-30-122657", "failed", "failed"]
      ])
      const [pending, , failed] = snapshot.tasks
      expect(pending).toEqual({
        id: "timelapse_m13_2019-08-02-101041.webm",
        label: "timelapse_m13_2019-08-02-101041.webm",
        phase: "pending",
        code: "pending",
        text: "pending",
        startedAt: new Date("2019-08-02T10:10:41.276Z")
      })
      expect(Object.keys(pending ?? {})).not.toContain("finishedAt")
      expect(failed).toEqual({
        id: "astrosource_m13_2019-07-30-122657",
        label: "astrosource_m13_2019-07-30-122657",
        phase: "failed",
        code: "failed",
        text: "failed",
        startedAt: new Date("2019-07-30T12:26:57.602Z"),
        finishedAt: new Date("2019-08-02T10:10:42.705Z"),
        message: "Not enough data to run astrosource: fewer than 2 frames in the r filter",
        url: "/pipeline/51",
        outputs: [{ id: "page", label: "Process page", url: "/pipeline/51" }]
      })
      expect(Job.isTerminal(snapshot)).toBe(false)
      expect(Tom.toSnapshot(status("status-seed"), { target: "7", observedAt, label: "M13" }).label).toBe(
        "M13"
      )
    })

    it("is a valid Job.Snapshot", () => {
      const snapshot = Tom.toSnapshot(status("status-seed"), { target: 7, observedAt })
      const json = Schema.encodeSync(Job.SnapshotJson)(snapshot)
      expect(Schema.decodeUnknownSync(Job.SnapshotJson)(json)).toEqual(snapshot)
    })

    it("diffs two status replies into the events between them", () => {
      const events = Job.diff(
        Tom.toSnapshot(status("status-seed"), { target: 7, observedAt }),
        Tom.toSnapshot(status("status-later"), { target: 7, observedAt }),
        Tom.source
      )
      expect(events).toEqual([
        { _tag: "TaskAdded", taskId: "timelapse_m13_2019-08-02-101041.webm", phase: "pending" },
        {
          _tag: "PhaseChanged",
          taskId: "astrosource_m13_2019-07-30-122657",
          from: "pending",
          to: "failed",
          code: "failed",
          text: "failed"
        }
      ])
    })
  })

  describe("source", () => {
    it("names a target's processes and a pipeline as the API's URLs do", () => {
      expect(Tom.source.describeJob("target/7")).toBe("TOM target 7")
      expect(Tom.source.describeJob("pipeline/7")).toBe("TOM pipeline 7")
      const snapshot = Tom.logsToSnapshot(logs("pipeline-finished"), { pipeline: 52, observedAt })
      expect(Tom.source.describeJob(snapshot.jobId)).toBe("TOM pipeline 52")
    })
  })

  describe("outputsOf", () => {
    it("gives a pipeline's page and, once the server names it, its data product group", () => {
      expect(Tom.outputsOf(logs("pipeline-running-later"))).toEqual([
        { id: "page", label: "Process page", url: "/pipeline/52" }
      ])
      expect(Tom.outputsOf(logs("pipeline-finished"))).toEqual([
        { id: "page", label: "Process page", url: "/pipeline/52" },
        {
          id: "group",
          label: "astrosource_m13_2019-08-02-101512_outputs",
          url: "/dataproducts/data/group/38/"
        }
      ])
      expect(Tom.outputsOf({ ...logs("pipeline-finished"), group_name: null })[1]).toEqual({
        id: "group",
        label: "Data products",
        url: "/dataproducts/data/group/38/"
      })
    })

    it("gives a process without a page nothing", () => {
      const [pending] = status("status-later").processes
      expect(Tom.outputsOf(pending!)).toEqual([])
      expect("outputs" in Tom.toTask(pending!)).toBe(false)
    })
  })

  describe("logsToSnapshot", () => {
    const snap = (name: string) => Tom.logsToSnapshot(logs(name), { pipeline: 52, observedAt })

    it("makes the pages and groups the TOM gives relative to itself absolute against its address", () => {
      const relative = Tom.logsToSnapshot(logs("pipeline-finished"), { pipeline: 52, observedAt })
      const absolute = Tom.logsToSnapshot(logs("pipeline-finished"), {
        pipeline: 52,
        observedAt,
        baseUrl: "https://tom.example.org/"
      })
      expect(relative.url).toMatch(/^\//)
      expect(absolute.url).toBe(`https://tom.example.org${relative.url}`)
      const urls = (snapshot: Job.Snapshot) => snapshot.tasks[0]!.outputs!.map((output) => output.url)
      expect(urls(absolute)).toEqual(urls(relative).map((url) => `https://tom.example.org${url}`))
      expect(absolute.tasks[0]!.url).toBe(absolute.url)
      // A hostile URL is kept as the server wrote it, never made a link by resolving.
      const hostile = { ...logs("pipeline-finished"), view_url: "javascript:alert(1)" }
      expect(
        Tom.logsToSnapshot(hostile, { pipeline: 52, observedAt, baseUrl: "https://tom.example.org" }).url
      ).toBe("javascript:alert(1)")
    })

    it("takes the url it is given over the pipeline's page", () => {
      const snapshot = Tom.logsToSnapshot(logs("pipeline-finished"), {
        pipeline: 52,
        observedAt,
        url: "https://tom.example.org/pipeline/52"
      })
      expect(snapshot.url).toBe("https://tom.example.org/pipeline/52")
      expect(snap("pipeline-finished").url).toBe("/pipeline/52")
      expect(Tom.toSnapshot(status("status-seed"), { target: 7, observedAt, url: "/targets/7" }).url).toBe(
        "/targets/7"
      )
    })

    it("maps a pipeline onto one task with its log", () => {
      const snapshot = Tom.logsToSnapshot(logs("pipeline-logs-seed"), { pipeline: 45, observedAt })
      expect(snapshot).toEqual({
        source: "tom",
        jobId: "pipeline/45",
        label: "dummy_m13_2019-07-22-163925",
        url: "/pipeline/45",
        observedAt,
        tasks: [
          {
            id: "dummy_m13_2019-07-22-163925",
            label: "dummy_m13_2019-07-22-163925",
            phase: "succeeded",
            code: "created",
            text: "created",
            startedAt: new Date("2019-07-22T16:39:25.832Z"),
            finishedAt: new Date("2019-07-22T16:41:13.560Z"),
            url: "/pipeline/45",
            outputs: [
              { id: "page", label: "Process page", url: "/pipeline/45" },
              {
                id: "group",
                label: "dummy_m13_2019-07-22-163925_outputs",
                url: "/dataproducts/data/group/37/"
              }
            ],
            logs: "Processing test_dp_ftfn0m410-kb23-20190413-0059-e91.fits.fz\nProcessing test_dp_ftfn0m410-kb23-20190413-0057-e91.fits.fz..."
          }
        ]
      })
      expect(Job.outcome(snapshot)).toBe("succeeded")
      expect(Job.outcome(snap("pipeline-failed"))).toBe("failed")
      expect(Job.task(snap("pipeline-failed"), "astrosource_m13_2019-07-30-122657")?.message).toBe(
        "Not enough data to run astrosource: fewer than 2 frames in the r filter"
      )
    })

    it("reports a growing log as exactly one LogAppended", () => {
      expect(Job.diff(snap("pipeline-running-early"), snap("pipeline-running-later"), Tom.source)).toEqual([
        {
          _tag: "LogAppended",
          taskId: "astrosource_m13_2019-08-02-101512",
          text: "Identifying stars in 12 frames\nFound 214 comparison stars\n"
        }
      ])
    })

    it("reports the end of a run as a phase change and the last log lines", () => {
      expect(Job.diff(snap("pipeline-running-later"), snap("pipeline-finished"), Tom.source)).toEqual([
        {
          _tag: "PhaseChanged",
          taskId: "astrosource_m13_2019-08-02-101512",
          from: "running",
          to: "succeeded",
          code: "created",
          text: "created"
        },
        { _tag: "LogAppended", taskId: "astrosource_m13_2019-08-02-101512", text: "Saving outputs\n" },
        {
          _tag: "OutputAdded",
          taskId: "astrosource_m13_2019-08-02-101512",
          output: {
            id: "group",
            label: "astrosource_m13_2019-08-02-101512_outputs",
            url: "/dataproducts/data/group/38/"
          }
        }
      ])
    })

    it("reports a log that shrank as an anomaly", () => {
      const events = Job.diff(snap("pipeline-running-later"), snap("pipeline-running-early"), Tom.source)
      expect(events.map((event) => event._tag)).toEqual(["Anomaly"])
      expect(events[0]).toMatchObject({ taskId: "astrosource_m13_2019-08-02-101512" })
    })

    it("reports a new word while running as a change within running", () => {
      const running = logs("pipeline-running-later")
      const before = Tom.logsToSnapshot({ ...running, status: "running" }, { pipeline: 52, observedAt })
      const after = Tom.logsToSnapshot({ ...running, status: "uploading" }, { pipeline: 52, observedAt })
      expect(Job.diff(before, after, Tom.source)).toEqual([
        {
          _tag: "PhaseChanged",
          taskId: "astrosource_m13_2019-08-02-101512",
          from: "running",
          to: "running",
          code: "uploading",
          text: "uploading"
        }
      ])
    })

    it("reports a finished pipeline seen running again as an anomaly", () => {
      const events = Job.diff(snap("pipeline-finished"), snap("pipeline-running-later"), Tom.source)
      expect(events).toEqual([
        {
          _tag: "Anomaly",
          taskId: "astrosource_m13_2019-08-02-101512",
          reason: "a TOM process that had succeeded is now reported running",
          from: "succeeded",
          to: "running"
        }
      ])
    })
  })
})
