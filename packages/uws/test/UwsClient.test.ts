import { assert, describe, it } from "@effect/vitest"
import { UwsClient } from "@jobscope/uws"
import * as Effect from "effect/Effect"
import { epoch, inLockstep, jobs10, jobs11, live, simulator } from "./support/simulated.js"

const query = { LANG: "ADQL", QUERY: "SELECT TOP 5 * FROM lc" }

describe("UwsClient over HTTP, against the simulated UWS 1.1 and 1.0 services", () => {
  it.effect(
    "creates a PENDING job with its parameters, runs it, and reads it to COMPLETED with its results",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        sim.uws.scriptNext({ queue: 5, execution: 30, outcome: { phase: "COMPLETED" } })
        const { created, running, done, results } = yield* inLockstep(
          sim,
          Effect.gen(function* () {
            const uws = yield* UwsClient.UwsClient
            const created = yield* uws.create(jobs11(sim), query)
            const running = yield* uws.run(created.url)
            yield* Effect.sleep("40 seconds")
            const done = yield* uws.read(created.url)
            const results = yield* uws.results(created.url)
            return { created, running, done, results }
          })
        )
        assert.strictEqual(created.job.phase, "PENDING")
        assert.strictEqual(created.job.version, "1.1")
        assert.strictEqual(created.url, `${jobs11(sim)}/${created.job.jobId}`)
        assert.deepInclude(
          created.job.parameters.map((parameter) => [parameter.id.toUpperCase(), parameter.value]),
          ["QUERY", query.QUERY]
        )
        assert.strictEqual(running.phase, "QUEUED")
        assert.strictEqual(done.phase, "COMPLETED")
        assert.deepStrictEqual(done.startTime, new Date(epoch.getTime() + 5_000))
        assert.deepStrictEqual(done.endTime, new Date(epoch.getTime() + 35_000))
        assert.deepStrictEqual(
          results.map((result) => result.id),
          done.results.map((result) => result.id)
        )
        assert.isTrue(
          results.every(
            (result) => result.href?.startsWith(created.url) === true && result.size !== undefined
          )
        )
      })
  )

  it.effect(
    "PHASE=RUN on creation queues the job at once; abort ends it ABORTED; delete makes it a 404",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        sim.uws.scriptNext({ queue: 60, execution: 60, outcome: { phase: "COMPLETED" } })
        const { created, aborted, gone } = yield* inLockstep(
          sim,
          Effect.gen(function* () {
            const uws = yield* UwsClient.UwsClient
            const created = yield* uws.create(jobs11(sim), query, { run: true })
            const aborted = yield* uws.abort(created.url)
            yield* uws.remove(created.url)
            const gone = yield* Effect.flip(uws.read(created.url))
            return { created, aborted, gone }
          })
        )
        assert.strictEqual(created.job.phase, "QUEUED")
        assert.strictEqual(aborted.phase, "ABORTED")
        assert.strictEqual(gone._tag, "HttpStatusError")
        if (gone._tag === "HttpStatusError") assert.strictEqual(gone.status, 404)
      })
  )

  it.effect("sets the destruction time and the execution duration", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const destruction = new Date(epoch.getTime() + 86_400_000)
      const { moved, limited } = yield* inLockstep(
        sim,
        Effect.gen(function* () {
          const uws = yield* UwsClient.UwsClient
          const { url } = yield* uws.create(jobs11(sim), query)
          const moved = yield* uws.setDestruction(url, destruction)
          const limited = yield* uws.setExecutionDuration(url, 120)
          return { moved, limited }
        })
      )
      assert.deepStrictEqual(moved.destruction, destruction)
      assert.strictEqual(limited.executionDuration, 120)
    })
  )

  it.effect("lists jobs with the PHASE, AFTER and LAST filters", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const { all, pending, last, after, ids } = yield* inLockstep(
        sim,
        Effect.gen(function* () {
          const uws = yield* UwsClient.UwsClient
          const first = yield* uws.create(jobs11(sim), query)
          yield* Effect.sleep("10 seconds")
          sim.uws.scriptNext({ queue: 600, execution: 60, outcome: { phase: "COMPLETED" } })
          const second = yield* uws.create(jobs11(sim), query, { run: true })
          yield* Effect.sleep("10 seconds")
          const third = yield* uws.create(jobs11(sim), query)
          const all = yield* uws.list(jobs11(sim))
          const pending = yield* uws.list(jobs11(sim), { phase: ["PENDING"] })
          const last = yield* uws.list(jobs11(sim), { last: 1 })
          const after = yield* uws.list(jobs11(sim), { after: new Date(epoch.getTime() + 5_000) })
          return { all, pending, last, after, ids: [first, second, third].map((job) => job.job.jobId) }
        })
      )
      assert.strictEqual(all.jobs.length, 3)
      assert.deepStrictEqual(
        pending.jobs.map((job) => job.phase),
        ["PENDING", "PENDING"]
      )
      assert.strictEqual(last.jobs.length, 1)
      assert.strictEqual(last.jobs[0]?.id, ids[2])
      assert.strictEqual(after.jobs.length, 2)
      assert.isTrue(after.jobs.every((job) => (job.creationTime?.getTime() ?? 0) > epoch.getTime() + 5_000))
    })
  )

  it.effect("reads a failed job's error summary and its detail document", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      sim.uws.scriptNext({
        queue: 1,
        execution: 5,
        outcome: {
          phase: "ERROR",
          type: "fatal",
          message: "Table gaia.nope does not exist",
          detail: "line 1: gaia.nope"
        }
      })
      const { job, detail } = yield* inLockstep(
        sim,
        Effect.gen(function* () {
          const uws = yield* UwsClient.UwsClient
          const { url } = yield* uws.create(jobs11(sim), query, { run: true })
          yield* Effect.sleep("10 seconds")
          return { job: yield* uws.read(url), detail: yield* uws.errorDetail(url) }
        })
      )
      assert.strictEqual(job.phase, "ERROR")
      assert.deepStrictEqual(job.errorSummary, {
        type: "fatal",
        hasDetail: true,
        message: "Table gaia.nope does not exist"
      })
      assert.include(detail, "line 1: gaia.nope")
    })
  )

  it.effect("reads a UWS 1.0 service's documents: no version attribute, so 1.0", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const created = yield* inLockstep(
        sim,
        Effect.flatMap(UwsClient.UwsClient, (uws) => uws.create(jobs10(sim), query))
      )
      assert.strictEqual(created.job.version, "1.0")
      assert.isUndefined(created.job.creationTime)
    })
  )

  it.effect(
    "an HTML page or truncated XML where a job document was expected is an InvalidReply saying so",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const { url } = yield* inLockstep(
          sim,
          Effect.flatMap(UwsClient.UwsClient, (uws) => uws.create(jobs11(sim), query))
        )
        sim.faults.add("uws.job=html")
        const html = yield* inLockstep(
          sim,
          Effect.flip(Effect.flatMap(UwsClient.UwsClient, (uws) => uws.read(url)))
        )
        assert.strictEqual(html._tag, "InvalidReply")
        assert.match(
          html.message,
          /^UWS job document of job \w+ \(http:\/\/127\.0\.0\.1:\d+\/uws\/jobs\/\w+\): an HTML page came instead of XML/
        )
        sim.faults.clear()
        sim.faults.add("uws.job=malformed")
        const cut = yield* inLockstep(
          sim,
          Effect.flip(Effect.flatMap(UwsClient.UwsClient, (uws) => uws.read(url)))
        )
        assert.strictEqual(cut._tag, "InvalidReply")
        assert.include(cut.message, "not valid XML")
      })
  )
})

describe("UwsClient.wait (UWS 1.1 blocking WAIT), on a scaled clock", () => {
  it.live("is answered when the phase changes, not before: one request per change", () =>
    Effect.gen(function* () {
      // 100 simulated seconds per real second.
      const sim = yield* simulator({ speed: 100, uws: { maxWait: 600 } })
      sim.uws.scriptNext({ queue: 20, execution: 100, outcome: { phase: "COMPLETED" } })
      const { url, phases } = yield* live(
        Effect.gen(function* () {
          const uws = yield* UwsClient.UwsClient
          const { url, job } = yield* uws.create(jobs11(sim), query, { run: true })
          const executing = yield* uws.wait(url, job.phase, "600 seconds")
          const completed = yield* uws.wait(url, executing.phase, "600 seconds")
          return { url, phases: [job.phase, executing.phase, completed.phase] }
        })
      )
      assert.deepStrictEqual(phases, ["QUEUED", "EXECUTING", "COMPLETED"])
      const id = url.split("/").at(-1)!
      // The creation's redirect to the job, then one WAIT per change.
      assert.strictEqual(sim.requests.job(`uws/${id}`)?.routes["uws.job"], 3)
      const view = sim.uws.job(id)!
      assert.strictEqual(view.phase, "COMPLETED")
    })
  )
})
