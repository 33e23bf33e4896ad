/**
 * `jobscope demo`, the README's first command: four jobs of three APIs
 * followed live against the simulator, and the reports written, exit 0.
 */
import { readFileSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Job } from "@jobscope/core"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { run } from "./support/cli.js"

const jobs = ["UKSSDC job 1", "Swift TOO job 1001", "Swift TOO job 1002", "TOM pipeline 1"]

describe("jobscope demo", () => {
  it("follows a UKSSDC job, two TOO jobs and a TOM pipeline to success and writes the reports", async () => {
    const out = await mkdtemp(join(tmpdir(), "jobscope-demo-"))
    const ran = await run(["demo", "--out", out])
    expect(ran.stderr).toBe("")
    expect(ran.code).toBe(0)
    expect(ran.stdout).toContain("Submitted UKSSDC job 1 for all six products")
    for (const job of ["UKSSDC job 1", "Swift TOO job 1001", "Swift TOO job 1002", "TOM pipeline 1"])
      expect(ran.stdout).toContain(`${job}: ✓ succeeded`)
    const history = JSON.parse(readFileSync(join(out, "snapshots.json"), "utf8")) as Record<
      string,
      Array<unknown>
    >
    expect(Object.keys(history).sort()).toEqual([...jobs].sort())
    for (const [job, snapshots] of Object.entries(history)) {
      const last = Schema.decodeUnknownSync(Job.SnapshotJson)(snapshots.at(-1))
      expect(Job.outcome(last)).toBe("succeeded")
      // Paced to be watched: no job is over at its first answer, and each is seen moving on the way.
      const first = Schema.decodeUnknownSync(Job.SnapshotJson)(snapshots[0])
      expect(Job.isTerminal(first), `${job} is over at its first answer`).toBe(false)
      expect(snapshots.length, `${job} was seen only ${snapshots.length} times`).toBeGreaterThanOrEqual(3)
    }
    // The banner says what this is and that it ends by itself: no "Stop with Ctrl+C", no flags to add.
    expect(ran.stdout).toMatch(
      /^jobscope demo: a simulated UKSSDC product builder, Swift TOO API and TOM on http:\/\/127\.0\.0\.1:\d+, their clocks 60 times real time\.\nFour jobs are submitted and followed live until each is over \(about 27 s\)/
    )
    expect(ran.stdout).not.toContain("Ctrl+C")
    expect(ran.stdout).not.toContain("Add --speed")
    const html = readFileSync(join(out, "report.html"), "utf8")
    expect(html).toMatch(/^<!doctype html>/)
    expect(html.match(/<h2[ >]/g)?.length).toBe(4)
    const md = readFileSync(join(out, "report.md"), "utf8")
    expect(md).toMatch(/^# jobscope demo\n/)
    expect(md.match(/^## /gm)?.length).toBe(4)
  }, 120_000)
})
