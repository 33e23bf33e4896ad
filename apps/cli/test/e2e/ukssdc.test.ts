/**
 * `jobscope ukssdc …` against the simulator, through pipes (not a terminal):
 * every subcommand, its formats, and how it ends.
 */
import { readFileSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Job } from "@jobscope/core"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { escapes, run } from "./support/cli.js"
import { at, simulator, url, user } from "./support/simulator.js"

const grb = ["--name", "GRB 200101A", "--target", "00081637", "--ra", "219.2875", "--dec", "-60.8333"]
const products = [
  "Light curve",
  "Spectrum",
  "Enhanced position",
  "Standard (PSF) position",
  "Astrometric position",
  "Image"
]
const decodeSnapshot = Schema.decodeUnknownSync(Job.SnapshotJson)

describe("jobscope ukssdc", () => {
  it("submits a six-product job and follows it, one line per event, to exit 0", async () => {
    const sim = await simulator()
    const ran = await run(["ukssdc", "submit", ...grb, "--watch", "--user-id", user, ...at(sim)])
    expect(ran.stderr).toBe("")
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(
      /^Submitted UKSSDC job 1: http:\/\/127\.0\.0\.1:\d+\/user_objects\/tprods\/USERPROD_1\n/
    )
    for (const product of products)
      expect(ran.stdout).toContain(`UKSSDC job 1 · ${product}: ✓ running → succeeded`)
    expect(ran.stdout.trimEnd().split("\n").at(-1)).toBe("UKSSDC job 1: ✓ succeeded")
    expect(escapes(ran.stdout)).toEqual([])
  })

  it("shows a job as text, JSON, Markdown and HTML", async () => {
    const sim = await simulator()
    await run(["ukssdc", "submit", ...grb, "--watch", "--user-id", user, ...at(sim)])
    const status = (format: string) =>
      run(["ukssdc", "status", "1", "--format", format, "--user-id", user, ...url(sim)])
    const text = await status("text")
    expect(text.code).toBe(0)
    expect(text.stdout.split("\n")[0]).toBe("UKSSDC job 1 · ✓ succeeded")
    const json = await status("json")
    const snapshot = decodeSnapshot(JSON.parse(json.stdout))
    expect(snapshot.tasks.map((task) => task.label)).toEqual(products)
    expect(Job.outcome(snapshot)).toBe("succeeded")
    const md = await status("md")
    expect(md.stdout).toMatch(/^# ✅ UKSSDC job 1/)
    for (const product of products) expect(md.stdout).toContain(`\n## ${product}\n`)
    const html = await status("html")
    expect(html.stdout).toMatch(/^<!doctype html>/)
    expect(html.stdout).toContain("<title>UKSSDC job 1</title>")
    expect(html.stdout.match(/<article class="jobscope-task/g)?.length).toBe(6)
  })

  it("cancels a running job's products", async () => {
    const sim = await simulator({ speed: 1 })
    const submitted = await run([
      "ukssdc",
      "submit",
      ...grb,
      "--products",
      "lc,spec",
      "--user-id",
      user,
      ...url(sim)
    ])
    expect(submitted.stdout).toContain("Submitted UKSSDC job 1")
    const cancelled = await run([
      "ukssdc",
      "cancel",
      "1",
      "--products",
      "lc,spec",
      "--user-id",
      user,
      ...url(sim)
    ])
    expect(cancelled.code).toBe(0)
    expect(cancelled.stdout).toContain("UKSSDC job 1: cancelled")
    expect(cancelled.stdout).toContain("Light curve: cancelled (0)")
  })

  it("downloads a finished product's archive", async () => {
    const sim = await simulator()
    await run(["ukssdc", "submit", ...grb, "--products", "lc", "--watch", "--user-id", user, ...at(sim)])
    const file = join(await mkdtemp(join(tmpdir(), "jobscope-e2e-")), "lc.tar.gz")
    const ran = await run([
      "ukssdc",
      "download",
      "1",
      "--product",
      "lc",
      "-o",
      file,
      "--user-id",
      user,
      "--base-url",
      sim.url
    ])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(new RegExp(`^Saved \\d+ bytes to ${file}\\n$`))
    expect([...readFileSync(file).subarray(0, 2)]).toEqual([0x1f, 0x8b])
  })

  it("exits 1 naming the job when a product fails", async () => {
    const sim = await simulator({
      ukssdc: { failureProbability: 1, jobDuration: { min: "5 minutes", max: "10 minutes" } }
    })
    const ran = await run([
      "ukssdc",
      "submit",
      ...grb,
      "--products",
      "lc",
      "--watch",
      "--user-id",
      user,
      ...at(sim)
    ])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toBe("jobscope: not every job succeeded (UKSSDC job 1: failed)\n")
  })

  it("exits 3 when --deadline passes first, keeping what it saw", async () => {
    const sim = await simulator({ speed: 1 })
    await run(["ukssdc", "submit", ...grb, "--user-id", user, ...url(sim)])
    const ran = await run(["ukssdc", "watch", "1", "--deadline", "2 seconds", "--user-id", user, ...at(sim)])
    expect(ran.code).toBe(3)
    expect(ran.stdout).toContain("UKSSDC job 1\n  · Light curve  Requested (1)")
    expect(ran.stderr).toMatch(/^jobscope: UKSSDC job 1: not over by the deadline/)
  })
})
