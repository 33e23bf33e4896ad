/**
 * Hundreds of durable watches on one runner keep polling: every one of 300
 * watches of long jobs polls at least twice. A runner that falls behind its
 * durable timers (as one did when every SQLite commit was flushed to the disk
 * on its only thread) would take longer here, but the bound is generous
 * (the simulator's clock runs 4× fast, so the floor is 2.5 s, and 600 polls
 * are asked for in four minutes): what fails this is a runner that stops
 * polling. The disk flush itself is checked directly, by its setting.
 */

import { Service, Watches } from "@jobscope/service"
import { Ukssdc as SimUkssdc, start } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import { SqlClient } from "effect/sql"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as World from "./support/world.js"

const watches = 300
const speed = 4

describe("Service at scale", () => {
  const dir = World.tempDir()
  let sim: Awaited<ReturnType<typeof start>>
  let runtime: ManagedRuntime.ManagedRuntime<Watches.Watches | SqlClient.SqlClient, unknown>

  beforeAll(async () => {
    // Jobs of 10 to 11 hours of the simulator's time: none ends during the test.
    sim = await start({
      speed,
      seed: 11,
      ukssdc: { failureProbability: 0, jobDuration: { min: "10 hours", max: "11 hours" } }
    })
    runtime = ManagedRuntime.make(
      Service.layer({
        database: `${dir.path}/service.db`,
        key: Redacted.make(World.key),
        upstreams: { ukssdcUrl: sim.url, speed },
        pollInterval: "250 millis"
      }) as Layer.Layer<Watches.Watches | SqlClient.SqlClient, unknown>
    )
  })
  afterAll(async () => {
    await runtime.dispose()
    await sim.close()
    dir.remove()
  })

  it("does not flush the disk at every commit (synchronous = NORMAL, 1)", async () => {
    const rows = await runtime.runPromise(
      Effect.flatMap(SqlClient.SqlClient, (sql) => sql`PRAGMA synchronous`)
    )
    expect(rows).toEqual([{ synchronous: 1 }])
    const mode = await runtime.runPromise(
      Effect.flatMap(SqlClient.SqlClient, (sql) => sql`PRAGMA journal_mode`)
    )
    expect(mode).toEqual([{ journal_mode: "wal" }])
  })

  it(`polls every one of ${watches} watches at least twice`, async () => {
    const credentials = { ukssdc: { userId: Redacted.make(World.user) } }
    const jobIds = Array.from({ length: watches }, () => {
      const reply = sim.ukssdc.submit({
        ...SimUkssdc.sixProducts,
        UserID: World.user,
        api_name: "xrt_prods",
        api_version: "1.12"
      })
      if (!("JobID" in reply)) throw new Error("the simulator refused a job")
      return String(reply.JobID)
    })
    await runtime.runPromise(
      Effect.flatMap(Watches.Watches, (w) =>
        Effect.forEach(
          jobIds,
          (jobId) => w.create("alice", { job: { _tag: "UkssdcJob", jobId }, credentials }),
          {
            concurrency: 16,
            discard: true
          }
        )
      )
    )
    const listed = await World.until(
      () =>
        runtime.runPromise(
          Effect.map(
            Effect.flatMap(Watches.Watches, (w) => w.list("alice", {})),
            (views) => (views.every((view) => view.polls >= 2) ? views : undefined)
          )
        ),
      `every one of ${watches} watches to poll twice`,
      240_000
    )
    expect(listed).toHaveLength(watches)
    expect(listed.every((view) => view.status === "active" && view.lastError === null)).toBe(true)
    // None of the jobs was polled under the floor while they were many.
    for (const jobId of jobIds)
      expect(sim.requests.job(`ukssdc/${jobId}`)?.minInterval).toBeGreaterThanOrEqual(World.ukssdcFloor)
  }, 300_000)
})
