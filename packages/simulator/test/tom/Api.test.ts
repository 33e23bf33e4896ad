import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Job, Tom } from "@jobscope/core"
import type * as Duration from "effect/Duration"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import type { Simulator } from "../../src/Simulator.js"
import * as TomSim from "../../src/tom/index.js"
import { started } from "../support/simulator.js"

const read = async <S extends Schema.Decoder<unknown>>(response: Response, schema: S, status = 200) => {
  const text = await response.text()
  expect(response.status, text).toBe(status)
  return Result.getOrThrow(DecodeError.decodeJson(schema, "TOM reply")(text))
}

const statusOf = async (sim: Simulator, target: number | string) =>
  read(await fetch(`${sim.url}/api/async/status/${target}/`), Tom.AsyncStatusResponse)

const logsOf = async (sim: Simulator, pk: number | string) =>
  read(await fetch(`${sim.url}/api/pipeline/logs/${pk}/`), Tom.PipelineLogs)

const notFound = async (sim: Simulator, path: string) =>
  expect(await read(await fetch(`${sim.url}${path}`), Tom.NotFound, 404)).toEqual({ detail: "Not found." })

const create = (sim: Simulator, body: unknown) =>
  fetch(`${sim.url}/_sim/tom/processes`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body)
  })

/** Polls a pipeline's logs every `step` (default: a second) until it ends, as a client would. */
const followPipeline = async (sim: Simulator, pk: number, step: Duration.Input = "1 second") => {
  const polls: Array<Tom.PipelineLogs> = [await logsOf(sim, pk)]
  while (polls.at(-1)?.terminal_timestamp === null) {
    sim.advance(step)
    polls.push(await logsOf(sim, pk))
    if (polls.length > 2000) throw new Error("the pipeline never ended")
  }
  return polls
}

const expectLogsOnlyGrow = (polls: ReadonlyArray<Tom.PipelineLogs>) => {
  for (const [i, poll] of polls.entries()) {
    const before = polls[i - 1]
    if (before !== undefined) expect(poll.logs.startsWith(before.logs)).toBe(true)
  }
  expect(polls.at(-1)!.logs.length).toBeGreaterThan(polls[0]!.logs.length)
}

const eventsOf = (sim: Simulator, polls: ReadonlyArray<Tom.PipelineLogs>, pk: number) => {
  const snapshots = polls.map((poll) =>
    Tom.logsToSnapshot(poll, { pipeline: pk, observedAt: sim.clock.now() })
  )
  return snapshots.slice(1).flatMap((next, i) => Job.diff(snapshots[i]!, next, Tom.source))
}

describe("tom.logs and tom.status", () => {
  it("runs a pipeline from pending through its own words to created, its log only growing", async () => {
    const sim = await started({
      tom: { targets: [{ pk: 7, name: "m13", processes: [{ kind: "pipeline", outcome: "created" }] }] }
    })
    const [listed] = (await statusOf(sim, 7)).processes
    expect(listed).toMatchObject({
      identifier: "astrosource_m13_2026-03-01-120000",
      status: "pending",
      terminal_timestamp: null,
      failure_message: null,
      view_url: "/pipeline/1"
    })
    expect(listed!.created).toEqual(sim.clock.now())

    const polls = await followPipeline(sim, 1)
    const statuses = [...new Set(polls.map((poll) => poll.status))]
    expect(statuses[0]).toBe("pending")
    expect(statuses[1]).toBe("running astrosource")
    const frames = Number(/Copying (\d+) files/.exec(polls.at(-1)!.logs)?.[1])
    expect(statuses).toContain(`Reducing frame ${frames} of ${frames}`)
    expect(statuses.at(-1)).toBe("created")
    expectLogsOnlyGrow(polls)
    for (const poll of polls.slice(0, -1)) expect(poll).toMatchObject({ group_name: null, group_url: null })

    const last = polls.at(-1)!
    expect(last).toMatchObject({
      failure_message: null,
      group_name: "astrosource_m13_2026-03-01-120000_outputs",
      group_url: "/dataproducts/data/group/1/"
    })
    expect(last.logs).toMatch(
      /^Copying \d+ files to a temporary directory\nRunning astrosource on \d+ files\n/
    )
    expect(last.logs).toMatch(/Found \d+ comparison stars\nSaving outputs\n$/)
    expect(last.terminal_timestamp!.getTime()).toBeLessThanOrEqual(sim.clock.now().getTime())
    expect(last.terminal_timestamp!.getTime()).toBeGreaterThan(sim.clock.now().getTime() - 2000)

    const events = eventsOf(sim, polls, 1)
    const changes = events.flatMap((e) => (e._tag === "PhaseChanged" ? [e] : []))
    expect(changes.filter((e) => e.from !== e.to).map((e) => `${e.from}→${e.to}`)).toEqual([
      "pending→running",
      "running→succeeded"
    ])
    // While running, each new status word is a change the client sees; a step lasts at least the poll interval.
    const words = changes.filter((e) => e.from === "running" && e.to === "running").map((e) => e.text)
    expect(words).toEqual([
      ...Array.from({ length: frames }, (_, i) => `Reducing frame ${i + 1} of ${frames}`),
      "running astrosource"
    ])
    expect(events.filter((e) => e._tag === "LogAppended").length).toBeGreaterThan(3)
    expect(events.some((e) => e._tag === "Anomaly")).toBe(false)

    const snapshot = Tom.toSnapshot(await statusOf(sim, 7), { target: 7, observedAt: sim.clock.now() })
    expect(Job.outcome(snapshot)).toBe("succeeded")
    expect(snapshot.serverTime).toEqual(sim.clock.now())
  })

  it("runs a pipeline to failed with a failure message, and no output group", async () => {
    const sim = await started({
      tom: { targets: [{ pk: 3, processes: [{ kind: "pipeline", outcome: "failed" }] }] }
    })
    const polls = await followPipeline(sim, 1)
    expectLogsOnlyGrow(polls)
    const last = polls.at(-1)!
    expect(last.status).toBe("failed")
    expect(last.failure_message).toMatch(
      /^(Not enough data to run astrosource|Astrometry failed on frame \d+)/
    )
    expect(last).toMatchObject({ group_name: null, group_url: null })
    const events = eventsOf(sim, polls, 1)
    expect(events.filter((e) => e._tag === "PhaseChanged").at(-1)).toMatchObject({
      to: "failed",
      text: "failed"
    })
    const listed = (await statusOf(sim, 3)).processes[0]!
    expect(listed).toMatchObject({ status: "failed", failure_message: last.failure_message })
    expect(listed.terminal_timestamp).toEqual(last.terminal_timestamp)
    expect(Tom.toTask(listed).message).toBe(last.failure_message)
  })

  it("follows a script to the second: statuses, log lines and the end", async () => {
    const script: TomSim.Script = {
      steps: [
        { after: 5, status: "fetching frames", logs: ["Fetching 3 frames"] },
        { after: 10, status: "stacking", logs: ["Stacking frame 1", "Stacking frame 2"] }
      ],
      end: { after: 20, outcome: "failed", failureMessage: "Disk full", logs: ["OSError: disk full"] }
    }
    const sim = await started({
      tom: { targets: [{ pk: 1, processes: [{ kind: "pipeline", identifier: "stack_1", script }] }] }
    })
    const at = async (seconds: number) => {
      sim.advance(`${seconds} seconds`)
      const { status, logs, terminal_timestamp, failure_message } = await logsOf(sim, 1)
      return { status, logs, terminal: terminal_timestamp, failure_message }
    }
    expect(await at(4.999)).toEqual({ status: "pending", logs: "", terminal: null, failure_message: null })
    expect(await at(0.001)).toMatchObject({ status: "fetching frames", logs: "Fetching 3 frames\n" })
    expect(await at(10)).toMatchObject({
      status: "stacking",
      logs: "Fetching 3 frames\nStacking frame 1\nStacking frame 2\n",
      terminal: null
    })
    expect(await at(20)).toEqual({
      status: "failed",
      logs: "Fetching 3 frames\nStacking frame 1\nStacking frame 2\nOSError: disk full\n",
      terminal: new Date(Date.parse("2026-03-01T12:00:35Z")),
      failure_message: "Disk full"
    })
  })

  it("renders a timelapse, which has no page and no logs", async () => {
    const sim = await started({
      tom: { targets: [{ pk: 2, name: "M 13", processes: [{ kind: "timelapse", outcome: "created" }] }] }
    })
    const first = (await statusOf(sim, 2)).processes[0]!
    expect(first).toMatchObject({
      identifier: "timelapse_M_13_2026-03-01-120000.webm",
      status: "pending",
      view_url: null
    })
    sim.advance("1 minute")
    const later = (await statusOf(sim, 2)).processes[0]!
    expect(later).toMatchObject({ status: "created", failure_message: null, view_url: null })
    expect(later.terminal_timestamp!.getTime()).toBeGreaterThan(first.created.getTime())
    await notFound(sim, "/api/pipeline/logs/1/")
  })

  it("lists processes most recent first, with the server's clock as the timestamp", async () => {
    const sim = await started()
    sim.tom.addTarget(5, "ngc6946")
    expect(await statusOf(sim, 5)).toEqual({ timestamp: sim.clock.now(), processes: [] })
    const a = sim.tom.addProcess(5, { kind: "pipeline" })
    sim.advance("10 seconds")
    const b = sim.tom.addProcess(5, { kind: "timelapse" })
    const c = sim.tom.addProcess(5, { kind: "timelapse" })
    sim.advance("0.25 seconds")
    const reply = await statusOf(sim, 5)
    expect(reply.timestamp).toEqual(sim.clock.now())
    expect(reply.processes.map((p) => p.identifier)).toEqual([c.identifier, b.identifier, a.identifier])
    expect(c.identifier).toBe("timelapse_ngc6946_2026-03-01-120010-2.webm")
    expect(sim.tom.processes(5).map((p) => p.pk)).toEqual([c.pk, b.pk, a.pk])
    expect(Tom.finishedSince(reply, reply.timestamp)).toEqual([])
  })

  it("answers 404 {detail} for unknown targets, unknown pipelines and malformed keys", async () => {
    const sim = await started({
      tom: { targets: [{ pk: 1, processes: [{ kind: "timelapse" }, { kind: "pipeline" }] }] }
    })
    await logsOf(sim, 2)
    for (const path of [
      "/api/async/status/2/",
      "/api/async/status/abc/",
      "/api/async/status/0/",
      "/api/async/status/99999999999999999999/",
      "/api/pipeline/logs/3/",
      "/api/pipeline/logs/1/",
      "/api/pipeline/logs/-2/"
    ])
      await notFound(sim, path)
  })
})

describe("tom.admin.create", () => {
  it("creates a process over HTTP that the API then reports", async () => {
    const sim = await started()
    const response = await create(sim, {
      target: 12,
      targetName: "m42",
      kind: "pipeline",
      outcome: "created"
    })
    const created = await read(response, TomSim.Created, 201)
    expect(created).toMatchObject({
      target: 12,
      pk: 1,
      kind: "pipeline",
      status_url: "/api/async/status/12/",
      logs_url: "/api/pipeline/logs/1/",
      process: { identifier: "astrosource_m42_2026-03-01-120000", status: "pending", view_url: "/pipeline/1" }
    })
    expect((await statusOf(sim, 12)).processes).toEqual([created.process])
    const polls = await followPipeline(sim, created.pk)
    expect(polls.at(-1)?.status).toBe("created")

    const timelapse = await read(await create(sim, { target: 12, kind: "timelapse" }), TomSim.Created, 201)
    expect(timelapse).toMatchObject({ pk: 2, logs_url: null, process: { view_url: null } })
    expect((await statusOf(sim, 12)).processes.map((p) => p.identifier)).toEqual([
      timelapse.process.identifier,
      created.process.identifier
    ])
  })

  it("says what is wrong with a body it cannot use", async () => {
    const sim = await started()
    const detail = async (body: unknown, status = 400) =>
      (await read(await create(sim, body), Tom.NotFound, status)).detail
    expect(await detail("{not json")).toMatch(/^TOM process to create: not valid JSON/)
    expect(await detail({ target: 1, kind: "movie" })).toMatch(
      /at kind: expected "timelapse" \| "pipeline", got "movie"/
    )
    expect(await detail({ target: 0, kind: "pipeline" })).toMatch(/at target: must be a target PK ≥ 1, got 0/)
    expect(
      await detail({
        target: 1,
        kind: "pipeline",
        outcome: "failed",
        script: { steps: [], end: { after: 1, outcome: "created" } }
      })
    ).toMatch(/give either an outcome \(for a generated script\) or a script, not both/)
    expect(
      await detail({
        target: 1,
        kind: "pipeline",
        script: { steps: [{ after: -1, status: "created" }], end: { after: 1, outcome: "created" } }
      })
    ).toMatch(
      /must be a number of seconds from 0 to 31622400, got -1.*a step's status must be free text other than pending, created, failed/
    )
    await create(sim, { target: 1, kind: "pipeline", identifier: "run_1" })
    expect(await detail({ target: 1, kind: "timelapse", identifier: "run_1" }, 409)).toBe(
      'identifier "run_1" is already used by another process of target 1'
    )
    expect(sim.tom.processes(1)).toHaveLength(1)
  })
})

describe("controls", () => {
  it("refuses options out of range, saying which", async () => {
    await expect(started({ tom: { failureRate: 2 } })).rejects.toThrow(/^failureRate must be from 0 to 1/)
    await expect(started({ tom: { firstProcessPk: 0 } })).rejects.toThrow(
      /^firstProcessPk must be a whole number/
    )
    await expect(
      started({
        tom: {
          targets: [
            {
              pk: 1,
              processes: [
                {
                  kind: "pipeline",
                  outcome: "failed",
                  script: { steps: [], end: { after: 1, outcome: "created" } }
                }
              ]
            }
          ]
        }
      })
    ).rejects.toThrow(/give either an outcome/)
  })

  it("refuses an invalid spec or a taken identifier from code, with the same sentences", () => {
    return started().then((sim) => {
      expect(() => sim.tom.addProcess(1, { kind: "movie" } as unknown as TomSim.ProcessSpec)).toThrow(
        /TOM process spec: at kind/
      )
      sim.tom.addProcess(1, { kind: "pipeline", identifier: "x" })
      expect(() => sim.tom.addProcess(1, { kind: "pipeline", identifier: "x" })).toThrow(/already used/)
      expect(() => sim.tom.addTarget(0)).toThrow(/whole number ≥ 1/)
    })
  })

  it("fails every generated script at failure rate 1, none at 0", async () => {
    const outcomes = async (failureRate: number) => {
      const kinds = Array.from({ length: 12 }, (_, i): TomSim.ProcessSpec["kind"] =>
        i % 2 === 0 ? "pipeline" : "timelapse"
      )
      const sim = await started({
        tom: { failureRate, targets: [{ pk: 1, processes: kinds.map((kind) => ({ kind })) }] }
      })
      sim.advance("1 hour")
      return new Set(sim.tom.processes(1).map((p) => p.status))
    }
    expect(await outcomes(0)).toEqual(new Set(["created"]))
    expect(await outcomes(1)).toEqual(new Set(["failed"]))
  })
})

describe("determinism", () => {
  const transcript = async (seed: number) => {
    const sim = await started({
      tom: {
        targets: [{ pk: 1, processes: [{ kind: "pipeline" }, { kind: "pipeline" }, { kind: "timelapse" }] }]
      },
      seed
    })
    const texts: Array<string> = []
    for (let step = 0; step < 60; step++) {
      texts.push(await (await fetch(`${sim.url}/api/async/status/1/`)).text())
      texts.push(await (await fetch(`${sim.url}/api/pipeline/logs/1/`)).text())
      sim.advance("3 seconds")
    }
    return texts
  }

  it("gives the same replies for the same seed, and others for another", async () => {
    const [a, b, c] = await Promise.all([transcript(11), transcript(11), transcript(12)])
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
  })
})
