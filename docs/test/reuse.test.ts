import { assert, describe, expect, it } from "@effect/vitest"
import { DecodeError, Job, KnownSources, Lifecycle, Phase, Poll, Source } from "@jobscope/core"
import { Transport } from "@jobscope/fetch"
import { Html } from "@jobscope/html"
import { Markdown } from "@jobscope/markdown"
import { Lockstep } from "@jobscope/simulator"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { decodeRun, follow, lifecycle, phaseOf, source, toSnapshot, type WireRun } from "../examples/reuse.js"
import { runAt, start } from "./support/pipelineQueue.js"

const epoch = new Date("2026-03-01T10:00:00Z")

/** The run as the queue reports it `seconds` after it was queued, read from its JSON like a reply. */
const snapshotAt = (seconds: number, failing = false): Job.Snapshot => {
  const reply = decodeRun(JSON.stringify(runAt(seconds * 1000, failing)))
  assert(Result.isSuccess(reply), "the test server's reply decodes")
  return toSnapshot(reply.success, { observedAt: new Date(epoch.getTime() + seconds * 1000) })
}

/** The message of the `DecodeError` a body gets. */
const failureOf = (body: string): DecodeError.DecodeError => {
  const decoded = decodeRun(body)
  assert(Result.isFailure(decoded), `${body} must not decode`)
  return decoded.failure
}

describe("reusing the core for a pipeline queue", () => {
  describe("the wire schema", () => {
    it("decodes what the server sends, and maps it onto a snapshot", () => {
      const snapshot = snapshotAt(100)
      expect(snapshot.source).toBe("pipeline")
      expect(snapshot.jobId).toBe("r-42")
      const [run] = snapshot.tasks
      expect(run?.phase).toBe("running")
      expect(run?.steps?.map((step) => [step.label, step.state, step.counter])).toEqual([
        ["bias", "done", undefined],
        ["flat", "active", { current: 6, total: 12 }],
        ["stack", "pending", undefined]
      ])
      expect(Duration.toSeconds(run!.elapsed!)).toBe(80)
    })

    it("turns a wrong value into a DecodeError naming each path, never a throw", () => {
      const error = failureOf('{"id":"r-42","state":"paused","steps":[{"name":"bias","status":"finished"}]}')
      expect(error).toBeInstanceOf(DecodeError.DecodeError)
      expect(error._tag).toBe("DecodeError")
      expect(error.problems.map((problem) => problem.path)).toEqual(["state", "steps[0].status"])
      expect(error.message).toBe(
        'pipeline queue reply: at state: expected "waiting" | "running" | "done" | "error", got "paused"; ' +
          'at steps[0].status: expected "todo" | "running" | "done", got "finished"'
      )
    })

    it("says so when an HTML error page, truncated JSON or nothing came instead of a reply", () => {
      expect(failureOf("<html><title>502 Bad Gateway</title><h1>Bad Gateway</h1></html>").message).toBe(
        'pipeline queue reply: an HTML page came instead of JSON: "502 Bad Gateway Bad Gateway"'
      )
      expect(failureOf('{"id":"r-42","sta').message).toMatch(/^pipeline queue reply: not valid JSON \(/)
      expect(failureOf("").message).toBe("pipeline queue reply: the body was empty, not JSON")
      expect(failureOf('{"id":"r-42","state":"running","steps":[],"runtime":-5}').problems[0]?.path).toBe(
        "runtime"
      )
    })

    it("keeps a run's running time to the whole millisecond, so a saved snapshot reads back the same", () => {
      const reply = Schema.decodeUnknownSync(Schema.fromJsonString(Schema.Unknown))(
        '{"id":"r-1","state":"running","steps":[],"runtime":12.3456}'
      )
      const snapshot = toSnapshot(reply as WireRun, { observedAt: epoch })
      const json = Schema.encodeSync(Job.SnapshotJson)(snapshot)
      expect(Schema.decodeSync(Job.SnapshotJson)(json)).toEqual(snapshot)
    })
  })

  describe("the phases and the lifecycle", () => {
    it("puts every state the queue reports in a phase", () => {
      expect((["waiting", "running", "done", "error"] as const).map(phaseOf)).toEqual([
        "queued",
        "running",
        "succeeded",
        "failed"
      ])
    })

    it("allows what a run does, skips included, and judges anything else a regression", () => {
      expect(Lifecycle.judge(lifecycle, "queued", "succeeded")).toBe("advanced") // a poll missed the run
      expect(Lifecycle.judge(lifecycle, "succeeded", "running")).toBe("regressed")
      expect(Lifecycle.judge(lifecycle, "running", "queued")).toBe("regressed")
    })

    it("is the lifecycle of the queue's Source, which names its runs and paces its polls", () => {
      expect(source.lifecycle).toBe(lifecycle)
      expect(source.describeJob("r-42")).toBe("pipeline run r-42")
      expect(source.name).toBe("Reduction pipeline")
      // Stricter than the generic lifecycle a Source no one registered gets: a run never waits again.
      expect(Lifecycle.judge(Lifecycle.generic, "running", "waiting")).toBe("regressed")
      expect(Phase.isTerminal("succeeded")).toBe(true)
    })
  })

  describe("Job.diff on the new API's snapshots", () => {
    it("reports the run starting, its steps and counters, each once", () => {
      const events = Job.diff(snapshotAt(10), snapshotAt(30), source)
      expect(events.map((event) => event._tag)).toEqual(["PhaseChanged", "StepStarted", "CounterAdvanced"])
      expect(events[0]).toMatchObject({ from: "queued", to: "running", code: "running" })
      const later = Job.diff(snapshotAt(30), snapshotAt(100), source)
      expect(later.map((event) => [event._tag, "at" in event ? event.at.labels.join("/") : ""])).toEqual([
        ["StepDone", "bias"],
        ["StepStarted", "flat"],
        ["CounterAdvanced", "flat"]
      ])
      expect(Job.diff(snapshotAt(100), snapshotAt(100), source)).toEqual([])
    })

    it("finishes the steps and the job with the files it made, or fails with the server's reason", () => {
      const done = snapshotAt(230)
      expect(Job.outcome(done)).toBe("succeeded")
      expect(Job.diff(snapshotAt(200), done, source).map((event) => event._tag)).toEqual([
        "PhaseChanged",
        "StepDone",
        "OutputAdded",
        "OutputAdded"
      ])
      expect(done.tasks[0]?.outputs?.map((output) => [output.label, output.url])).toEqual([
        ["Stacked image", "/runs/r-42/stack.fits"],
        ["Reduction log", "/runs/r-42/log.txt"]
      ])
      const failed = snapshotAt(230, true)
      expect(Job.outcome(failed)).toBe("failed")
      expect(failed.tasks[0]?.message).toBe("flat 7 of 12 is saturated")
    })

    it("reports a run that went back from done to running as an anomaly, not a throw", () => {
      const events = Job.diff(snapshotAt(230), snapshotAt(100), source)
      expect(events[0]).toMatchObject({
        _tag: "Anomaly",
        from: "succeeded",
        to: "running",
        reason: "a pipeline run that had succeeded is now reported running"
      })
    })
  })

  describe("Poll on the new API", () => {
    const generic = Poll.make(source)

    it("polls as its Source says: floor 5 s, ceiling 1 min, never under the 5 s polite floor", () => {
      expect(Duration.toMillis(generic.floor)).toBe(5_000)
      expect(Duration.toMillis(generic.ceiling)).toBe(60_000)
      expect(Duration.toMillis(Poll.make(source, { floor: "100 millis" }).floor)).toBe(5_000)
      expect(Duration.toMillis(Poll.make(source, { unsafeFloor: "100 millis" }).floor)).toBe(100)
    })

    it("backs off while the run waits in the queue, from the floor up to the ceiling", () => {
      const waiting = snapshotAt(10)
      let state = Poll.initial(generic)
      const delays: Array<number> = []
      for (let second = 0; second < 600; second += 60) {
        const decision = Poll.next(
          generic,
          state,
          { snapshot: { ...waiting, observedAt: new Date(epoch.getTime() + second * 1000) }, events: [] },
          0
        )
        delays.push(Duration.toSeconds(decision.delay))
        state = decision.state
      }
      expect(delays).toEqual([7.5, 11.25, 16.875, 25.3125, 37.96875, 56.953125, 60, 60, 60, 60])
    })

    it("closes in on the finish the step counters predict", () => {
      // At 100 s: running 80 s; bias done, flat on 6 of 12, stack not started: (1 + 5/12 + 0) / 3 done.
      const fraction = (1 + 5 / 12) / 3
      const remaining = (80 * (1 - fraction)) / fraction
      const decision = Poll.next(
        generic,
        Poll.initial(generic),
        { snapshot: snapshotAt(100), events: Job.diff(snapshotAt(90), snapshotAt(100), source) },
        0
      )
      expect(decision.reason).toBe("eta")
      expect(Duration.toSeconds(decision.eta!)).toBeCloseTo(remaining, 6)
      expect(Duration.toSeconds(decision.delay)).toBeCloseTo(remaining * 0.3, 6)
    })

    it("stops once the run is over", () => {
      const decision = Poll.next(generic, Poll.initial(generic), { snapshot: snapshotAt(230), events: [] }, 0)
      expect(decision.reason).toBe("finished")
    })
  })

  describe("the renderers, unchanged", () => {
    const running = snapshotAt(100)
    // The renderers' registry, with the queue's Source in it, names its runs as it does.
    const sources = Source.register(KnownSources.registry, source)

    it("Markdown: a task list with the active step in bold and its count", () => {
      const lines = Markdown.render(running, { summary: false, icons: false, sources }).split("\n")
      expect(lines[0]).toBe("## pipeline run r-42")
      expect(lines.filter((line) => line.startsWith("- ["))).toEqual([
        "- [x] bias",
        "- [ ] **flat** — 6/12",
        "- [ ] stack"
      ])
      expect(lines).toContain("**Running time:** 1 min 20 s")
    })

    it("HTML: a progress bar and the steps in words, with the active one marked", () => {
      const html = Html.render(running)
      expect(html).toContain('<progress class="jobscope-progress-bar" max="100" value="47"')
      expect(html.match(/<li class="jobscope-step [^"]*"/g)).toEqual([
        '<li class="jobscope-step jobscope-step-done"',
        '<li class="jobscope-step jobscope-step-active"',
        '<li class="jobscope-step jobscope-step-pending"'
      ])
      expect(html).toContain('aria-current="step"><span class="jobscope-step-label">flat</span>')
    })

    it("links what a finished run made, resolved against the run's page, and only then", () => {
      const reply = decodeRun(JSON.stringify(runAt(230_000, false)))
      assert(Result.isSuccess(reply))
      const page = "https://queue.example.org/queue/r-42"
      const linked = Markdown.render(toSnapshot(reply.success, { observedAt: epoch, url: page }), { sources })
      expect(linked).toContain("- [Stacked image](<https://queue.example.org/runs/r-42/stack.fits>)")
      const html = Html.render(toSnapshot(reply.success, { observedAt: epoch, url: page }), { sources })
      expect(html).toContain('href="https://queue.example.org/runs/r-42/log.txt"')
      // Without a page to resolve against, a relative URL would lead nowhere where the report is opened.
      expect(Html.render(toSnapshot(reply.success, { observedAt: epoch }))).not.toContain("href=")
    })

    it("escapes what the new server sends, as it does for the observatories'", () => {
      const reply = decodeRun(
        '{"id":"<img src=x onerror=alert(1)>","state":"error","steps":[],"error":"*bad* [x](y)"}'
      )
      assert(Result.isSuccess(reply))
      const snapshot = toSnapshot(reply.success, { observedAt: epoch })
      expect(Html.render(snapshot)).not.toContain("<img")
      expect(Html.render(snapshot)).toContain("&lt;img src=x onerror=alert(1)&gt;")
      expect(Markdown.render(snapshot)).toContain("\\*bad\\* \\[x\\](y)")
    })
  })

  describe("following a run with @jobscope/fetch's generic watcher", () => {
    /** Follows r-42 on a fresh test server, in simulated time, until the watch ends. */
    const followed = (failing: boolean) =>
      Effect.gen(function* () {
        const queue = yield* Effect.acquireRelease(
          Effect.promise(() => start({ failing })),
          (server) => Effect.promise(() => server.close())
        )
        const lockstep = Lockstep.make({ start: epoch, advance: queue.advance })
        const transport = Transport.layerFetch({ fetch: lockstep.fetch })
        const updates = yield* lockstep.run(
          Stream.runCollect(follow(queue.url, "r-42")).pipe(Effect.provide(transport))
        )
        return { queue, updates }
      })

    it.effect("sees the run through, every change once, never asking under the 5 s floor", () =>
      Effect.gen(function* () {
        const { queue, updates } = yield* followed(false)
        const observed = updates.filter((update) => update._tag === "Observed")
        expect(observed).toHaveLength(updates.length)
        const last = observed.at(-1)!
        expect(Job.outcome(last.snapshot)).toBe("succeeded")
        expect(last.next).toBeUndefined()
        const events = observed.flatMap((update) => update.events)
        const phases = events.flatMap((event) => (event._tag === "PhaseChanged" ? [event.to] : []))
        expect(phases).toEqual(["running", "succeeded"])
        // The files, each reported once, linked under the queue's own address.
        const made = events.flatMap((event) => (event._tag === "OutputAdded" ? [event.output.label] : []))
        expect(made).toEqual(["Stacked image", "Reduction log"])
        expect(last.snapshot.url).toBe(`${queue.url}/queue/r-42`)
        expect(
          events.filter((event) => event._tag === "StepDone").map((event) => event.at.labels[0])
        ).toEqual(["bias", "flat", "stack"])
        const gaps = queue.requests.slice(1).map((at, index) => at - queue.requests[index]!)
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5_000)
        // Seen over within a minute of its end, in far fewer requests than asking every 5 s.
        expect(queue.requests.at(-1)! - queue.endsAt).toBeLessThan(60_000)
        expect(queue.requests.length).toBeLessThan(queue.endsAt / 5_000 / 2)
      })
    )

    it.effect("ends on the failure with the server's reason", () =>
      Effect.gen(function* () {
        const { updates } = yield* followed(true)
        const last = updates.at(-1)
        assert(last?._tag === "Observed")
        expect(Job.outcome(last.snapshot)).toBe("failed")
        expect(last.reply.error).toBe("flat 7 of 12 is saturated")
      })
    )
  })
})
