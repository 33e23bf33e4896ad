/**
 * `jobscope too …` against the simulator: a visibility query, a signed TOO
 * request followed to its end, and one-off status, through pipes.
 */
import { Job } from "@jobscope/core"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { environment, escapes, run } from "./support/cli.js"
import { parseErrors } from "./support/html.js"
import { at, secret, simulator, url } from "./support/simulator.js"
import { requestFile } from "./support/tooRequest.js"
import { updatesOf } from "./support/updates.js"

const alice = () => environment({ JOBSCOPE_TOO_USERNAME: "alice", JOBSCOPE_TOO_SECRET: secret })
const lines = (text: string): ReadonlyArray<string> => text.trimEnd().split("\n")

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

  it("refuses an anonymous request before sending anything, as a command line to fix (exit 2)", async () => {
    const sim = await simulator()
    const ran = await run(["too", "request", "--data", await requestFile(), ...url(sim)])
    expect(ran.code).toBe(2)
    expect(ran.stderr).toMatch(
      /^jobscope: a TOO request needs the username you registered .*--username and --secret/
    )
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

  it("shows a finished job as text, Markdown and an HTML page", async () => {
    const sim = await simulator()
    const sent = await run(["too", "request", "--data", await requestFile(), "--watch", ...at(sim)], alice())
    expect(sent.code).toBe(0)
    const status = (format: string) =>
      run(["too", "status", "1001", "--format", format, ...url(sim)], alice())
    const text = await status("text")
    expect(text).toMatchObject({ code: 0, stderr: "" })
    expect(lines(text.stdout)[0]).toBe("Swift TOO job 1001 · TOO request · ✓ succeeded")
    expect(text.stdout).toContain("  ✓ TOO request  Accepted")
    const md = await status("md")
    expect(md.stdout).toMatch(/^# ✅ Swift TOO job 1001/)
    expect(md.stdout).toContain("| TOO request | ✅ succeeded | Accepted |")
    const html = await status("html")
    expect(html.stdout).toMatch(/^<!doctype html>/)
    expect(html.stdout).toContain("<title>TOO request</title>")
    expect(parseErrors(html.stdout)).toEqual([])
  })

  it("follows jobs piped, one line per event, and as JSON Lines in the documented shape", async () => {
    const sim = await simulator({ speed: 60 })
    for (const ra of ["10", "20"]) await run(["too", "visibility", "--ra", ra, "--dec", "5", ...at(sim)])
    const text = await run(["too", "watch", "1001", "1002", ...at(sim)])
    expect(text).toMatchObject({ code: 0, stderr: "" })
    expect(escapes(text.stdout)).toEqual([])
    expect(lines(text.stdout).slice(-2)).toEqual([
      "Swift TOO job 1001: ✓ succeeded",
      "Swift TOO job 1002: ✓ succeeded"
    ])
    const json = await run(["too", "watch", "1001", "--format", "json", ...at(sim)])
    const updates = updatesOf(json.stdout)
    expect(updates.at(-1)).toMatchObject({ job: "Swift TOO job 1001", type: "observed", next: null })
  })

  it("shows a request the TOO team rejects as failed, with their reasons, and exits 1", async () => {
    const sim = await simulator()
    sim.too.rejectNext(["The target is too faint for XRT in 2 ks."])
    const ran = await run(["too", "request", "--data", await requestFile(), "--watch", ...at(sim)], alice())
    expect(ran.code).toBe(1)
    // Followed from the first reply (queued), the rejection comes as an event line with the reason.
    expect(ran.stdout).toMatch(/✗ .*The target is too faint for XRT in 2 ks\./)
    expect(lines(ran.stdout).at(-1)).toBe("Swift TOO job 1001: ✗ failed")
    expect(ran.stderr).toBe("jobscope: not every job succeeded (Swift TOO job 1001: failed)\n")
  })

  it("exits 1 with the reason when a visibility query is rejected", async () => {
    const sim = await simulator()
    sim.too.rejectNext(["The position service is down."])
    const ran = await run(["too", "visibility", "--ra", "10", "--dec", "5", ...at(sim)])
    expect(ran).toMatchObject({ code: 1, stdout: "" })
    expect(ran.stderr).toBe("jobscope: Swift TOO job 1001 was rejected: The position service is down.\n")
  })

  it("asks the server to check a request only, with --validate-only", async () => {
    const sim = await simulator()
    const ran = await run(
      ["too", "request", "--data", await requestFile(), "--validate-only", "--format", "json", ...url(sim)],
      alice()
    )
    expect(ran.code).toBe(0)
    expect(JSON.parse(ran.stdout)).toEqual({ job: 1001, status: "Queued", validateOnly: true })
  })

  // Flags out of range are a command line that is wrong (exit 2), as `too visibility --dec 95` is.
  it("checks a request from flags before sending it, naming each wrong flag (exit 2)", async () => {
    const sim = await simulator()
    const ran = await run(
      [
        "too",
        "request",
        "--source-name",
        "SN 2026abc",
        "--source-type",
        "Supernova",
        "--ra",
        "219.2875",
        "--dec",
        "-62:39:12",
        "--obs-type",
        "Light Curve",
        "--exposure",
        "2000",
        "--science-just",
        "Early X-ray emission.",
        ...url(sim)
      ],
      alice()
    )
    expect(ran.stderr).toMatch(/^jobscope: Swift TOO request, not sent: .*\(--exp-time-just\): missing/)
    expect(ran.stderr).not.toContain("--dec")
    expect(sim.requests.total()).toBe(0)
    expect(ran.code).toBe(2)
    // A declination out of range is refused as the command line is read, naming its flag.
    const north = await run(
      ["too", "request", "--source-name", "SN 2026abc", "--dec", "95", ...url(sim)],
      alice()
    )
    expect(north.code).toBe(2)
    expect(north.stderr).toMatch(
      /^jobscope: Invalid value for flag --dec: "95"\. Expected: degrees from -90 to 90/
    )
    expect(sim.requests.total()).toBe(0)
  })
})
