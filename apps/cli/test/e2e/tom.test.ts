/** `jobscope tom …` against the simulated TOM: a target's processes, a pipeline's log, following both. */

import { Job } from "@jobscope/core"
import { describe, expect, it } from "vitest"
import { escapes, run, start } from "./support/cli.js"
import { parseErrors } from "./support/html.js"
import { at, driveClock, driven, simulator, url } from "./support/simulator.js"
import { decodeSnapshot, snapshotsOf, updatesOf } from "./support/updates.js"

const lines = (text: string): ReadonlyArray<string> => text.trimEnd().split("\n")

describe("jobscope tom", () => {
  it("follows a pipeline to created (exit 0), then shows its log and its target", async () => {
    // A reduction of ten simulated minutes (10 s here): the first poll sees the pipeline before its
    // log is complete however long the command takes to start on a loaded machine.
    const sim = await simulator({ speed: 60 })
    const pipeline = sim.tom.addProcess(51, {
      kind: "pipeline",
      script: {
        steps: [
          {
            after: 2,
            status: "running astrosource",
            logs: ["Copying 3 files to a temporary directory", "Running astrosource on 3 files"]
          },
          { after: 600, status: "Reducing frame 1 of 3", logs: ["Reducing frame 1 of 3"] }
        ],
        end: { after: 5, outcome: "created", logs: ["Saving outputs"] }
      }
    })
    const watched = await run(["tom", "watch", "--pipeline", String(pipeline.pk), ...at(sim)])
    expect(watched.stderr).toBe("")
    expect(watched.code).toBe(0)
    expect(watched.stdout).toContain(`TOM pipeline ${pipeline.pk}`)
    expect(watched.stdout).toContain("Saving outputs")
    expect(escapes(watched.stdout)).toEqual([])
    const logs = await run(["tom", "logs", String(pipeline.pk), ...url(sim)])
    expect(logs.code).toBe(0)
    expect(logs.stdout.split("\n")[0]).toMatch(/^Copying \d+ files to a temporary directory$/)
    const status = await run(["tom", "status", "51", "--format", "json", ...url(sim)])
    const snapshot = JSON.parse(status.stdout) as { tasks: ReadonlyArray<{ id: string; phase: string }> }
    expect(snapshot.tasks.map((task) => task.phase)).toEqual(["succeeded"])
  })

  it("exits 1 when a pipeline fails, and when a target does not exist", async () => {
    const sim = await simulator()
    const pipeline = sim.tom.addProcess(51, { kind: "pipeline", outcome: "failed" })
    const failed = await run(["tom", "watch", "--pipeline", String(pipeline.pk), ...at(sim)])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toBe(`jobscope: not every job succeeded (TOM pipeline ${pipeline.pk}: failed)\n`)
    const missing = await run(["tom", "status", "999", ...url(sim)])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^jobscope: .*Not found/)
  })

  it("needs the TOM's address (exit 2)", async () => {
    const ran = await run(["tom", "status", "51"])
    expect(ran.code).toBe(2)
    expect(ran.stderr).toMatch(/^jobscope: .*--base-url/)
  })

  // A target's status names each process's status, not its log: the log is the pipeline's own (`--pipeline`).
  it("follows every process of a target, piped: a line per change, how each ended", async () => {
    const sim = await simulator({ speed: 0 })
    sim.tom.addProcess(7, {
      kind: "pipeline",
      identifier: "astrosource_m13",
      script: {
        steps: [
          { after: 60, status: "running astrosource", logs: ["Copying 3 files"] },
          { after: 60, status: "reducing frames", logs: ["Reducing frame 1 of 3", "Reducing frame 2 of 3"] }
        ],
        end: { after: 60, outcome: "created", logs: ["Saving outputs"] }
      }
    })
    sim.tom.addProcess(7, {
      kind: "timelapse",
      identifier: "timelapse_m13.webm",
      script: { steps: [], end: { after: 120, outcome: "failed", failureMessage: "fewer than 2 frames" } }
    })
    const watching = start(["tom", "watch", "7", ...driven(sim, 60)])
    await watching.waitFor(/^TOM target 7$/m)
    const ran = await driveClock(sim, watching.ended, 60)
    expect(ran.code).toBe(1)
    expect(escapes(ran.stdout)).toEqual([])
    const shown = lines(ran.stdout)
    expect(shown).toContain("TOM target 7 · astrosource_m13: ▶ pending → running · running astrosource")
    expect(shown).toContain("TOM target 7 · astrosource_m13: ▶ reducing frames")
    expect(shown).toContain("TOM target 7 · astrosource_m13: ✓ running → succeeded · created")
    expect(shown).toContain(
      "TOM target 7 · timelapse_m13.webm: ✗ pending → failed · failed — fewer than 2 frames"
    )
    expect(shown.at(-1)).toBe("TOM target 7: ✗ failed")
    expect(ran.stderr).toBe("jobscope: not every job succeeded (TOM target 7: failed)\n")
    const status = await run(["tom", "status", "7", ...url(sim)])
    expect(status.stdout).toContain("✗ fewer than 2 frames")
  })

  it("follows a pipeline as JSON Lines in the documented shape, its log growing", async () => {
    const sim = await simulator({ speed: 0 })
    const pipeline = sim.tom.addProcess(51, { kind: "pipeline", outcome: "created" })
    const watching = start([
      "tom",
      "watch",
      "--pipeline",
      String(pipeline.pk),
      "--format",
      "json",
      ...driven(sim, 60)
    ])
    await watching.waitFor('"type":"observed"')
    const ran = await driveClock(sim, watching.ended, 60)
    expect(ran.code).toBe(0)
    const updates = updatesOf(ran.stdout)
    const snapshots = snapshotsOf(updates)
    expect(snapshots.length).toBeGreaterThan(1)
    expect(Job.outcome(snapshots.at(-1)!)).toBe("succeeded")
    const logs = snapshots.map((snapshot) => snapshot.tasks[0]?.logs ?? "")
    // The log only grows: each poll's log starts with the one before.
    for (const [index, log] of logs.slice(1).entries()) expect(log.startsWith(logs[index]!)).toBe(true)
    const appended = updates.flatMap((update) =>
      update.type === "observed" ? update.events.filter((event) => event._tag === "LogAppended") : []
    )
    expect(appended.length).toBeGreaterThan(0)
  })

  it("shows a pipeline with its log as JSON, Markdown and HTML", async () => {
    const sim = await simulator()
    const pipeline = sim.tom.addProcess(51, { kind: "pipeline", outcome: "created" })
    await run(["tom", "watch", "--pipeline", String(pipeline.pk), ...at(sim)])
    const logs = (format: string) =>
      run(["tom", "logs", String(pipeline.pk), "--format", format, ...url(sim)])
    const snapshot = decodeSnapshot(JSON.parse((await logs("json")).stdout))
    expect(snapshot).toMatchObject({ source: "tom", jobId: `pipeline/${pipeline.pk}` })
    expect(snapshot.tasks[0]?.logs).toContain("Saving outputs")
    const md = (await logs("md")).stdout
    expect(md).toMatch(new RegExp(`^# ✅ TOM pipeline ${pipeline.pk}: ${pipeline.identifier}\n`))
    expect(md).toMatch(
      /\*\*Log:\*\*\n\n```text\nCopying \d+ files to a temporary directory\n[\s\S]*Saving outputs\n```/
    )
    const html = (await logs("html")).stdout
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain("Saving outputs")
    expect(parseErrors(html)).toEqual([])
  })

  it("takes a target or --pipeline, not both (exit 2)", async () => {
    const sim = await simulator()
    const ran = await run(["tom", "watch", "7", "--pipeline", "3", ...at(sim)])
    expect(ran).toMatchObject({ code: 2, stdout: "" })
    expect(ran.stderr).toBe("jobscope: watch takes a target, or --pipeline <id>: one of the two\n")
    expect(sim.requests.total()).toBe(0)
  })

  it("exits 3 when --deadline passes first, showing the process as it was last seen", async () => {
    const sim = await simulator()
    sim.tom.addProcess(9, {
      kind: "pipeline",
      script: {
        steps: [{ after: 1, status: "running astrosource" }],
        end: { after: 86_400, outcome: "created" }
      }
    })
    const started = Date.now()
    const ran = await run(["tom", "watch", "9", "--deadline", "2 seconds", ...at(sim)])
    expect(ran.code).toBe(3)
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(ran.stdout).toContain("running astrosource")
    // Why it stopped is said once, on standard error; the output only says that it did.
    expect(lines(ran.stdout).at(-1)).toBe("TOM target 9: stopped watching (the error at the end says why)")
    expect(ran.stdout).not.toContain("deadline")
    expect(ran.stderr).toMatch(/^jobscope: TOM target 9: not over by the deadline \(\S+\)\n$/)
  })
})
