/**
 * `jobscope demo`, the README's first command: four jobs of three APIs
 * followed live against the simulator, and the reports written, exit 0.
 */
import { mkdirSync, readFileSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Job } from "@jobscope/core"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
// The web page's own launcher of real headless Chromium, so that both apps open pages the same way.
import { launch } from "../../../web/test/support/chromium.js"
import { run } from "./support/cli.js"

/** Where the run keeps the report's screenshot: git-ignored (`out/`), so that a test run changes no tracked file. */
const screenshots = new URL("../out/", import.meta.url)

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
    expect(md).toContain("(simulator clock)")

    // The report as a person opens it from disk, in Chromium.
    const browser = await launch()
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } })
      await page.goto(`file://${join(out, "report.html")}`)
      // It says at once that the simulator behind its links has stopped.
      expect(await page.locator(".jobscope-report-note").textContent()).toMatch(
        /^Made by jobscope demo against a simulator at http:\/\/127\.0\.0\.1:\d+ whose clock ran 60× fast\. The simulator stopped when the demo ended: the links to its products and pages no longer answer/
      )
      const ukssdc = page.locator("section.jobscope-job", { hasText: "UKSSDC job 1" })
      const archives = await Promise.all(
        (await ukssdc.locator("a.jobscope-output-link").all()).map(async (link) => [
          await link.textContent(),
          await link.getAttribute("href")
        ])
      )
      expect(archives.map(([label]) => label)).toEqual([
        "Light curve archive",
        "Spectrum archive",
        "Enhanced position archive",
        "Standard (PSF) position archive",
        "Astrometric position archive",
        "Image archive"
      ])
      for (const [, href] of archives)
        expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/user_objects\/tprods\/USERPROD_1\/\w+\.tar\.gz$/)
      const positions = await ukssdc.locator(".jobscope-position").allTextContents()
      expect(positions).toHaveLength(3)
      for (const position of positions)
        expect(position).toMatch(/^RA 219\.\d{5}°, Dec −60\.\d{5}° ± \d+(\.\d+)?″$/)
      // Each finished product keeps the steps and running time last seen, which the server stops sending.
      expect(await ukssdc.locator(".jobscope-elapsed").count()).toBe(6)
      const bars = await ukssdc.locator("progress").all()
      expect(await Promise.all(bars.map((bar) => bar.getAttribute("value")))).toEqual([
        "100",
        "100",
        "100",
        "100",
        "100",
        "100"
      ])
      const windows = page
        .locator("section.jobscope-job", { hasText: "Swift TOO job 1001" })
        .locator("table.jobscope-windows")
      expect(await windows.locator("caption").textContent()).toBe("UTC, on the simulator clock")
      expect(await windows.locator("tbody tr").count()).toBeGreaterThan(0)
      const request = page.locator("section.jobscope-job", { hasText: "Swift TOO job 1002" })
      expect(
        (await request.locator(".jobscope-output-identifier").allTextContents()).map((id) =>
          id.replace(/\d+/g, "N")
        )
      ).toEqual(["TOO id: N", "Target id: N"])
      // No link points at a path on this disk.
      const hrefs = await Promise.all(
        (await page.locator("a").all()).map((link) => link.getAttribute("href"))
      )
      expect(hrefs.length).toBeGreaterThan(6)
      expect(hrefs.filter((href) => !href?.startsWith("http://127.0.0.1:"))).toEqual([])
      mkdirSync(screenshots, { recursive: true })
      await page.screenshot({ path: new URL("demo-report.png", screenshots).pathname, fullPage: true })
    } finally {
      await browser.close()
    }
  }, 120_000)
})
