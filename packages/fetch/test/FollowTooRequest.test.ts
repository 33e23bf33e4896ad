/**
 * A Swift TOO request followed through its life over real HTTP to the
 * simulator: submitted, decided, scheduled, observed visit by visit, its data
 * in the archive. Every change is reported exactly once, a watch stopped and
 * resumed from JSON reports the same events as one that never stopped, and
 * the request is never polled under its polite floor of a minute.
 */
import { assert, describe, it } from "@effect/vitest"
import { Job, KnownSources, TooRest } from "@jobscope/core"
import { Follow, JobRef, TooRestClient } from "@jobscope/fetch"
import { TooRest as SimTooRest } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import {
  arrivals,
  eventsOf,
  failed,
  gaps,
  lastObserved,
  observed,
  phasesOf,
  simulated,
  tally
} from "./support/simulated.js"

const minute = 60_000

/** A world without the seeded requests, where the request is approved and flown in full. */
const world = { tooRest: { seeded: false, rejection: 0, interruption: 0 } }

const SavedWatch = Schema.toCodecJson(Schema.Struct({ ref: JobRef.JobRef, place: Follow.Saved }))

/** Submits the supernova request and follows it, stopping after `stopAfter` updates and resuming from JSON. */
const followed = (stopAfter?: number) =>
  Effect.gen(function* () {
    const { sim, run } = yield* simulated(world)
    const options = { policy: { jitter: 0 } }
    const result = yield* run(
      Effect.gen(function* () {
        const client = yield* TooRestClient.TooRestClient
        const job = JobRef.fromTooSubmit(yield* client.submit(SimTooRest.supernovaSubmission))
        if (stopAfter === undefined)
          return { job, before: yield* Stream.runCollect(Follow.watch(job, options)), after: [] }
        const before = yield* Stream.runCollect(Stream.take(Follow.watch(job, options), stopAfter))
        const saved = JSON.stringify(
          Schema.encodeSync(SavedWatch)({
            ref: job.ref,
            place: { key: job.key, state: before.at(-1)!.state }
          })
        )
        const restored = Schema.decodeUnknownSync(SavedWatch)(JSON.parse(saved))
        const again = JobRef.follow(restored.ref)
        assert.strictEqual(again.key, job.key)
        const after = yield* Stream.runCollect(
          Follow.watch(again, { ...options, resume: restored.place.state })
        )
        return { job, before, after }
      })
    )
    return { sim, ...result }
  })

describe("Follow.watch of a Swift TOO request", () => {
  it.effect("follows a request from submission to its data in the archive, each change once", () =>
    Effect.gen(function* () {
      const { sim, job, before } = yield* followed()
      assert.strictEqual(job.key, "too-request:22680")
      const plan = sim.tooRest.request(22680)!
      const events = eventsOf(before)
      const last = lastObserved(before)
      assert.strictEqual(Job.outcome(last.snapshot), "succeeded")
      assert.strictEqual(Job.task(last.snapshot, "request")?.code, "Data available")
      // Submitted → decided and scheduled → observing → data available: each phase once, in order.
      assert.deepStrictEqual(phasesOf(events).get("request"), ["queued", "waiting", "running", "succeeded"])
      const codes = events.flatMap((event) => (event._tag === "PhaseChanged" ? [event.code] : []))
      assert.deepStrictEqual(
        codes.filter((code, index) => codes.indexOf(code) === index),
        codes,
        "each stage reported once"
      )
      assert.includeMembers(codes, ["Approved", "Scheduled", "Observing", "Observed", "Data available"])
      assert.isFalse(events.some((event) => event._tag === "Anomaly"))
      // Each visit started and finished once, as a step of the observations.
      const visits = tally(events, (event) =>
        event._tag === "StepDone" && event.at.labels[0] === "Observations" && event.at.indices.length === 2
          ? event.at.labels[1]
          : undefined
      )
      assert.deepStrictEqual(
        [...visits.entries()],
        [
          ["Visit 1", 1],
          ["Visit 2", 1],
          ["Visit 3", 1]
        ]
      )
      // The TOO id, the target id, each observation and a link to its data: each output once.
      const outputs = events.flatMap((event) => (event._tag === "OutputAdded" ? [event.output.id] : []))
      const obsIds = plan.visits.map((visit) => visit.obsId)
      assert.sameMembers(outputs, [
        "too_id",
        "target_id",
        ...obsIds.map((id) => `obs:${id}`),
        ...obsIds.map((id) => `data:${id}`)
      ])
      assert.isFalse(events.some((event) => event._tag === "OutputChanged"))
      const links = Job.task(last.snapshot, "request")?.outputs?.filter((output) =>
        output.id.startsWith("data:")
      )
      for (const link of links ?? [])
        assert.match(link.url ?? "", /\/FTP\/swift\/data\/obs\/\d{4}_\d{2}\/\d{11}\/$/)
      // The end came once the last observation reached the archive, not before.
      const lastArchived = Math.max(...plan.visits.map((visit) => visit.archivedAt.getTime()))
      assert.isAtLeast(last.snapshot.observedAt.getTime(), lastArchived)
      // Politely: never twice within a minute, and never a request about data twice once found.
      const polls = sim.requests
        .log({ route: "tooRest.too", job: "too-request/22680" })
        .filter((entry) => entry.method === "GET")
        .map((entry) => Date.parse(entry.at))
      assert.isAtLeast(polls.length, 10)
      assert.isAtLeast(Math.min(...gaps(polls)), minute)
      assert.isAtMost(sim.requests.perRoute()["tooRest.data"] ?? 0, observed(before).length * obsIds.length)
    })
  )

  it.effect(
    "shows each visit's exposure flown against planned, and expects the end when the calendar does",
    () =>
      Effect.gen(function* () {
        const { sim, before } = yield* followed()
        const plan = sim.tooRest.request(22680)!
        const observing = observed(before).find(
          (update) => Job.task(update.snapshot, "request")?.code === "Observing"
        )
        assert(observing !== undefined, "a poll saw the request observing")
        const task = Job.task(observing.snapshot, "request")!
        assert.strictEqual(task.expectedEnd?.getTime(), plan.visits.at(-1)!.end.getTime())
        const visits = task.steps?.find((step) => step.label === "Observations")?.children ?? []
        assert.strictEqual(visits.length, 3)
        for (const visit of visits) assert.strictEqual(visit.counter?.total, 2000)
        assert.isTrue(visits.some((visit) => visit.state === "active" || visit.state === "done"))
      })
  )

  it.effect("resumed from JSON, reports the same events as a watch that never stopped, none twice", () =>
    Effect.gen(function* () {
      const whole = yield* followed()
      const split = yield* followed(12)
      const events = eventsOf([...split.before, ...split.after])
      eventsOf(split.after, observed(split.before).at(-1)!.snapshot)
      const withoutAddress = (sim: { readonly url: string }, list: ReadonlyArray<Job.Event>) =>
        JSON.parse(JSON.stringify(list).replaceAll(sim.url, "SIM"))
      assert.deepStrictEqual(
        withoutAddress(split.sim, events),
        withoutAddress(whole.sim, eventsOf(whole.before))
      )
      assert.deepStrictEqual(
        arrivals(split.sim, "tooRest.too", "too-request/22680"),
        arrivals(whole.sim, "tooRest.too", "too-request/22680")
      )
    })
  )

  it.effect("ends failed when the duty scientist rejects the request", () =>
    Effect.gen(function* () {
      const { run } = yield* simulated({ tooRest: { seeded: false, rejection: 1 } })
      const updates = yield* run(
        Effect.gen(function* () {
          const client = yield* TooRestClient.TooRestClient
          const job = JobRef.fromTooSubmit(yield* client.submit(SimTooRest.supernovaSubmission))
          return yield* Stream.runCollect(Follow.watch(job))
        })
      )
      const last = lastObserved(updates)
      assert.strictEqual(Job.outcome(last.snapshot), "failed")
      assert.strictEqual(Job.task(last.snapshot, "request")?.text, "Rejected: Rejected")
      assert.deepStrictEqual(phasesOf(eventsOf(updates)).get("request"), ["queued", "failed"])
    })
  )

  it.effect("follows a seeded request whose first visit a GRB cut short: done, with what was flown", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const cut = sim.tooRest.requests().find((request) => request.visits.some((visit) => visit.interrupted))!
      const updates = yield* run(Stream.runCollect(Follow.watch(JobRef.tooRequest(cut.tooId))))
      const last = lastObserved(updates)
      assert.strictEqual(Job.outcome(last.snapshot), "succeeded")
      const visits = Job.task(last.snapshot, "request")?.steps?.find(
        (step) => step.label === "Observations"
      )?.children
      assert.strictEqual(visits?.[0]?.state, "done")
      assert.match(visits?.[0]?.extra ?? "", /^[\d,]+ s of [\d,]+ s observed, cut short$/)
      assert.isBelow(visits![0]!.counter!.current, visits![0]!.counter!.total)
      // `status` asks once and `waitFor` answers the end, of the same job rebuilt from its ref.
      const again = JobRef.follow(JSON.parse(JSON.stringify(JobRef.tooRequest(cut.tooId).ref)))
      const now = yield* run(Follow.status(again))
      assert.strictEqual(Job.task(now, "request")?.code, "Data available")
      const end = yield* run(Follow.waitFor(again))
      assert.strictEqual(Job.outcome(end.snapshot), "succeeded")
    })
  )

  it.effect(
    "rides out the server's failures (fault injection): the failed polls are reported, nothing seen is lost",
    () =>
      Effect.gen(function* () {
        const { sim, run } = yield* simulated(
          { ...world, faults: ["tooRest.obsquery=503x2", "tooRest.data=500x1"] },
          { retries: 0 }
        )
        const updates = yield* run(
          Effect.gen(function* () {
            const client = yield* TooRestClient.TooRestClient
            const job = JobRef.fromTooSubmit(yield* client.submit(SimTooRest.supernovaSubmission))
            return yield* Stream.runCollect(Follow.watch(job, { policy: { jitter: 0 } }))
          })
        )
        assert.strictEqual(failed(updates).length, 3)
        assert.isTrue(failed(updates).every((update) => update.error._tag === "HttpStatusError"))
        const events = eventsOf(updates)
        assert.deepStrictEqual(phasesOf(events).get("request"), ["queued", "waiting", "running", "succeeded"])
        assert.strictEqual(sim.faults.list().length, 0, "every fault fired")
      })
  )

  it("is one of the core's known sources, so renderers and services name it", () => {
    assert.strictEqual(KnownSources.registry.get("too-request"), TooRest.source)
  })
})
