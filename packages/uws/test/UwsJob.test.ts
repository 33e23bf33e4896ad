import { assert, describe, it } from "@effect/vitest"
import type { Job } from "@jobscope/core"
import { Follow, Poller } from "@jobscope/fetch"
import type { Simulator, UwsSim } from "@jobscope/simulator"
import { UwsClient, UwsJob } from "@jobscope/uws"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { arrivals, inLockstep, jobs10, jobs11, live, simulator } from "./support/simulated.js"

const query = { LANG: "ADQL", QUERY: "SELECT TOP 5 * FROM lc" }

/** Creates and runs a job on a service, with the plan it will follow. */
const runJob = (sim: Simulator, jobsUrl: string, plan: UwsSim.Plan) =>
  Effect.gen(function* () {
    sim.uws.scriptNext(plan)
    const uws = yield* UwsClient.UwsClient
    const { url } = yield* uws.create(jobsUrl, query, { run: true })
    return url
  })

const idOf = (url: string) => url.split("/").at(-1)!

/** Every event of a list of updates, as `tag:detail` strings. */
const eventsOf = (updates: ReadonlyArray<Poller.Update<UwsJob.Reply>>): Array<string> =>
  updates.flatMap((update) => (update._tag === "Observed" ? update.events.map(describeEvent) : []))

const describeEvent = (event: Job.Event): string =>
  event._tag === "PhaseChanged"
    ? `PhaseChanged:${event.from}->${event.to}`
    : event._tag === "OutputAdded"
      ? `OutputAdded:${event.output.id}`
      : event._tag === "TaskAdded"
        ? `TaskAdded:${event.phase}`
        : event._tag

/** The gaps between consecutive times. */
const gaps = (times: ReadonlyArray<number>) => times.slice(1).map((time, index) => time - times[index]!)

const plan: UwsSim.Plan = { queue: 30, execution: 300, outcome: { phase: "COMPLETED" } }

describe("UwsJob: a UWS job followed by the fetch package's follow layer", () => {
  it.effect(
    "a UWS 1.0 job is polled politely: the floor holds, every change and result is reported once",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const { url, updates } = yield* inLockstep(
          sim,
          Effect.gen(function* () {
            const url = yield* runJob(sim, jobs10(sim), plan)
            const job = yield* UwsJob.open(url)
            assert.strictEqual(job.source.polling.floor, 2_000, "a 1.0 service is polled")
            const updates = yield* Stream.runCollect(Follow.watch(job))
            return { url, updates }
          })
        )
        const events = eventsOf(updates)
        assert.deepStrictEqual(
          events.filter((event) => event.startsWith("PhaseChanged")),
          ["PhaseChanged:queued->running", "PhaseChanged:running->succeeded"]
        )
        assert.deepStrictEqual(events.filter((event) => event.startsWith("OutputAdded")).sort(), [
          "OutputAdded:log",
          "OutputAdded:result"
        ])
        const last = updates.at(-1)
        assert.isTrue(last?._tag === "Observed" && last.next === undefined)
        // The creation (and its redirect) came first; from the watch's first poll on, 2 s apart at least.
        const polls = arrivals(sim, `uws10/${idOf(url)}`).slice(2)
        assert.isAbove(polls.length, 5)
        assert.isTrue(
          gaps(polls).every((gap) => gap >= 2_000),
          `gaps ${gaps(polls)}`
        )
        // Polls back off while nothing moves: far fewer than one every 2 s over 330 s.
        assert.isBelow(polls.length, 330 / 2 / 2)
      })
  )

  it.effect(
    "a saved state resumes the watch without repeating an event and without polling under the floor",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const { first, second, url, savedAt } = yield* inLockstep(
          sim,
          Effect.gen(function* () {
            const url = yield* runJob(sim, jobs10(sim), plan)
            const first = yield* Stream.runCollect(Stream.take(Follow.watch(UwsJob.make(url)), 3))

            const state = first.at(-1)!.state
            // As another process would get it: through JSON.
            const saved = JSON.parse(JSON.stringify(Schema.encodeSync(Poller.StateJson)(state)))
            const resume = Schema.decodeUnknownSync(Poller.StateJson)(saved)
            const savedAt = state.nextPollAt
            const second = yield* Stream.runCollect(Follow.watch(UwsJob.make(url), { resume }))

            return { first, second, url, savedAt }
          })
        )
        const all = [...eventsOf(first), ...eventsOf(second)]
        assert.deepStrictEqual(
          all.filter((event) => event.startsWith("PhaseChanged") || event.startsWith("TaskAdded")),
          ["TaskAdded:queued", "PhaseChanged:queued->running", "PhaseChanged:running->succeeded"]
        )
        assert.strictEqual(new Set(all).size, all.length, `an event was repeated: ${all}`)
        const resumedPolls = arrivals(sim, `uws10/${idOf(url)}`).slice(2 + 3)
        assert.isAtLeast(resumedPolls[0]! + Date.parse("2026-12-07T12:00:00Z"), savedAt)
      })
  )

  it.effect("a deadline ends the watch with DeadlinePassed, keeping the job as last seen", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const error = yield* inLockstep(
        sim,
        Effect.gen(function* () {
          const url = yield* runJob(sim, jobs10(sim), {
            queue: 3_600,
            execution: 60,
            outcome: { phase: "COMPLETED" }
          })
          return yield* Effect.flip(Follow.waitFor(UwsJob.make(url), { deadline: "5 minutes" }))
        })
      )
      assert.strictEqual(error._tag, "DeadlinePassed")
      if (error._tag !== "DeadlinePassed") return
      assert.strictEqual(error.last?.tasks[0]?.code, "QUEUED")
    })
  )

  it.effect("a failed job's snapshot carries its error summary and detail; status asks once", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const { done, status } = yield* inLockstep(
        sim,
        Effect.gen(function* () {
          const url = yield* runJob(sim, jobs11(sim), {
            queue: 2,
            execution: 20,
            outcome: {
              phase: "ERROR",
              type: "fatal",
              message: "Syntax error at SELEKT",
              detail: "ADQL line 1, column 1"
            }
          })
          const job = UwsJob.make(url)
          const status = yield* Follow.status(job)
          const done = yield* Follow.waitFor(job)
          return { done, status }
        })
      )
      assert.strictEqual(status.tasks[0]?.phase, "queued")
      const task = done.snapshot.tasks[0]!
      assert.strictEqual(task.phase, "failed")
      assert.strictEqual(task.code, "ERROR")
      assert.include(task.message ?? "", "Syntax error at SELEKT")
      assert.include(task.message ?? "", "ADQL line 1, column 1")
      assert.isDefined(done.reply.errorDetail)
    })
  )

  it.effect("watchAll follows UWS 1.1 and 1.0 jobs together, each to its end", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const ends = yield* inLockstep(
        sim,
        Effect.gen(function* () {
          const a = yield* runJob(sim, jobs11(sim), plan)
          const b = yield* runJob(sim, jobs10(sim), { ...plan, execution: 90 })
          const items = yield* Stream.runCollect(Follow.watchAll([UwsJob.make(a), UwsJob.make(b)]))
          return items.flatMap((item) =>
            item._tag === "Update" && item.update._tag === "Observed" && item.update.next === undefined
              ? [`${item.job.key.includes("uws10") ? "1.0" : "1.1"}:${item.update.snapshot.tasks[0]?.code}`]
              : []
          )
        })
      )
      assert.deepStrictEqual([...ends].sort(), ["1.0:COMPLETED", "1.1:COMPLETED"])
    })
  )
})

describe("UwsJob with UWS 1.1 blocking WAIT, on a scaled clock", () => {
  it.live("one request per phase change, each seen at once, the floor holding between requests", () =>
    Effect.gen(function* () {
      const speed = 100
      const sim = yield* simulator({ speed, uws: { maxWait: 600 } })
      const { url, updates, job } = yield* live(
        Effect.gen(function* () {
          const url = yield* runJob(sim, jobs11(sim), {
            queue: 20,
            execution: 200,
            outcome: { phase: "COMPLETED" }
          })
          const job = yield* UwsJob.open(url, { wait: "600 seconds" })
          const updates = yield* Stream.runCollect(Follow.watch(job, { policy: { speed } }))

          return { url, updates, job }
        })
      )
      assert.strictEqual(job.source.polling.ceiling, 10_000, "a 1.1 service is followed with WAIT")
      assert.deepStrictEqual(
        eventsOf(updates).filter((event) => event.startsWith("PhaseChanged")),
        ["PhaseChanged:queued->running", "PhaseChanged:running->succeeded"]
      )
      const requests = arrivals(sim, `uws/${idOf(url)}`)
      // The creation (a POST and its redirect), `open`'s read, then one WAIT per change: 220 s of job.
      assert.strictEqual(requests.length, 5, `requests at ${requests}`)
      // The floor between two requests, as the follow layer planned each pause: 1 s of the server's
      // time (10 ms here). Arrival times on a scaled clock would tell a loaded machine's lag instead.
      const pauses = updates.flatMap((update) =>
        update._tag === "Observed" && update.next !== undefined
          ? [update.next.at.getTime() - update.snapshot.observedAt.getTime()]
          : []
      )
      assert.isNotEmpty(pauses)
      assert.isTrue(
        pauses.every((pause) => pause >= 1_000 / speed),
        `pauses ${pauses}`
      )
    })
  )
})
