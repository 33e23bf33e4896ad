/**
 * The commands for what the product builder and the TOO API answer besides a
 * job's status — the user's jobs, positions, light-curve and spectrum data,
 * name resolution, the as-flown timeline — against the simulator, and the
 * User-Agent every request carries.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { describe, expect, it, onTestFinished } from "vitest"
import { run } from "./support/cli.js"
import { simulator, ukssdcJob, url, user } from "./support/simulator.js"

const ukssdc = (...args: ReadonlyArray<string>) => ["ukssdc", ...args, "--user-id", user]

describe("jobscope ukssdc: jobs, positions, light curve, spectrum, source detection", () => {
  it("counts and lists the user's jobs, and copies an old one into a new job", async () => {
    const sim = await simulator({ speed: 0 })
    const job = ukssdcJob(sim, { name: "GRB 200416A" })
    const active = await run([...ukssdc("jobs", "active", "--format", "json"), ...url(sim)])
    expect(active).toMatchObject({ code: 0, stderr: "" })
    expect(JSON.parse(active.stdout)).toEqual({ active: 1 })
    const listed = await run([...ukssdc("jobs", "list"), ...url(sim)])
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(/^ {2}Job +Name +Submitted \(UTC\)/)
    expect(listed.stdout).toContain("GRB 200416A")
    const copied = await run([
      ...ukssdc("jobs", "copy", String(job), "--submit", "--format", "json"),
      ...url(sim)
    ])
    expect(copied.code).toBe(0)
    const copy = JSON.parse(copied.stdout)
    expect(copy).toMatchObject({ oldJob: job, job: "2" })
    // The echoed envelope and UserID are not parameters to send again.
    expect(copy.parameters).not.toHaveProperty("UserID")
    expect(sim.ukssdc.job(2)?.parameters.name).toBe("GRB 200416A")
  })

  it("prints a finished job's position, light curve and spectral fits", async () => {
    const sim = await simulator({ speed: 0 })
    const job = String(ukssdcJob(sim))
    const early = await run([...ukssdc("lightcurve", job), ...url(sim)])
    expect(early.code).toBe(1)
    expect(early.stderr).toContain("The light curve is not available")
    sim.advance("11 minutes")
    const position = await run([...ukssdc("position", job, "--kind", "enh"), ...url(sim)])
    expect(position.stdout).toMatch(
      /^Enhanced position of UKSSDC job 1: RA [\d.]+, Dec -?[\d.]+ \(J2000\), 90% error/
    )
    const curve = await run([...ukssdc("lightcurve", job), ...url(sim)])
    expect(curve.code).toBe(0)
    expect(curve.stdout).toMatch(/^Light curve of UKSSDC job 1: 3 datasets, binned by Counts/)
    expect(curve.stdout).toMatch(/^PC \(\d+ rows\)\n {2}Time +TimePos +TimeNeg +Rate/m)
    const data = JSON.parse(
      (await run([...ukssdc("lightcurve", job, "--format", "json"), ...url(sim)])).stdout
    )
    expect(data.Datasets).toEqual(["WT", "PC", "PCUL"])
    const fits = await run([...ukssdc("spectrum", job), ...url(sim)])
    expect(fits.code).toBe(0)
    expect(fits.stdout).toMatch(/^ {2}interval0 +WT +PowerLaw/m)
    expect(fits.stdout).toMatch(/^ {2}late_time +PC +PowerLaw/m)
  })

  it("prints a finished source detection's sources per band, and refuses before it is done", async () => {
    const sim = await simulator({ speed: 0 })
    const job = String(ukssdcJob(sim, { sourceDet: 1, detobs: "all", detbands: "all" }))
    const early = await run([...ukssdc("sourcedet", job), ...url(sim)])
    expect(early.code).toBe(1)
    expect(early.stderr).toContain("The source detection is not available")
    sim.advance("11 minutes")
    const found = await run([...ukssdc("sourcedet", job), ...url(sim)])
    expect(found).toMatchObject({ code: 0, stderr: "" })
    expect(found.stdout).toMatch(
      /^Sources found by UKSSDC job 1: Total \d+, Soft \d+, Medium \d+, Hard \d+$/m
    )
    expect(found.stdout).toMatch(
      /^Total band\n {2}# +RA \(deg\) +Dec \(deg\) +Err90 \(″\) +Counts\n {2}1 +\d+\.\d+ +-?\d+\.\d+ +\d+\.\d +\d+$/m
    )
    const json = JSON.parse(
      (await run([...ukssdc("sourcedet", job, "--format", "json"), ...url(sim)])).stdout
    )
    expect(Object.keys(json)).toEqual(["Total", "Soft", "Medium", "Hard"])
    expect(found.stdout).toContain(`Total ${json.Total.length},`)
  })

  it("says who is asking: jobscope/<version> with the project's page as the User-Agent", async () => {
    const agents: Array<string | undefined> = []
    const server = createServer((request, response) => {
      agents.push(request.headers["user-agent"])
      response.setHeader("content-type", "text/html; charset=UTF-8")
      response.end(JSON.stringify({ OK: 1, APIVersion: 0.1, numJobs: 0 }))
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const { port } = server.address() as AddressInfo
    const ran = await run([...ukssdc("jobs", "active"), "--base-url", `http://127.0.0.1:${port}`])
    expect(ran.code).toBe(0)
    expect(agents).toHaveLength(1)
    expect(agents[0]).toMatch(/^jobscope\/\d+\.\d+\.\d+ \(\+https:\/\/\S+\)$/)
  })
})

describe("jobscope too: resolve, afst", () => {
  it("resolves a name, and lists what Swift observed near a position", async () => {
    const sim = await simulator()
    const resolved = await run(["too", "resolve", "Crab", "--format", "json", ...url(sim), "--speed", "600"])
    expect(resolved.stderr).toBe("")
    expect(JSON.parse(resolved.stdout)).toMatchObject({ name: "Crab", resolver: expect.any(String) })
    const flown = await run([
      "too",
      "afst",
      "--ra",
      "83.633",
      "--dec",
      "22.0145",
      "--radius",
      "1",
      "--begin",
      "2026-03-01",
      "--end",
      "2026-03-14",
      ...url(sim),
      "--speed",
      "600"
    ])
    expect(flown.stderr).toBe("")
    expect(flown.code).toBe(0)
    expect(flown.stdout).toMatch(/^Swift TOO job \d+: \d+ pointings? as flown/)
    const half = await run(["too", "afst", "--ra", "83.633", ...url(sim)])
    expect(half.code).toBe(2)
  })
})
