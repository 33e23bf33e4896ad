/**
 * `jobscope too` through the REST API (the default) against the simulator:
 * a TOO request submitted and followed to its data, listings as text and
 * JSON, the server's refusals as exit codes, and `--api 1.2` kept apart.
 */
import { Job } from "@jobscope/core"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { environment, escapes, run } from "./support/cli.js"
import { at, driveClock, driven, secret, simulator, url } from "./support/simulator.js"
import { submissionFile } from "./support/tooRequest.js"

const alice = () => environment({ JOBSCOPE_TOO_USERNAME: "alice", JOBSCOPE_TOO_SECRET: secret })

/** A stopped simulator without seeded requests, where a request is approved and flown in full. */
const world = () => simulator({ speed: 0, tooRest: { seeded: false, rejection: 0, interruption: 0 } })

/**
 * How fast the tests drive the simulated days of a TOO request: 11 hours a
 * second. The command is told 3,600 (its fastest), so it polls at least
 * every second of real time, a few times per visit.
 */
const drive = 40_000

describe("jobscope too (REST API)", () => {
  it("submits a TOO request and follows it through its life to its data (exit 0)", async () => {
    const sim = await world()
    const ran = await driveClock(
      sim,
      run(["too", "submit", "--data", await submissionFile(), "--watch", ...driven(sim, 3600)], alice()),
      drive
    )
    expect(ran.stderr).toBe("")
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(/^Submitted a Swift TOO request for SN 2026abc: TOO 22680\n/)
    expect(ran.stdout.trimEnd().split("\n").at(-1)).toBe("Swift TOO request 22680: ✓ succeeded")
    expect(ran.stdout).toContain("Data available")
    expect(ran.stdout).not.toContain(secret)
    expect(escapes(ran.stdout)).toEqual([])
    expect(sim.requests.perRoute()["tooRest.login"]).toBe(1)
  })

  it("follows a request as JSON lines, one per poll, ending with its data's links", async () => {
    const sim = await world()
    const submitted = await run(
      ["too", "submit", "--data", await submissionFile(), "--format", "json", ...url(sim)],
      alice()
    )
    expect(submitted.code).toBe(0)
    const reply = JSON.parse(submitted.stdout) as { status: string; too_id: number }
    expect(reply.status).toBe("Accepted")
    const ran = await driveClock(
      sim,
      run(["too", "follow", String(reply.too_id), "--format", "json", ...driven(sim, 3600)], alice()),
      drive
    )
    expect(ran.code).toBe(0)
    const updates = ran.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; snapshot?: unknown })
    const last = Schema.decodeUnknownSync(Job.SnapshotJson)(updates.at(-1)!.snapshot)
    expect(Job.outcome(last)).toBe("succeeded")
    const links = Job.task(last, "request")?.outputs?.filter((output) => output.id.startsWith("data:")) ?? []
    expect(links).toHaveLength(3)
  })

  it("lists requests, a calendar and observations, as text and JSON", async () => {
    const sim = await simulator({ speed: 0, start: new Date("2026-03-15T00:00:00Z") })
    const list = await run(["too", "requests", "--limit", "5", "--format", "json", ...url(sim)])
    expect(list.code).toBe(0)
    const entries = (
      JSON.parse(list.stdout) as {
        entries: ReadonlyArray<{
          too_id: number
          target_name: string
          target_id: number | null
          decision: string
        }>
      }
    ).entries
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.every((entry) => entry.decision === "Approved")).toBe(true)
    const text = await run(["too", "requests", "--limit", "5", ...url(sim)])
    expect(text.stdout).toMatch(/^\d+ Swift TOO requests?\n {2}TOO +Target/)
    const flown = entries.find((entry) => entry.target_name === "AT 2026bqz")!
    const calendar = await run(["too", "calendar", "--too-id", String(flown.too_id), ...url(sim)])
    expect(calendar.code).toBe(0)
    expect(calendar.stdout).toMatch(/^3 visits in the calendar\n/)
    const observations = await run([
      "too",
      "observations",
      "--target-id",
      String(flown.target_id),
      ...url(sim)
    ])
    expect(observations.stdout).toMatch(/ in 3 observations\n/)
  })

  it("ends with exit 1 for a rejected request, and for a wrong secret, which it never shows", async () => {
    const sim = await simulator({ speed: 0, start: new Date("2026-03-15T00:00:00Z") })
    const rejected = sim.tooRest.requests().find((request) => request.decision === "Rejected")!
    const followed = await run(["too", "follow", String(rejected.tooId), ...url(sim)])
    // Not the user's, and rejected: the public list does not show it.
    expect(followed.code).toBe(1)
    expect(followed.stderr).toMatch(/lists no TOO request/)
    const wrong = "a-wrong-shared-secret-xyz"
    const denied = await run(
      ["too", "requests", "--detail", "--limit", "1", ...url(sim)],
      environment({ JOBSCOPE_TOO_USERNAME: "alice", JOBSCOPE_TOO_SECRET: wrong })
    )
    expect(denied.code).toBe(1)
    expect(denied.stderr).toMatch(/authentication failed/)
    expect(denied.stderr + denied.stdout).not.toContain(wrong)
  })

  it("keeps --api 1.2 apart: REST commands refuse it (exit 2), 1.2 commands take it", async () => {
    const sim = await simulator()
    const refused = await run(["too", "--api", "1.2", "requests", "--limit", "1", ...url(sim)])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/speaks the REST API/)
    const old = await run(["too", "--api", "1.2", "resolve", "Crab", "--format", "json", ...at(sim)])
    expect(old.code).toBe(0)
    expect(JSON.parse(old.stdout)).toMatchObject({ name: "Crab" })
  })
})
