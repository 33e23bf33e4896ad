/**
 * The service in one process, on a SQLite file, against the simulator: a
 * watch of a job submitted elsewhere and a submit-and-watch both reach their
 * end, their events numbered without gap, one `WatchEnded` last, and no poll
 * of either job came under the UKSSDC floor.
 */

import { Service, Watches } from "@jobscope/service"
import { Ukssdc as SimUkssdc } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as World from "./support/world.js"

describe("Service on SQLite", () => {
  const dir = World.tempDir()
  let sim: Awaited<ReturnType<typeof World.simulator>>
  let runtime: ManagedRuntime.ManagedRuntime<Watches.Watches, unknown>

  beforeAll(async () => {
    // Jobs of 8 to 10 minutes (5 to 6 s of real time), so that even a loaded machine polls each several times.
    sim = await World.simulator([8, 10])
    runtime = ManagedRuntime.make(
      Service.layer({
        database: `${dir.path}/service.db`,
        key: Redacted.make(World.key),
        upstreams: { ukssdcUrl: sim.url, speed: World.speed },
        pollInterval: "100 millis"
      }) as Layer.Layer<Watches.Watches, unknown>
    )
  })
  afterAll(async () => {
    await runtime.dispose()
    await sim.close()
    dir.remove()
  })

  const run = <A, E>(program: Effect.Effect<A, E, Watches.Watches>) => runtime.runPromise(program)
  const credentials = { ukssdc: { userId: Redacted.make(World.user) } }

  it("follows a job and a submitted job to their ends, events once each, never under the floor", async () => {
    const jobId = World.submitDirect(sim)
    const watched = await run(
      Effect.flatMap(Watches.Watches, (w) =>
        w.create("alice", { job: { _tag: "UkssdcJob", jobId }, credentials })
      )
    )
    const submitted = await run(
      Effect.flatMap(Watches.Watches, (w) =>
        w.submit("alice", { ukssdc: { ...SimUkssdc.sixProducts, name: "GRB 2" }, credentials })
      )
    )
    for (const watch of [watched, submitted]) {
      const detail = await World.until(
        () =>
          run(
            Effect.map(
              Effect.flatMap(Watches.Watches, (w) => w.get("alice", watch.id)),
              (detail) => (detail.watch.status === "active" ? undefined : detail)
            )
          ),
        `watch ${watch.id} to end`
      )
      expect(detail.watch.status).toBe("finished")
      expect(detail.watch.outcome).toBe("succeeded")
      expect(detail.events.map((event) => event.seq)).toEqual(detail.events.map((_, i) => i + 1))
      expect(detail.events.at(-1)?.event._tag).toBe("WatchEnded")
      expect(detail.events.filter((event) => event.event._tag === "WatchEnded")).toHaveLength(1)
      expect(detail.polls.at(-1)?.snapshot?.tasks.length).toBeGreaterThan(0)
      const job = detail.watch.job
      expect(job?._tag).toBe("UkssdcJob")
      const stats = sim.requests.job(`ukssdc/${job?._tag === "UkssdcJob" ? job.jobId : ""}`)
      expect(stats?.count).toBeGreaterThan(1)
      expect(stats?.minInterval).toBeGreaterThanOrEqual(World.ukssdcFloor)
    }
    // The submission was sent once: the simulator knows exactly the two jobs.
    expect(sim.ukssdc.jobs()).toHaveLength(2)
  }, 120_000)
})
