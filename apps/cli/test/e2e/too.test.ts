/**
 * `jobscope too …` against the simulator: a visibility query, a signed TOO
 * request followed to its end, and one-off status, through pipes.
 */
import { Job } from "@jobscope/core"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { environment, escapes, run } from "./support/cli.js"
import { at, secret, simulator, url } from "./support/simulator.js"
import { requestFile } from "./support/tooRequest.js"

describe("jobscope too", () => {
  it("asks when Swift can see a position and prints the windows, as text and JSON", async () => {
    const sim = await simulator()
    const query = [
      "too",
      "visibility",
      "--ra",
      "83.633",
      "--dec",
      "22.0145",
      "--begin",
      "2026-03-15",
      "--days",
      "2"
    ]
    const text = await run([...query, ...at(sim)])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(
      /^Swift TOO job 1001: Swift can observe RA 83\.633, Dec 22\.0145 in \d+ windows? over the 2 days/
    )
    expect(text.stdout).toContain("Begin (UTC)")
    const json = await run([...query, "--format", "json", ...at(sim)])
    const answer = JSON.parse(json.stdout) as { windows: ReadonlyArray<{ begin: string; end: string }> }
    expect(answer.windows.length).toBeGreaterThan(0)
    for (const window of answer.windows)
      expect(Date.parse(window.end)).toBeGreaterThan(Date.parse(window.begin))
  })

  it("sends a signed TOO request and follows it to Accepted", async () => {
    const sim = await simulator()
    const data = await requestFile()
    const alice = environment({ JOBSCOPE_TOO_USERNAME: "alice", JOBSCOPE_TOO_SECRET: secret })
    const ran = await run(["too", "request", "--data", data, "--watch", ...at(sim)], alice)
    expect(ran.stderr).toBe("")
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(/^Sent a Swift TOO request for SN 2026abc: job 1001/)
    expect(ran.stdout.trimEnd().split("\n").at(-1)).toBe("Swift TOO job 1001: ✓ succeeded")
    expect(escapes(ran.stdout)).toEqual([])
    const status = await run(["too", "status", "1001", "--format", "json", ...url(sim)], alice)
    expect(status.stderr).toBe("")
    expect(Job.outcome(Schema.decodeUnknownSync(Job.SnapshotJson)(JSON.parse(status.stdout)))).toBe(
      "succeeded"
    )
  })

  it("refuses an anonymous request before sending anything (exit 1)", async () => {
    const sim = await simulator()
    const ran = await run(["too", "request", "--data", await requestFile(), ...url(sim)])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toMatch(/^jobscope: .*anonymous/i)
    expect(sim.requests.total()).toBe(0)
  })

  it("follows several jobs at once with watch, one JSON object per update", async () => {
    const sim = await simulator()
    for (const ra of ["10", "20"]) await run(["too", "visibility", "--ra", ra, "--dec", "5", ...at(sim)])
    const ran = await run(["too", "watch", "1001", "1002", "--format", "json", ...at(sim)])
    expect(ran.code).toBe(0)
    const updates = ran.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { job: string; type: string; snapshot: unknown })
    expect(new Set(updates.map((update) => update.job))).toEqual(
      new Set(["Swift TOO job 1001", "Swift TOO job 1002"])
    )
    for (const update of updates) {
      expect(update.type).toBe("observed")
      expect(() => Schema.decodeUnknownSync(Job.SnapshotJson)(update.snapshot)).not.toThrow()
    }
  })
})
