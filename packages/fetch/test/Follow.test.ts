import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { Job, Too, Ukssdc } from "@jobscope/core"
import { Follow, JobRef, type Poller, TooClient, UkssdcClient } from "@jobscope/fetch"
import { type Tom as SimTom, Ukssdc as SimUkssdc } from "@jobscope/simulator"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Random from "effect/Random"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import {
  arrivals,
  checkUkssdcWatch,
  counting,
  epoch,
  eventsOf,
  gaps,
  lastObserved,
  observed,
  phasesOf,
  simulated,
  submit,
  tally,
  user
} from "./support/simulated.js"

const minute = 60_000

/** A pipeline that copies its frames, reduces three, and saves its outputs. */
const pipeline = (outcome: "created" | "failed"): SimTom.ProcessSpec => ({
  kind: "pipeline",
  identifier: `astrosource_${outcome}`,
  script: {
    steps: [
      {
        after: 4,
        status: "running astrosource",
        logs: ["Copying 3 files", "Running astrosource on 3 files"]
      },
      { after: 7, status: "Reducing frame 1 of 3", logs: ["Reducing frame 1 of 3"] },
      { after: 9, status: "Reducing frame 2 of 3", logs: ["Reducing frame 2 of 3"] },
      {
        after: 30,
        status: "Reducing frame 3 of 3",
        logs: ["Reducing frame 3 of 3", "Identifying comparisons"]
      }
    ],
    end:
      outcome === "created"
        ? { after: 20, outcome, logs: ["Saving outputs"] }
        : {
            after: 20,
            outcome,
            failureMessage: "Astrometry failed on frame 3",
            logs: ["Frame 3: no solution"]
          }
  }
})

/** A timelapse rendered 25 s after it is asked for. */
const timelapse: SimTom.ProcessSpec = {
  kind: "timelapse",
  identifier: "timelapse_m13.webm",
  script: { steps: [], end: { after: 25, outcome: "created" } }
}

/** The six-product UKSSDC job, asking for `products` only: the flags of the others left out. */
const askingFor = (products: ReadonlyArray<Ukssdc.ProductKind>): Ukssdc.JobParameters => {
  const asked = new Set<string>(products.map((product) => Ukssdc.productFlag[product]))
  const flags = new Set<string>(Object.values(Ukssdc.productFlag))
  return Object.fromEntries(
    Object.entries(SimUkssdc.sixProducts).filter(([key]) => !flags.has(key) || asked.has(key))
  )
}

/** How many times each output was added, by `task output`. */
const outputsAdded = (events: ReadonlyArray<Job.Event>): Record<string, number> =>
  Object.fromEntries(
    tally(events, (event) =>
      event._tag === "OutputAdded" ? `${event.taskId} ${event.output.id}` : undefined
    )
  )

/** The request number of a TOO job's first status, which must have one. */
const jobnumberOf = (status: Too.Status): number => {
  const jobnumber = status.api_data.jobnumber
  assert.isNumber(jobnumber)
  return jobnumber!
}

/** Submits a UKSSDC job and follows it to its end, reading what its products found as `results` asks. */
const submitAndWatch = (
  parameters: Ukssdc.JobParameters,
  results: { readonly positions?: boolean; readonly data?: boolean }
) =>
  Effect.gen(function* () {
    const client = yield* UkssdcClient.UkssdcClient
    const job = JobRef.fromSubmit(yield* client.submit(parameters), undefined, results)
    return { job, updates: yield* Stream.runCollect(Follow.watch(job)) }
  })

describe("Follow.watch, a UKSSDC job", () => {
  it.effect("follows all six products to success, each change once, never polling under 10 s", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const { ref, updates } = yield* run(
        Effect.gen(function* () {
          const ref = yield* submit()
          return { ref, updates: yield* Stream.runCollect(Follow.watch(ref)) }
        })
      )
      assert.deepStrictEqual(ref.ref.products, ["lc", "spec", "enh", "psf", "xastrom", "image"])
      const events = checkUkssdcWatch(sim, ref.ref.jobId, updates)
      const last = lastObserved(updates)
      assert.strictEqual(Job.outcome(last.snapshot), "succeeded")
      assert.strictEqual(last.snapshot.label, "GRB 200101A")
      assert.strictEqual(last.snapshot.url, ref.ref.url)
      assert.strictEqual(last.reply.JobID, Number(ref.ref.jobId))
      assert.isTrue(updates.slice(0, -1).every((update) => update.next !== undefined))
      // Each product became queued, running and succeeded exactly once; every product ran its steps.
      const succeeded = tally(events, (event) =>
        event._tag === "PhaseChanged" && event.to === "succeeded" ? event.taskId : undefined
      )
      assert.deepStrictEqual([...succeeded.values()], [1, 1, 1, 1, 1, 1])
      assert.isAbove(events.filter((event) => event._tag === "StepDone").length, 20)
      // Each product's archive reported once, when it completed, with its link under the job's page.
      assert.deepStrictEqual(outputsAdded(events), {
        "lc archive": 1,
        "spec archive": 1,
        "enh archive": 1,
        "psf archive": 1,
        "xastrom archive": 1,
        "image archive": 1
      })
      assert.isFalse(events.some((event) => event._tag === "OutputChanged"))
      assert.strictEqual(
        Job.task(last.snapshot, "lc")?.outputs?.find((output) => output.id === "archive")?.url,
        `${ref.ref.url}/lc.tar.gz`
      )
      // Every top-level step any poll showed was reported done exactly once, the last ones
      // included, though the server stops reporting steps once a product is complete.
      // (The enhanced position goes through its steps once per filter set, so once per pass.)
      for (const product of ["lc", "spec", "psf", "xastrom", "image"]) {
        const seen = new Set(
          updates.flatMap((update) =>
            update._tag === "Observed"
              ? (Job.task(update.snapshot, product)?.steps ?? []).map((step) => step.label)
              : []
          )
        )
        const done = events.filter(
          (event) => event._tag === "StepDone" && event.taskId === product && event.at.indices.length === 1
        )
        assert.isAbove(seen.size, 0, product)
        assert.deepStrictEqual(
          done.map((event) => (event._tag === "StepDone" ? event.at.labels[0] : "")).sort(),
          [...seen].sort(),
          product
        )
      }

      const job = sim.ukssdc.job(Number(ref.ref.jobId))!
      const stats = sim.requests.job(`ukssdc/${ref.ref.jobId}`)!
      assert.deepStrictEqual(stats.routes, { "ukssdc.submit": 1, "ukssdc.status": updates.length })
      assert.isAtLeast(stats.minInterval!, 10_000)
      assert.isTrue(gaps(arrivals(sim, "ukssdc.status")).every((gap) => gap >= 10_000))
      // Seen over within the longest wait (2 min, +10 % jitter) of its end, in far fewer polls than every 10 s.
      assert.isAtMost(last.snapshot.observedAt.getTime() - job.endsAt.getTime(), 132_000)
      assert.isBelow(updates.length, (job.endsAt.getTime() - epoch.getTime()) / 10_000 / 2)
    }).pipe(Random.withSeed(1))
  )

  it.effect("ends failed when a product fails, scripted or made to fail mid-watch", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated({ ukssdc: { failures: [{ product: "spec" }] } })
      const { ref, updates } = yield* run(
        Effect.gen(function* () {
          const ref = yield* submit()
          // Four minutes in, between two polls, the light curve breaks.
          yield* Effect.forkChild(
            Effect.delay(
              Effect.sync(() => assert.isTrue(sim.ukssdc.fail(Number(ref.ref.jobId), "lc"))),
              "4 minutes"
            )
          )
          return { ref, updates: yield* Stream.runCollect(Follow.watch(ref)) }
        })
      )
      const events = checkUkssdcWatch(sim, ref.ref.jobId, updates)
      const last = lastObserved(updates)
      assert.strictEqual(Job.outcome(last.snapshot), "failed")
      const ends = new Map([...phasesOf(events)].map(([task, phases]) => [task, phases.at(-1)]))
      assert.deepStrictEqual(Object.fromEntries(ends), {
        lc: "failed",
        spec: "failed",
        psf: "succeeded",
        enh: "succeeded",
        xastrom: "succeeded",
        image: "succeeded"
      })
      const job = sim.ukssdc.job(Number(ref.ref.jobId))!
      assert.deepStrictEqual(
        job.products.filter((product) => product.outcome === -3).map((product) => product.product),
        ["lc", "spec"]
      )
    }).pipe(Random.withSeed(2))
  )

  it.effect("ends cancelled when the job is cancelled through the client mid-watch", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const cancelledAt = epoch.getTime() + 3 * minute
      const { ref, updates, outcome } = yield* run(
        Effect.gen(function* () {
          const client = yield* UkssdcClient.UkssdcClient
          // Without astrometry: the simulator fails it (-3) when the PSF it waits for is cancelled first.
          const ref = yield* submit({ ...SimUkssdc.sixProducts, doxastrom: 0 })
          // Three minutes in, between two polls, the user cancels the job.
          const cancelling = yield* Effect.forkChild(
            Effect.delay(client.cancel(ref.ref.jobId, ref.ref.products), "3 minutes")
          )
          const updates = yield* Stream.runCollect(Follow.watch(ref))
          return { ref, updates, outcome: yield* Fiber.join(cancelling) }
        })
      )
      assert.isTrue(outcome.complete, JSON.stringify(outcome))
      const events = checkUkssdcWatch(sim, ref.ref.jobId, updates)
      const last = lastObserved(updates)
      assert.strictEqual(Job.outcome(last.snapshot), "cancelled")
      // The watch saw it at the next poll, within the floor and its jitter.
      assert.isAtMost(last.snapshot.observedAt.getTime() - cancelledAt, 11_000)
      const cancelled = tally(events, (event) =>
        event._tag === "PhaseChanged" && event.to === "cancelled" ? event.taskId : undefined
      )
      assert.strictEqual(cancelled.size, 5)
      assert.isTrue([...cancelled.values()].every((count) => count === 1))
      assert.strictEqual(sim.requests.perRoute()["ukssdc.cancel"], 1)
    }).pipe(Random.withSeed(3))
  )

  it.effect("asks only for the products the job has, and knows them from the submit reply", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const { ref, updates } = yield* run(
        Effect.gen(function* () {
          const ref = yield* submit(askingFor(["lc"]))
          return { ref, updates: yield* Stream.runCollect(Follow.watch(ref)) }
        })
      )
      assert.deepStrictEqual(ref.ref.products, ["lc"])
      checkUkssdcWatch(sim, ref.ref.jobId, updates)
      assert.deepStrictEqual(
        lastObserved(updates).snapshot.tasks.map((task) => [task.id, task.phase]),
        [["lc", "succeeded"]]
      )
    }).pipe(Random.withSeed(4))
  )

  it.effect(
    "with positions, reports the position each position product found once, asking for each once",
    () =>
      Effect.gen(function* () {
        const { sim, run } = yield* simulated()
        const { job, updates } = yield* run(submitAndWatch(SimUkssdc.sixProducts, { positions: true }))
        const events = checkUkssdcWatch(sim, job.ref.jobId, updates)
        const positions = events.flatMap((event) =>
          event._tag === "OutputAdded" && event.output.id === "position" ? [event] : []
        )
        assert.deepStrictEqual(positions.map((event) => event.taskId).sort(), ["enh", "psf", "xastrom"])
        assert.isFalse(events.some((event) => event._tag === "OutputChanged"))
        for (const event of positions) {
          const value = event.output.value
          assert(value?._tag === "Position", `a Position output for ${event.taskId}`)
          assert.isTrue(Number.isFinite(value.ra) && Number.isFinite(value.dec))
          assert.isAbove(value.error ?? 0, 0)
        }
        // Each position arrives with the poll that first sees its product complete, and stays.
        for (const kind of ["psf", "enh", "xastrom"]) {
          const answers = observed(updates)
          const complete = answers.findIndex(
            (update) => Job.task(update.snapshot, kind)?.phase === "succeeded"
          )
          const shown = answers.findIndex((update) =>
            Job.task(update.snapshot, kind)?.outputs?.some((output) => output.id === "position")
          )
          assert.isAtLeast(complete, 0, kind)
          assert.strictEqual(shown, complete, kind)
        }
        // One request per position product, however many polls came after it completed.
        assert.strictEqual(sim.requests.perRoute()["ukssdc.position"], 3)
        assert.strictEqual(sim.requests.perRoute()["ukssdc.status"], updates.length)
      }).pipe(Random.withSeed(1))
  )

  it.effect(
    "with data, reports the light curve's datasets and the spectrum's fits once, asking for each once",
    () =>
      Effect.gen(function* () {
        const { sim, run } = yield* simulated()
        const { job, updates } = yield* run(submitAndWatch(SimUkssdc.sixProducts, { data: true }))
        const events = checkUkssdcWatch(sim, job.ref.jobId, updates)
        const made = events.flatMap((event) =>
          event._tag === "OutputAdded" && event.output.id !== "archive" ? [event] : []
        )
        const ids = made.map((event) => `${event.taskId} ${event.output.id}`)
        assert.isTrue(
          ids.some((id) => id.startsWith("lc dataset:")),
          ids.join(", ")
        )
        assert.isTrue(
          ids.some((id) => id.startsWith("spec fit:")),
          ids.join(", ")
        )
        assert.strictEqual(new Set(ids).size, ids.length, "each output once")
        assert.isFalse(events.some((event) => event._tag === "OutputChanged"))
        // Datasets and fits stay on the final snapshot; one request each, however many polls came after.
        const last = lastObserved(updates).snapshot
        assert.isTrue(Job.task(last, "lc")?.outputs?.some((output) => output.id.startsWith("dataset:")))
        assert.strictEqual(sim.requests.perRoute()["ukssdc.lightCurve"], 1)
        assert.strictEqual(sim.requests.perRoute()["ukssdc.spectrum"], 1)
      }).pipe(Random.withSeed(1))
  )

  it.effect("with data, reports a source detection's bands and sources once, asking for them once", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const { job, updates } = yield* run(
        submitAndWatch(
          { name: "M 31 field", targ: "00031234", sourceDet: 1, detobs: "all", detbands: "all" },
          { data: true }
        )
      )
      assert.deepStrictEqual(job.ref.products, ["sourceDet"])
      const events = checkUkssdcWatch(sim, job.ref.jobId, updates)
      const ids = events.flatMap((event) =>
        event._tag === "OutputAdded" && event.output.id !== "archive"
          ? [`${event.taskId} ${event.output.id}`]
          : []
      )
      assert.includeMembers(ids, [
        "sourceDet band:Total",
        "sourceDet band:Soft",
        "sourceDet band:Medium",
        "sourceDet band:Hard",
        "sourceDet source:1"
      ])
      assert.strictEqual(new Set(ids).size, ids.length, "each output once")
      const last = lastObserved(updates).snapshot
      const outputs = Job.task(last, "sourceDet")?.outputs ?? []
      const total = outputs.find((output) => output.id === "band:Total")
      const positions = outputs.filter((output) => output.value?._tag === "Position")
      // As many positions as the Total band's count, each with its error circle.
      assert.strictEqual(total?.label, `Total band: ${positions.length} sources`)
      assert.isTrue(positions.every((output) => output.value?._tag === "Position" && output.value.error! > 0))
      assert.strictEqual(sim.requests.perRoute()["ukssdc.sourceDet"], 1)
    }).pipe(Random.withSeed(1))
  )

  it.effect("goes under the 10 s floor only with the option named unsafe", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated({
        ukssdc: { jobDuration: { min: "3 minutes", max: "3 minutes" } }
      })
      const intervals = yield* run(
        Effect.gen(function* () {
          const polite = yield* submit()
          const unsafe = yield* submit()
          yield* Effect.all(
            [
              // A floor under the politeness floor is raised to it.
              Stream.runDrain(
                Follow.watch(polite, { policy: { floor: "2 seconds", ceiling: "10 seconds" } })
              ),
              Stream.runDrain(
                Follow.watch(unsafe, { policy: { unsafeFloor: "2 seconds", ceiling: "10 seconds" } })
              )
            ],
            { concurrency: 2 }
          )
          return [polite, unsafe].map((ref) => sim.requests.job(`ukssdc/${ref.ref.jobId}`)!.minInterval!)
        })
      )
      assert.isAtLeast(intervals[0]!, 10_000)
      assert.isAtMost(intervals[0]!, 11_000)
      assert.isAtLeast(intervals[1]!, 2_000)
      assert.isBelow(intervals[1]!, 10_000)
    }).pipe(Random.withSeed(5))
  )
})

describe("Follow.watch, a Swift TOO job", () => {
  it.effect("waits for a visibility query through Queued and Processing, with the windows in the reply", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const { jobnumber, updates, final } = yield* run(
        Effect.gen(function* () {
          const too = yield* TooClient.TooClient
          const jobnumber = jobnumberOf(yield* too.visibility(83.633, 22.0145, { begin: epoch, length: 2 }))
          const updates = yield* Stream.runCollect(Follow.watch(JobRef.too(jobnumber, "Crab visibility")))
          const final = yield* Follow.waitFor(JobRef.too(jobnumber))
          return { jobnumber, updates, final }
        })
      )
      const events = eventsOf(updates)
      const truth = sim.too.job(jobnumber)!
      assert.deepStrictEqual(phasesOf(events).get("request"), ["queued", "running", "succeeded"])
      for (const update of observed(updates)) {
        const at = update.snapshot.observedAt.getTime()
        const expected =
          at >= truth.completed.getTime() ? "succeeded" : at >= truth.began.getTime() ? "running" : "queued"
        assert.strictEqual(update.snapshot.tasks[0]?.phase, expected)
      }
      const last = lastObserved(updates)
      assert.strictEqual(last.snapshot.label, "Crab visibility")
      assert.isAtMost(last.snapshot.observedAt.getTime() - truth.completed.getTime(), 16_500)
      // The first request about the job submitted it; the polls after it kept to the 1 s floor.
      const polls = arrivals(sim, "too.submit", `too/${jobnumber}`).slice(1, 1 + updates.length)
      assert.strictEqual(polls.length, updates.length)
      assert.isTrue(gaps(polls).every((gap) => gap >= 1_000))

      assert.isUndefined(final.next)
      assert.strictEqual(Job.outcome(final.snapshot), "succeeded")
      const result = final.reply.api_data.result
      assert(Schema.is(Too.VisQuery)(result), `a Swift_VisQuery result, got ${result?.api_name}`)
      const windows = result.api_data.windows ?? []
      assert.isAbove(windows.length, 0)
      for (const { api_data: window } of windows) assert.isBelow(window.begin.getTime(), window.end.getTime())
    }).pipe(Random.withSeed(6))
  )

  it.effect("takes the reply in hand as the first poll, asking the server nothing until the floor", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const { jobnumber, updates } = yield* run(
        Effect.gen(function* () {
          const too = yield* TooClient.TooClient
          const first = yield* too.visibility(83.633, 22.0145, { begin: epoch })
          const jobnumber = jobnumberOf(first)
          return {
            jobnumber,
            updates: yield* Stream.runCollect(Follow.watch(JobRef.fromToo(first)))
          }
        })
      )
      const requests = arrivals(sim, "too.submit", `too/${jobnumber}`)
      // The submit, then one request per update but the first, which was the submit's own reply.
      assert.strictEqual(requests.length, updates.length)
      const [firstUpdate] = observed(updates)
      assert.strictEqual(firstUpdate?.snapshot.tasks[0]?.phase, "queued")
      assert.strictEqual(firstUpdate?.snapshot.observedAt.getTime(), requests[0])
      assert.isTrue(gaps(requests).every((gap) => gap >= 1_000))
      assert.strictEqual(Job.outcome(lastObserved(updates).snapshot), "succeeded")
    }).pipe(Random.withSeed(6))
  )

  it.effect("submits a TOO request and waits for the TOO it creates", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const final = yield* run(
        Effect.gen(function* () {
          const too = yield* TooClient.TooClient
          const first = yield* too.request(tooRequest())
          assert.strictEqual(first.api_data.status, "Queued")
          return yield* Follow.waitFor(JobRef.too(jobnumberOf(first)))
        })
      )
      assert.strictEqual(Job.outcome(final.snapshot), "succeeded")
      const result = final.reply.api_data.result
      assert(Schema.is(Too.Request)(result), `a Swift_TOO_Request result, got ${result?.api_name}`)
      assert.strictEqual(result.api_data.source_name, "GRB 210315A")
      assert.strictEqual(result.api_data.too_id, sim.too.jobs()[0]?.tooId)
    }).pipe(Random.withSeed(7))
  )

  it.effect("ends failed, with the server's reasons, when the job is Rejected", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      sim.too.rejectNext(["The target is too close to the Sun."])
      const updates = yield* run(
        Effect.gen(function* () {
          const too = yield* TooClient.TooClient
          const jobnumber = jobnumberOf(yield* too.visibility(83.633, 22.0145, { begin: epoch }))
          return yield* Stream.runCollect(Follow.watch(JobRef.too(jobnumber)))
        })
      )
      const events = eventsOf(updates)
      const last = lastObserved(updates)
      assert.strictEqual(Job.outcome(last.snapshot), "failed")
      assert.strictEqual(last.snapshot.tasks[0]?.message, "The target is too close to the Sun.")
      assert.strictEqual(last.reply.api_data.status, "Rejected")
      assert.strictEqual(phasesOf(events).get("request")?.at(-1), "failed")
      assert.strictEqual(
        events.filter((event) => event._tag === "PhaseChanged" && event.to === "failed").length,
        1
      )
    }).pipe(Random.withSeed(8))
  )
})

describe("Follow.watch, TOM processes", () => {
  it.effect("follows a target's processes until all have ended, each status change once", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      sim.tom.addProcess(7, pipeline("created"))
      sim.tom.addProcess(7, timelapse)
      const updates = yield* run(Stream.runCollect(Follow.watch(JobRef.tomTarget(7, "M13"))))
      const events = eventsOf(updates)
      const last = lastObserved(updates)
      assert.strictEqual(Job.outcome(last.snapshot), "succeeded")
      assert.strictEqual(last.snapshot.label, "M13")
      const processes = sim.tom.processes(7)
      const ended = Math.max(...processes.map((process) => process.terminal!.getTime()))
      assert.isAtLeast(last.snapshot.observedAt.getTime(), ended)
      // Each status the pipeline's script sets shows up as one change, in order.
      const statuses = events
        .filter((event) => event._tag === "PhaseChanged" && event.taskId === "astrosource_created")
        .map((event) => (event._tag === "PhaseChanged" ? event.code : undefined))
      assert.deepStrictEqual(statuses, [
        "running astrosource",
        "Reducing frame 1 of 3",
        "Reducing frame 2 of 3",
        "Reducing frame 3 of 3",
        "created"
      ])
      assert.deepStrictEqual(phasesOf(events).get("timelapse_m13.webm"), ["pending", "succeeded"])
      assert.isAtLeast(sim.requests.job("tom/target/7")!.minInterval!, 1_000)
    }).pipe(Random.withSeed(9))
  )

  it.effect("ends failed when a process fails, with its failure message", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      sim.tom.addProcess(8, pipeline("failed"))
      const updates = yield* run(Stream.runCollect(Follow.watch(JobRef.tomTarget(8))))
      eventsOf(updates)
      const last = lastObserved(updates)
      assert.strictEqual(Job.outcome(last.snapshot), "failed")
      assert.strictEqual(last.snapshot.tasks[0]?.message, "Astrometry failed on frame 3")
    }).pipe(Random.withSeed(10))
  )

  it.effect("follows a pipeline's log: the lines appended add up to the final log exactly", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const { pk } = sim.tom.addProcess(7, pipeline("created"))
      const updates = yield* run(Stream.runCollect(Follow.watch(JobRef.tomPipeline(pk))))
      const events = eventsOf(updates)
      const last = lastObserved(updates)
      const appended = events.flatMap((event) => (event._tag === "LogAppended" ? [event.text] : []))
      assert.isAbove(appended.length, 3, "the log grew over several polls")
      assert.strictEqual(appended.join(""), last.reply.logs)
      assert.strictEqual(last.reply.logs, sim.tom.processes(7)[0]!.logs)
      assert.strictEqual(
        last.reply.logs,
        "Copying 3 files\nRunning astrosource on 3 files\nReducing frame 1 of 3\nReducing frame 2 of 3\nReducing frame 3 of 3\nIdentifying comparisons\nSaving outputs\n"
      )
      assert.strictEqual(Job.outcome(last.snapshot), "succeeded")
      assert.strictEqual(last.snapshot.jobId, `pipeline/${pk}`)
    }).pipe(Random.withSeed(11))
  )
})

describe("Follow.watch, refusals", () => {
  it.effect("ends at once with Refused for a job that is unknown, not the user's, or a TOM 404", () =>
    Effect.gen(function* () {
      const { sim, lockstep, run } = yield* simulated()
      const theirs = sim.ukssdc.submit({ ...SimUkssdc.sixProducts, UserID: "someone.else@example.org" })
      assert(theirs.OK === 1)
      const jobs: ReadonlyArray<JobRef.Any> = [
        JobRef.ukssdc(99),
        JobRef.ukssdc(theirs.JobID),
        JobRef.tomTarget(404),
        JobRef.tomPipeline(404),
        JobRef.too(9999)
      ]
      const errors = yield* run(
        Effect.forEach(jobs, (job) => Effect.flip(Stream.runCollect(Follow.watch(job))))
      )
      assert.deepStrictEqual(
        errors.map((error) => error._tag),
        ["Refused", "Refused", "Refused", "Refused", "Refused"]
      )
      assert.match(errors[0]!.message, /UKSSDC status of job 99 .*: Job 99 does not exist\./)
      assert.match(errors[1]!.message, /is not owned by user/)
      assert.match(errors[2]!.message, /TOM async status of job target\/404 .*: Not found\./)
      // One request each, and no time spent waiting.
      assert.strictEqual(sim.requests.total(), jobs.length)
      assert.strictEqual(lockstep.now().getTime(), epoch.getTime())
    })
  )
})

describe("Follow.status and Follow.waitFor", () => {
  it.effect("status asks once; waitFor answers the final update", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const { first, final } = yield* run(
        Effect.gen(function* () {
          const ref = yield* submit()
          const first = yield* Follow.status(ref)
          const final = yield* Follow.waitFor(ref)
          return { first, final }
        })
      )
      assert.deepStrictEqual(
        first.tasks.map((task) => task.phase),
        ["pending", "pending", "pending", "pending", "pending", "pending"]
      )
      assert.strictEqual(first.observedAt.getTime(), epoch.getTime())
      assert.strictEqual(Job.outcome(final.snapshot), "succeeded")
      assert.isUndefined(final.next)
      assert.isAtLeast(final.snapshot.observedAt.getTime(), sim.ukssdc.jobs()[0]!.endsAt.getTime())
    }).pipe(Random.withSeed(12))
  )
})

describe("Follow of a UKSSDC job by its ID alone", () => {
  it.effect("asks about all six products and shows the job's own; named products are shown as asked", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const { own, named } = yield* run(
        Effect.gen(function* () {
          const submitted = yield* submit({
            ...SimUkssdc.sixProducts,
            lc: 0,
            doenh: 0,
            dopsf: 0,
            doxastrom: 0
          })
          assert.deepStrictEqual(submitted.ref.products, ["spec", "image"])
          const own = yield* Follow.status(JobRef.ukssdc(submitted.ref.jobId))
          const named = yield* Follow.status(JobRef.ukssdc(submitted.ref.jobId, { products: ["lc", "spec"] }))
          return { own, named }
        })
      )
      assert.deepStrictEqual(
        own.tasks.map((task) => task.id),
        ["spec", "image"]
      )
      assert.deepStrictEqual(
        named.tasks.map((task) => [task.id, task.phase]),
        [
          ["lc", "unknown"],
          ["spec", "pending"]
        ]
      )
      assert.strictEqual(sim.requests.perRoute()["ukssdc.status"], 2)
    }).pipe(Random.withSeed(12))
  )
})

describe("Follow.watch, stopping", () => {
  it.effect("stops at once when its fiber is interrupted: no request after", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const { seen, polls } = yield* run(
        Effect.gen(function* () {
          const ref = yield* submit()
          const seen: Array<Poller.Update<unknown>> = []
          const fiber = yield* Effect.forkChild(
            Stream.runForEach(Follow.watch(ref), (update) => Effect.sync(() => seen.push(update)))
          )
          yield* Effect.sleep("3 minutes")
          yield* Fiber.interrupt(fiber)
          const polls = sim.requests.total()
          // Long after, nothing more has been asked.
          yield* Effect.sleep("1 hour")
          return { seen, polls }
        })
      )
      assert.isAbove(polls, 3)
      assert.strictEqual(sim.requests.perRoute()["ukssdc.status"], polls - 1)
      assert.strictEqual(sim.requests.total(), polls)
      assert.strictEqual(seen.length, polls - 1)
      assert.isTrue(arrivals(sim, "ukssdc.status").every((at) => at <= epoch.getTime() + 3 * minute))
    }).pipe(Random.withSeed(13))
  )

  it.effect("ends the stream at once when its signal aborts, between polls or before the first", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const controller = new AbortController()
      const { updates, late } = yield* run(
        Effect.gen(function* () {
          const ref = yield* submit()
          const updates = yield* Stream.runCollect(
            Follow.watch(ref, { signal: controller.signal }).pipe(
              Stream.tap((update) =>
                Effect.sync(() => {
                  if (update._tag === "Observed" && update.state.polls === 4) controller.abort()
                })
              )
            )
          )
          yield* Effect.sleep("1 hour")
          const late = yield* Stream.runCollect(Follow.watch(ref, { signal: controller.signal }))
          return { updates, late }
        })
      )
      assert.strictEqual(updates.length, 4)
      assert.deepStrictEqual(late, [])
      assert.strictEqual(sim.requests.perRoute()["ukssdc.status"], 4)
    }).pipe(Random.withSeed(14))
  )

  it.effect("cuts a request in flight when the signal aborts during it, and asks nothing more", () =>
    Effect.gen(function* () {
      const controller = new AbortController()
      let sent = 0
      const { sim, run } = yield* simulated({}, {}, (fetch) => (input, init) => {
        // The third status request is the last: the signal aborts as it leaves.
        if (String(input).includes("checkProductStatus") && ++sent === 3) controller.abort()
        return fetch(input, init)
      })
      const updates = yield* run(
        Effect.gen(function* () {
          const ref = yield* submit()
          const updates = yield* Stream.runCollect(Follow.watch(ref, { signal: controller.signal }))
          yield* Effect.sleep("1 hour")
          return updates
        })
      )
      assert.strictEqual(updates.length, 2)
      assert.strictEqual(sent, 3)
      assert.isAtMost(sim.requests.perRoute()["ukssdc.status"] ?? 0, 3)
    }).pipe(Random.withSeed(15))
  )
})

/** Events as JSON, with a simulator's address in its archive links replaced, to compare two runs. */
const withoutAddress = (sim: { readonly url: string }, events: ReadonlyArray<Job.Event>): unknown =>
  JSON.parse(JSON.stringify(events).replaceAll(sim.url, "http://simulator"))

/** A built-in job as data and its watch's place, as a program keeps them between runs. */
const SavedWatch = Schema.toCodecJson(Schema.Struct({ ref: JobRef.JobRef, place: Follow.Saved }))

describe("Follow.watch, resumed", () => {
  /** Watches a job to its end on a fresh simulator, stopping after `stopAfter` updates and resuming from JSON after `away`. */
  const splitWatch = (stopAfter: number | undefined, away: Duration.Input = "0 seconds") =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated()
      const options = { policy: { jitter: 0 } }
      return yield* run(
        Effect.gen(function* () {
          // With positions: a resumed watch asks again for those found before it stopped, but reports none twice.
          const job = JobRef.follow({ ...(yield* submit()).ref, positions: true })
          if (stopAfter === undefined)
            return { sim, before: yield* Stream.runCollect(Follow.watch(job, options)), after: [] }
          const before = yield* Stream.runCollect(Stream.take(Follow.watch(job, options), stopAfter))
          // The job as data and its place, through JSON, as a program would keep them between runs.
          const saved = JSON.stringify(
            Schema.encodeSync(SavedWatch)({
              ref: job.ref,
              place: { key: job.key, state: before.at(-1)!.state }
            })
          )
          yield* Effect.sleep(away)
          const restored = Schema.decodeUnknownSync(SavedWatch)(JSON.parse(saved))
          assert.deepStrictEqual(restored, {
            ref: job.ref,
            place: { key: "ukssdc:1", state: before.at(-1)!.state }
          })
          const again = JobRef.follow(restored.ref)
          assert.strictEqual(again.key, restored.place.key)
          const after = yield* Stream.runCollect(
            Follow.watch(again, { ...options, resume: restored.place.state })
          )
          return { sim, before, after }
        })
      )
    })

  it.effect("goes on from saved JSON as if never stopped: the same events, none twice, the floor kept", () =>
    Effect.gen(function* () {
      const whole = yield* splitWatch(undefined)
      const split = yield* splitWatch(9)
      assert.strictEqual(split.before.length, 9)
      const events = checkUkssdcWatch(split.sim, 1, [...split.before, ...split.after])
      // The resumed watch diffs against the last snapshot before it stopped.
      eventsOf(split.after, observed(split.before).at(-1)!.snapshot)
      // The same events, but for the simulators' addresses in the archive links.
      assert.deepStrictEqual(
        withoutAddress(split.sim, events),
        withoutAddress(whole.sim, checkUkssdcWatch(whole.sim, 1, whole.before))
      )
      const times = arrivals(split.sim, "ukssdc.status")
      assert.deepStrictEqual(times, arrivals(whole.sim, "ukssdc.status"))
      assert.isAtLeast(times[9]! - times[8]!, 10_000)
      // Each product's archive and each position reported once across the two runs.
      const added = outputsAdded(events)
      assert.strictEqual(Object.keys(added).length, 9)
      assert.isTrue(Object.values(added).every((count) => count === 1))
      assert.isFalse(events.some((event) => event._tag === "OutputChanged"))
      assert.strictEqual(whole.sim.requests.perRoute()["ukssdc.position"], 3)
      assert.isAtMost(split.sim.requests.perRoute()["ukssdc.position"] ?? 0, 6)
    })
  )

  it.effect("after a long absence, polls at once, repeating nothing and missing no end", () =>
    Effect.gen(function* () {
      const split = yield* splitWatch(5, "6 minutes")
      const updates = [...split.before, ...split.after]
      const events = checkUkssdcWatch(split.sim, 1, updates)
      const changes = tally(events, (event) =>
        event._tag === "PhaseChanged" ? `${event.taskId} ${event.to}` : undefined
      )
      assert.isTrue([...changes.values()].every((count) => count === 1))
      assert.strictEqual(Job.outcome(lastObserved(updates).snapshot), "succeeded")
      const times = arrivals(split.sim, "ukssdc.status")
      assert.strictEqual(times[5]! - times[4]!, 6 * minute)
    })
  )
})

describe("Follow.watchAll", () => {
  it.effect("resumes many jobs from their saved places", () =>
    Effect.gen(function* () {
      const { sim, run } = yield* simulated({
        ukssdc: { jobDuration: { min: "3 minutes", max: "6 minutes" } }
      })
      const { refs, before, after } = yield* run(
        Effect.gen(function* () {
          const refs = [yield* submit(), yield* submit()]
          const before = yield* Stream.runCollect(Stream.take(Follow.watchAll(refs), 12))
          // The latest place of each job, through JSON, as a program would keep them between runs.
          const saved = refs.flatMap((ref) => {
            const updates = before.flatMap((entry) =>
              entry._tag === "Update" && entry.job === ref ? [entry.update] : []
            )
            const last = updates.at(-1)
            return last === undefined ? [] : [{ key: ref.key, state: last.state }]
          })
          const json = JSON.stringify(saved.map((entry) => Schema.encodeSync(Follow.SavedJson)(entry)))
          const resume = (JSON.parse(json) as Array<unknown>).map((entry) =>
            Schema.decodeUnknownSync(Follow.SavedJson)(entry)
          )
          const after = yield* Stream.runCollect(Follow.watchAll(refs, { resume }))
          return { refs, before, after }
        })
      )
      for (const ref of refs) {
        const updates = [...before, ...after].flatMap((entry) =>
          entry._tag === "Update" && entry.job.ref.jobId === ref.ref.jobId ? [entry.update] : []
        )
        // Each job's events across both runs are the diffs of its snapshots: nothing repeated, nothing lost.
        checkUkssdcWatch(sim, ref.ref.jobId, updates)
        assert.isAtLeast(sim.requests.job(`ukssdc/${ref.ref.jobId}`)!.minInterval!, 10_000)
      }
    }).pipe(Random.withSeed(17))
  )

  it.effect(
    "follows 200 UKSSDC jobs and some TOO and TOM ones, reporting a refused one and going on",
    () =>
      Effect.gen(function* () {
        const perHost = 4
        let inFlight: ReturnType<typeof counting>["counts"] | undefined
        const { sim, run } = yield* simulated(
          { ukssdc: { jobDuration: { min: "1 minute", max: "6 minutes" } } },
          { perHost },
          (fetch) => {
            const counted = counting(fetch)
            inFlight = counted.counts
            return counted.fetch
          }
        )
        const kinds: ReadonlyArray<ReadonlyArray<Ukssdc.ProductKind>> = [
          ["lc"],
          ["lc", "spec"],
          ["psf", "xastrom"],
          ["image", "enh"],
          ["lc", "spec", "psf", "enh", "xastrom", "image"]
        ]
        const ukssdc = Array.from({ length: 200 }, (_, index) => {
          const reply = sim.ukssdc.submit({ ...askingFor(kinds[index % kinds.length]!), UserID: user })
          assert(reply.OK === 1, reply.OK === 0 ? reply.ERROR : "")
          return JobRef.fromSubmit(reply)
        })
        const { pk } = sim.tom.addProcess(7, pipeline("created"))
        sim.tom.addProcess(8, pipeline("failed"))
        const results = yield* run(
          Effect.gen(function* () {
            const too = yield* TooClient.TooClient
            const tooJobs = yield* Effect.forEach([10, 20, 30], (ra) =>
              Effect.map(too.visibility(ra, 22, { begin: epoch }), (status) =>
                JobRef.too(jobnumberOf(status))
              )
            )
            const refs: ReadonlyArray<JobRef.Any> = [
              ...ukssdc,
              ...tooJobs,
              JobRef.tomTarget(7),
              JobRef.tomTarget(8),
              JobRef.tomPipeline(pk),
              JobRef.ukssdc(99_999)
            ]
            return {
              refs,
              all: yield* Stream.runCollect(Follow.watchAll(refs, { policy: { floor: "30 seconds" } }))
            }
          })
        )
        const { refs, all } = results
        const failures = all.filter((entry) => entry._tag === "Failed")
        assert.strictEqual(failures.length, 1)
        assert.deepStrictEqual(failures[0]!.job.ref, JobRef.ukssdc(99_999).ref)
        assert.strictEqual(failures[0]!.job.key, "ukssdc:99999")
        assert.strictEqual(failures[0]!._tag === "Failed" && failures[0]!.error._tag, "Refused")
        // It failed at its first poll; the others went on for a long while after.
        assert.isAbove(all.length - all.indexOf(failures[0]!), 1_000)

        const outcomes = new Map<string, string | undefined>()
        for (const ref of refs.slice(0, -1)) {
          const updates = all.flatMap((entry) =>
            entry._tag === "Update" && entry.job === ref ? [entry.update] : []
          )
          const events =
            ref.ref._tag === "UkssdcJob" ? checkUkssdcWatch(sim, ref.ref.jobId, updates) : eventsOf(updates)
          assert.isAbove(events.length, 0)
          outcomes.set(ref.name, Job.outcome(lastObserved(updates).snapshot))
        }
        assert.strictEqual(outcomes.size, refs.length - 1)
        assert.strictEqual(outcomes.get("TOM target 8"), "failed")
        assert.strictEqual(
          [...outcomes.values()].filter((outcome) => outcome === "succeeded").length,
          refs.length - 2
        )
        for (const stats of sim.requests.jobs())
          if (stats.job.startsWith("ukssdc/"))
            assert.isAtLeast(stats.minInterval ?? Infinity, 30_000, stats.job)
        // Everyone polled at once at the start; the transport let four through at a time, and no more.
        assert.strictEqual(inFlight!.most, perHost)
        assert.strictEqual(inFlight!.total, sim.requests.total())
      }).pipe(Random.withSeed(16)),
    // Thousands of real requests to the simulator: 20 s alone on a 2-core machine, more under the
    // load of a whole `pnpm test`, where the shared 30 s timeout cut it short.
    90_000
  )
})

/** The TOO request of the core's fixture, as a caller gives it. */
const tooRequest = (): TooClient.RequestData => {
  const {
    username: _username,
    validate_only: _validateOnly,
    ...data
  } = Schema.decodeUnknownSync(Too.Request)(
    JSON.parse(
      readFileSync(new URL("../../core/test/fixtures/too/too-request.json", import.meta.url), "utf8")
    )
  ).api_data
  return data
}
