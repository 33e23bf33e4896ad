/**
 * `jobscope ukssdc …` against the simulator, through pipes (not a terminal):
 * every subcommand, its formats, and how it ends.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gunzipSync } from "node:zlib"
import { Job, Ukssdc } from "@jobscope/core"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { environment, escapes, run, start } from "./support/cli.js"
import { parseErrors } from "./support/html.js"
import { at, driveClock, driven, simulator, ukssdcJob, url, user } from "./support/simulator.js"
import { snapshotsOf, updatesOf } from "./support/updates.js"

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
const lines = (text: string): ReadonlyArray<string> => text.trimEnd().split("\n")

/**
 * The line of a product's success. The phase it left is the one the poll before saw: running,
 * unless the product ran all through between two polls, as it can on a busy machine at speed 600.
 */
const finished = (job: number, product: string): RegExp =>
  new RegExp(`^UKSSDC job ${job} · ${product.replace(/[()]/g, "\\$&")}: ✓ \\w+ → succeeded · Complete$`, "m")

describe("jobscope ukssdc", () => {
  it("submits a six-product job and follows it, one line per event, to exit 0", async () => {
    const sim = await simulator()
    const ran = await run(["ukssdc", "submit", ...grb, "--watch", "--user-id", user, ...at(sim)])
    expect(ran.stderr).toBe("")
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(
      /^Submitted UKSSDC job 1: http:\/\/127\.0\.0\.1:\d+\/user_objects\/tprods\/USERPROD_1\n/
    )
    for (const product of products) expect(ran.stdout).toMatch(finished(1, product))
    // How it went, then what to do next: the exact command that fetches the products.
    expect(lines(ran.stdout).slice(-2)).toEqual([
      "UKSSDC job 1: ✓ succeeded",
      `Download job 1's products: jobscope ukssdc download 1 -o job-1.tar.gz --base-url ${sim.url}`
    ])
    expect(escapes(ran.stdout)).toEqual([])
  })

  it("says after submitting how to follow the job", async () => {
    const sim = await simulator()
    const ran = await run(["ukssdc", "submit", ...grb, "--user-id", user, ...url(sim)])
    expect(ran.code).toBe(0)
    expect(lines(ran.stdout)).toEqual([
      `Submitted UKSSDC job 1: ${sim.url}/user_objects/tprods/USERPROD_1`,
      `Follow it with: jobscope ukssdc watch 1 --base-url ${sim.url}`
    ])
    // The command it gives works as it is (with the user ID from the environment).
    const followed = await run(
      ["ukssdc", "watch", "1", "--base-url", sim.url, "--speed", String(sim.clock.speed)],
      environment({ JOBSCOPE_UKSSDC_USER: user })
    )
    expect(followed.code).toBe(0)
  })

  it.each([
    ["14:37:09", "-62:39:12"],
    ["14h37m09s", "-62d39m12s"],
    ["14 37 09", "-62 39 12"],
    ["14h 37m 09.0s", "−62° 39′ 12″"],
    ["219.2875", "-62.653333"]
  ])("takes the position %s %s, sexagesimal or degrees", async (ra, dec) => {
    const sim = await simulator()
    const ran = await run([
      "ukssdc",
      "submit",
      "--name",
      "X",
      "--target",
      "1",
      "--ra",
      ra,
      "--dec",
      dec,
      "--user-id",
      user,
      ...url(sim)
    ])
    expect(ran.stderr).toBe("")
    expect(ran.code).toBe(0)
    // The product builder echoes a position to four decimals.
    const { RA, Dec } = sim.ukssdc.job(1)!.parameters
    expect(Number(RA)).toBeCloseTo(219.2875, 4)
    expect(Number(Dec)).toBeCloseTo(-62.6533, 4)
  })

  it("names the flag whose position reads neither as sexagesimal nor as degrees, and sends nothing", async () => {
    const sim = await simulator()
    for (const [flag, value] of [
      ["--ra", "25:00:00"],
      ["--dec", "-62:61:00"],
      ["--dec", "south"]
    ] as const) {
      const position = { "--ra": "14:37:09", "--dec": "-62:39:12", [flag]: value }
      const ran = await run([
        "ukssdc",
        "submit",
        "--name",
        "X",
        "--ra",
        position["--ra"],
        "--dec",
        position["--dec"],
        "--user-id",
        user,
        ...url(sim)
      ])
      expect(ran.code).toBe(2)
      expect(ran.stdout).toBe("")
      expect(ran.stderr).toContain(`Invalid value for flag ${flag}: "${value}"`)
      expect(ran.stderr).toMatch(/hours, minutes and seconds|degrees, arcminutes and arcseconds/)
    }
    expect(sim.requests.total()).toBe(0)
  })

  it("names every missing required flag at once, marks them in --help, and prints no page of help", async () => {
    const ran = await run(["ukssdc", "submit", "--user-id", user])
    expect(ran.code).toBe(2)
    expect(ran.stdout).toBe("")
    expect(ran.stderr).toBe("jobscope: this flag is required: --name\n")
    const visibility = await run(["too", "visibility", "--days", "2"])
    expect(visibility.code).toBe(2)
    expect(visibility.stdout).toBe("")
    expect(visibility.stderr).toBe("jobscope: these flags are required: --ra, --dec\n")
    const help = await run(["ukssdc", "submit", "--help"])
    expect(help.stdout).toMatch(/^ {2}--name string .*\(required\)$/m)
    expect(help.stdout).not.toMatch(/^ {2}--target string .*\(required\)$/m)
    const wrong = await run(["ukssdc", "submit", "--nmae", "X", "--user-id", user])
    expect(wrong.code).toBe(2)
    expect(wrong.stdout).toBe("")
    expect(lines(wrong.stderr).at(-1)).toBe("jobscope: see jobscope ukssdc submit --help")
  })

  it("lets the product builder work out the target IDs and the position, as the API offers, and says what is missing", async () => {
    const sim = await simulator()
    const submit = (...flags: ReadonlyArray<string>) =>
      run([
        "ukssdc",
        "submit",
        ...flags,
        "--products",
        "lc",
        "--format",
        "json",
        "--user-id",
        user,
        ...url(sim)
      ])
    // The tutorial's request: a name and a position, no target IDs (getTargs).
    const tutorial = await submit("--name", "GRB 200416A", "--ra", "335.6985", "--dec", "-7.5179")
    expect(tutorial.stderr).toBe("")
    expect(tutorial.code).toBe(0)
    expect(sim.ukssdc.job(1)?.parameters).toMatchObject({ name: "GRB 200416A", getTargs: 1, RA: "335.6985" })
    expect(sim.ukssdc.job(1)?.parameters.targ).toMatch(/^\{?\d{8}/)
    // A name alone: the position too (getCoords).
    const named = await submit("--name", "Mrk 421")
    expect(named.code).toBe(0)
    expect(sim.ukssdc.job(2)?.parameters).toMatchObject({ getCoords: 1, getTargs: 1 })
    expect(typeof sim.ukssdc.job(2)?.parameters.RA).toBe("string")
    // Half a position is a usage error, and nothing is sent.
    const half = await submit("--name", "Mrk 421", "--ra", "166.11")
    expect(half.code).toBe(2)
    expect(half.stderr).toContain("give both --ra and --dec, or neither")
    expect(sim.ukssdc.jobs()).toHaveLength(2)
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
    expect(parseErrors(html.stdout)).toEqual([])
  })

  it("shows only the products asked for with --products", async () => {
    const sim = await simulator()
    const job = ukssdcJob(sim)
    const ran = await run([
      "ukssdc",
      "status",
      String(job),
      "--products",
      "spec,psf",
      "--user-id",
      user,
      ...url(sim)
    ])
    expect(ran.code).toBe(0)
    // A task's line is indented by two spaces, its steps' lines by more.
    const tasks = lines(ran.stdout).filter((line) => /^ {2}\S/.test(line))
    expect(tasks.map((line) => line.slice(4, line.indexOf("  ", 4)))).toEqual([
      "Spectrum",
      "Standard (PSF) position"
    ])
  })

  it("follows several jobs at once, piped: each line names its job, and each job ends with how it went", async () => {
    const sim = await simulator({ speed: 0 })
    const [first, second] = [ukssdcJob(sim, { lc: 0, doenh: 0 }), ukssdcJob(sim, { spec: 0 })]
    const watching = start([
      "ukssdc",
      "watch",
      String(first),
      String(second),
      "--user-id",
      user,
      ...driven(sim, 600)
    ])
    await watching.waitFor(new RegExp(`^UKSSDC job ${second}$`, "m"))
    const ran = await driveClock(sim, watching.ended, 600)
    expect(ran).toMatchObject({ code: 0, stderr: "" })
    expect(escapes(ran.stdout)).toEqual([])
    expect(lines(ran.stdout).slice(-4)).toEqual([
      `UKSSDC job ${first}: ✓ succeeded`,
      `UKSSDC job ${second}: ✓ succeeded`,
      `Download job ${first}'s products: jobscope ukssdc download ${first} -o job-${first}.tar.gz --base-url ${sim.url}`,
      `Download job ${second}'s products: jobscope ukssdc download ${second} -o job-${second}.tar.gz --base-url ${sim.url}`
    ])
    expect(ran.stdout).toMatch(finished(first, "Spectrum"))
    expect(ran.stdout).toMatch(finished(second, "Light curve"))
    // Past each job's first showing (a header and indented tasks), every line is one event of one job.
    const events = lines(ran.stdout).filter((line) => / · .+: /.test(line))
    expect(events.length).toBeGreaterThan(10)
    for (const line of events) expect(line).toMatch(new RegExp(`^UKSSDC job (${first}|${second}) · `))
  })

  it("follows a job as JSON Lines: every update in the documented shape, the last one over", async () => {
    const sim = await simulator({ speed: 0 })
    const job = ukssdcJob(sim, { doxastrom: 0 })
    const watching = start([
      "ukssdc",
      "watch",
      String(job),
      "--format",
      "json",
      "--user-id",
      user,
      ...driven(sim, 600)
    ])
    await watching.waitFor('"type":"observed"')
    const ran = await driveClock(sim, watching.ended, 600)
    expect(ran).toMatchObject({ code: 0, stderr: "" })
    const updates = updatesOf(ran.stdout)
    expect(updates.length).toBeGreaterThan(2)
    expect(new Set(updates.map((update) => update.job))).toEqual(new Set([`UKSSDC job ${job}`]))
    // Every update but the last says when the next poll is; the last says there is none.
    expect(updates.map((update) => update.type === "observed" && update.next === null)).toEqual([
      ...updates.slice(1).map(() => false),
      true
    ])
    expect(Job.outcome(snapshotsOf(updates).at(-1)!)).toBe("succeeded")
    const done = updates.flatMap((update) =>
      update.type === "observed"
        ? update.events.flatMap((event) =>
            event._tag === "PhaseChanged" && event.to === "succeeded" ? [event.taskId] : []
          )
        : []
    )
    expect(done.sort()).toEqual(["enh", "image", "lc", "psf", "spec"])
  })

  it("writes a Markdown or HTML report of the final state when the watch ends", async () => {
    const sim = await simulator()
    const job = ukssdcJob(sim)
    const watch = (format: string) =>
      run(["ukssdc", "watch", String(job), "--format", format, "--user-id", user, ...at(sim)])
    const md = await watch("md")
    expect(md.code).toBe(0)
    expect(md.stdout).toMatch(new RegExp(`^# UKSSDC job ${job}\\n`))
    for (const product of products) expect(md.stdout).toContain(`\n| ${product} | ✅ succeeded | Complete |`)
    const html = await watch("html")
    expect(html.code).toBe(0)
    expect(html.stdout).toMatch(/^<!doctype html>/)
    expect(html.stdout).toContain(`<h1>UKSSDC job ${job}</h1>`)
    expect(html.stdout.match(/<article class="jobscope-task jobscope-phase-succeeded/g)?.length).toBe(6)
    expect(parseErrors(html.stdout)).toEqual([])
  })

  // The product builder answers "Unknown status" (code null) for each product a job does not have
  // (the status document's fourth example); those are not the job's products.
  it("shows a job of some products with those products only, in status, watch and reports", async () => {
    const sim = await simulator()
    const job = ukssdcJob(sim, { spec: 0, doenh: 0, dopsf: 0, doxastrom: 0, image: 0 })
    const watched = await run(["ukssdc", "watch", String(job), "--user-id", user, ...at(sim)])
    expect(watched.code).toBe(0)
    expect(watched.stdout).not.toContain("Unknown status")
    const status = await run(["ukssdc", "status", String(job), "--user-id", user, ...url(sim)])
    expect(status.stdout).toBe(`UKSSDC job ${job} · ✓ succeeded\n  ✓ Light curve  Complete\n`)
    const md = await run(["ukssdc", "status", String(job), "--format", "md", "--user-id", user, ...url(sim)])
    expect(md.stdout).toContain("1 task: ✅ 1 succeeded")
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
    expect(cancelled.stdout).toBe(
      [
        "UKSSDC job 1: 2 of 2 products cancelled",
        "  Light curve: cancelled",
        "  Spectrum: cancelled",
        ""
      ].join("\n")
    )
    expect(sim.ukssdc.job(1)?.products.map((product) => product.outcome)).toEqual([-4, -4])
    // A cancelled job did not succeed: following it says so, and exits 1.
    const followed = await run(["ukssdc", "watch", "1", "--user-id", user, ...at(sim)])
    expect(followed.code).toBe(1)
    expect(followed.stdout).toContain("⊘ Light curve  Cancelled at your request")
    expect(followed.stderr).toBe("jobscope: not every job succeeded (UKSSDC job 1: cancelled)\n")
  })

  it("says how a cancel went for each product as JSON", async () => {
    const sim = await simulator({ speed: 1 })
    const job = ukssdcJob(sim)
    const cancel = ["ukssdc", "cancel", String(job), "--format", "json", "--user-id", user, ...url(sim)]
    const ran = await run([...cancel, "--products", "lc,image"])
    expect(ran.code).toBe(0)
    const cancelled = { code: 0, meaning: "cancelled", text: "Job cancelled OK" }
    expect(JSON.parse(ran.stdout)).toEqual({
      jobId: job,
      complete: true,
      cancelled: 2,
      products: { lc: cancelled, image: cancelled }
    })
    // Nothing left to cancel: the product builder answers OK 2 with its words for each product.
    const again = await run([...cancel, "--products", "lc"])
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toEqual({
      jobId: job,
      complete: false,
      cancelled: 0,
      products: {
        lc: {
          code: 1,
          meaning: "already finished",
          text: "Job could not be cancelled - has it already finished?"
        }
      }
    })
  })

  it("cancels every product of a job of some products, and only speaks of those", async () => {
    const sim = await simulator({ speed: 1 })
    const job = ukssdcJob(sim, { doenh: 0, dopsf: 0, doxastrom: 0, image: 0 })
    const ran = await run(["ukssdc", "cancel", String(job), "--user-id", user, ...url(sim)])
    expect(ran.code).toBe(0)
    expect(sim.ukssdc.job(job)?.products.map((product) => product.outcome)).toEqual([-4, -4])
    expect(ran.stdout).toBe(
      [
        `UKSSDC job ${job}: 2 of 2 products cancelled`,
        "  Light curve: cancelled",
        "  Spectrum: cancelled",
        ""
      ].join("\n")
    )
  })

  it("says per product what a cancel did and did not do: cancelled, already complete, still running", async () => {
    const sim = await simulator({ speed: 0 })
    const job = ukssdcJob(sim)
    const byEnd = [...sim.ukssdc.job(job)!.products].sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime())
    const [first, second] = byEnd
    // The first product complete, the others not yet.
    sim.advance(first!.endsAt.getTime() - sim.clock.now().getTime() + 1)
    expect(sim.ukssdc.job(job)!.products.filter((product) => product.code === 4)).toHaveLength(1)
    const asked = [first!.product, second!.product]
    const ran = await run([
      "ukssdc",
      "cancel",
      String(job),
      "--products",
      asked.join(","),
      "--user-id",
      user,
      ...url(sim)
    ])
    expect(ran.code).toBe(0)
    const said = lines(ran.stdout)
    expect(said[0]).toBe(`UKSSDC job ${job}: 1 of 6 products cancelled`)
    expect(said).toContain(`  ${Ukssdc.productName(first!.product)}: not cancelled: already complete`)
    expect(said).toContain(`  ${Ukssdc.productName(second!.product)}: cancelled`)
    const others = byEnd.slice(2).map((product) => Ukssdc.productName(product.product))
    for (const other of others)
      expect(said.find((line) => line.startsWith(`  ${other}: `))).toMatch(
        /: still (running|queued|waiting to start|waiting) \(not asked to cancel\)$/
      )
    expect(said).toHaveLength(7)
  })

  it("downloads a finished product's archive, keeping a file already there unless --force", async () => {
    const sim = await simulator()
    await run(["ukssdc", "submit", ...grb, "--products", "lc", "--watch", "--user-id", user, ...at(sim)])
    const file = join(await mkdtemp(join(tmpdir(), "jobscope-e2e-")), "lc.tar.gz")
    writeFileSync(file, "keep me")
    const download = [
      "ukssdc",
      "download",
      "1",
      "--product",
      "lc",
      "-o",
      file,
      "--user-id",
      user,
      ...url(sim)
    ]
    const before = sim.requests.total()
    const refused = await run(download)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toBe(
      `jobscope: ${file} exists already: give --force to replace it, or -o another path\n`
    )
    expect(readFileSync(file, "utf8")).toBe("keep me")
    expect(sim.requests.total()).toBe(before)
    const ran = await run([...download, "--force"])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(new RegExp(`^Saved \\d+ bytes to ${file}\\n$`))
    const archive = readFileSync(file)
    expect(ran.stdout).toBe(`Saved ${archive.length} bytes to ${file}\n`)
    // A gzipped tar of the job's folder: the first entry's name, and the ustar magic at offset 257.
    const tar = gunzipSync(archive)
    expect(tar.subarray(0, 100).toString().replace(/\0+$/, "")).toBe("USERPROD_1/")
    expect(tar.subarray(257, 262).toString()).toBe("ustar")
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
    expect(ran.stdout).toContain("UKSSDC job 1\n  · Light curve  Requested")
    expect(ran.stderr).toMatch(/^jobscope: UKSSDC job 1: not over by the deadline/)
  })
})
