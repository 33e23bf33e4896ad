/** `jobscope tom …` against the simulated TOM: a target's processes, a pipeline's log, following both. */
import { describe, expect, it } from "vitest"
import { escapes, run } from "./support/cli.js"
import { at, simulator, url } from "./support/simulator.js"

describe("jobscope tom", () => {
  it("follows a pipeline to created (exit 0), then shows its log and its target", async () => {
    // Slow enough that the first poll sees the pipeline before its log is complete.
    const sim = await simulator({ speed: 60 })
    const pipeline = sim.tom.addProcess(51, { kind: "pipeline", outcome: "created" })
    const watched = await run(["tom", "watch", "--pipeline", String(pipeline.pk), ...at(sim)])
    expect(watched.stderr).toBe("")
    expect(watched.code).toBe(0)
    expect(watched.stdout).toContain(`TOM job pipeline/${pipeline.pk}`)
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
})
