import { assert, describe, it } from "@effect/vitest"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Lockstep from "../src/Lockstep.js"
import { epoch } from "./support/servers.js"
import { started } from "./support/simulator.js"

/** A polling loop as a client would write it: ask, then sleep `every`, `times` times. */
const poll = (lockstep: Lockstep.Lockstep, url: string, every: Duration.Input, times: number) =>
  Effect.gen(function* () {
    const seen: Array<number> = []
    for (let i = 0; i < times; i++) {
      const numJobs = yield* Effect.promise(() =>
        lockstep
          .fetch(`${url}/user_objects/getNumJobs.php`, { method: "POST", body: '{"UserID":"a@b.c"}' })
          .then((response) => response.json() as Promise<{ numJobs: number }>)
      )
      seen.push(numJobs.numJobs)
      yield* Effect.sleep(every)
    }
    return seen
  })

/** A UWS client that follows a job with blocking WAIT until it ends; answers each phase it was told. */
const followWithWait = (lockstep: Lockstep.Lockstep, url: string) =>
  Effect.gen(function* () {
    const created = yield* Effect.promise(() =>
      lockstep.fetch(`${url}/uws/jobs`, {
        method: "POST",
        body: new URLSearchParams({ PHASE: "RUN" }),
        redirect: "manual"
      })
    )
    const job = created.headers.get("location")!
    const phases: Array<string> = []
    let phase = "QUEUED"
    while (!["COMPLETED", "ERROR", "ABORTED"].includes(phase)) {
      const text = yield* Effect.promise(() =>
        lockstep.fetch(`${job}?WAIT=-1&PHASE=${phase}`).then((response) => response.text())
      )
      phase = /<uws:phase>(\w+)<\/uws:phase>/.exec(text)?.[1] ?? "UNKNOWN"
      phases.push(phase)
    }
    return { job, phases }
  })

describe("Lockstep", () => {
  it.effect("moves the simulator's clock with the program's sleeps, to the millisecond", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.promise(() => started())
      const lockstep = Lockstep.forSimulator(sim)
      const startedAt = sim.clock.now().getTime()
      const seen = yield* lockstep.run(poll(lockstep, sim.url, "10 seconds", 30))
      assert.strictEqual(seen.length, 30)
      // 30 polls, 30 sleeps of 10 s: exactly 300 s of simulated time passed, and no more.
      assert.strictEqual(sim.clock.now().getTime() - startedAt, 300_000)
      const times = sim.requests.log({ route: "ukssdc.numJobs" }).map((entry) => Date.parse(entry.at))
      assert.deepStrictEqual(
        times.slice(1).map((time, index) => time - times[index]!),
        Array.from({ length: 29 }, () => 10_000)
      )
    })
  )

  it.effect("interleaves several programs' sleeps in time order", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.promise(() => started())
      const lockstep = Lockstep.forSimulator(sim)
      const both = Effect.all(
        [poll(lockstep, sim.url, "7 seconds", 6), poll(lockstep, sim.url, "11 seconds", 4)],
        {
          concurrency: 2
        }
      )
      yield* lockstep.run(both)
      const offsets = sim.requests
        .log({ route: "ukssdc.numJobs" })
        .map((entry) => (Date.parse(entry.at) - Date.parse(sim.requests.log()[0]!.at)) / 1000)
      assert.deepStrictEqual(offsets, [0, 0, 7, 11, 14, 21, 22, 28, 33, 35])
    })
  )

  it.effect("dies with a reason when the program waits on neither the clock nor a request", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.promise(() => started())
      const lockstep = Lockstep.forSimulator(sim)
      const exit = yield* Effect.exit(lockstep.run(Effect.never))
      assert.isTrue(exit._tag === "Failure" && String(exit.cause).includes("neither the clock nor a request"))
    })
  )

  it.effect("waits out work it cannot see when the program marks it whileBusy", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.promise(() => started())
      const lockstep = Lockstep.forSimulator(sim)
      // Work on another thread, as a WebCrypto signature is: neither the clock nor a request.
      const elsewhere = Effect.promise(
        () => new Promise<string>((resolve) => setTimeout(() => resolve("signed"), 30))
      )
      const unmarked = yield* Effect.exit(lockstep.run(elsewhere))
      assert.isTrue(
        unmarked._tag === "Failure" && String(unmarked.cause).includes("neither the clock nor a request")
      )
      const marked = yield* lockstep.run(Lockstep.whileBusy(elsewhere))
      assert.strictEqual(marked, "signed")
    })
  )

  it.effect("stops at the time limit instead of running forever", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.promise(() => started())
      const lockstep = Lockstep.forSimulator(sim)
      const forever = Effect.forever(Effect.sleep("1 hour"))
      const exit = yield* Effect.exit(lockstep.run(forever, { limit: "1 day" }))
      assert.isTrue(exit._tag === "Failure" && String(exit.cause).includes("would pass the limit"))
      assert.strictEqual(lockstep.now().getTime() - epoch.getTime(), 86_400_000)
      assert.strictEqual(sim.clock.now().getTime(), lockstep.now().getTime())
    })
  )

  it.effect(
    "moves the clock for a request the simulator holds (UWS WAIT), to the instant it is answered",
    () =>
      Effect.gen(function* () {
        const sim = yield* Effect.promise(() => started({ uws: { maxWait: 3_600 } }))
        sim.uws.scriptNext({ queue: 10, execution: 300, outcome: { phase: "COMPLETED" } })
        const lockstep = Lockstep.forSimulator(sim)
        const { job, phases } = yield* lockstep.run(followWithWait(lockstep, sim.url))
        assert.deepStrictEqual(phases, ["EXECUTING", "COMPLETED"])
        // The program ended when the job did, at 310 s, and not a millisecond later.
        assert.strictEqual(sim.clock.now().getTime() - epoch.getTime(), 310_000)
        const waits = sim.requests
          .log({ route: "uws.job" })
          .map((entry) => Date.parse(entry.at) - epoch.getTime())
        assert.deepStrictEqual(waits, [0, 10_000])
        assert.strictEqual(sim.requests.job(`uws/${job.split("/").at(-1)}`)?.routes["uws.job"], 2)
      })
  )
})
