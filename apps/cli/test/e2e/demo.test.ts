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
    for (const snapshots of Object.values(history)) {
      const last = Schema.decodeUnknownSync(Job.SnapshotJson)(snapshots.at(-1))
      expect(Job.outcome(last)).toBe("succeeded")
    }
    const html = readFileSync(join(out, "report.html"), "utf8")
    expect(html).toMatch(/^<!doctype html>/)
    expect(html.match(/<h2[ >]/g)?.length).toBe(4)
    const md = readFileSync(join(out, "report.md"), "utf8")
    expect(md).toMatch(/^# jobscope demo\n/)
    expect(md.match(/^## /gm)?.length).toBe(4)
  }, 120_000)
})
