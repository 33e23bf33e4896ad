/**
 * `--state FILE`: a watch killed with kill -9 and run again goes on where it
 * was, repeating no event and polling no sooner than it had planned.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { expect, it } from "vitest"
import * as Hostile from "../../../../packages/fetch/test/support/hostile.js"
import { run, start } from "./support/cli.js"

it("a watch killed with kill -9 and run again with --state repeats no event and does not poll at once", async () => {
  const dir = mkdtempSync(join(tmpdir(), "jobscope-state-"))
  const server = await Hostile.listen((_request, socket) =>
    Hostile.json(socket, {
      lc: { statusCode: 3, statusText: "Running", progress: { GotProgress: 0 } },
      OK: 1,
      JobID: 1
    })
  )
  try {
    const state = join(dir, "watch.json")
    const args = ["ukssdc", "watch", "1", "--user-id", "observer@example.org", "--base-url", server.url]
    const first = start([...args, "--products", "lc", "--state", state, "--format", "json"])
    await first.waitFor('"observed"', 10_000)
    first.child.kill("SIGKILL")
    await first.ended
    expect(server.requests).toHaveLength(1)
    const saved = JSON.parse(readFileSync(state, "utf8")) as ReadonlyArray<{
      ref: unknown
      state: { polls: number }
    }>
    expect(saved).toHaveLength(1)
    expect(saved[0]!.state.polls).toBe(1)
    // The next poll was planned at least the UKSSDC floor (10 s) after the first: within 2 s, none.
    const again = await run([
      ...args,
      "--products",
      "lc",
      "--state",
      state,
      "--format",
      "json",
      "--deadline",
      "2 seconds"
    ])
    expect(again.code).toBe(3)
    expect(server.requests).toHaveLength(1)
    expect(again.stdout).not.toContain("TaskAdded")
    // Without --state, a second run starts over: it polls at once and reports the task again.
    const fresh = await run([...args, "--products", "lc", "--format", "json", "--deadline", "2 seconds"])
    expect(fresh.stdout).toContain("TaskAdded")
    expect(server.requests).toHaveLength(2)
  } finally {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

it("--state refuses a file that is not a saved watch, as a usage error", async () => {
  const dir = mkdtempSync(join(tmpdir(), "jobscope-state-"))
  try {
    const state = join(dir, "watch.json")
    const { writeFileSync } = await import("node:fs")
    writeFileSync(state, '{"not": "a watch"}')
    const ran = await run([
      "ukssdc",
      "watch",
      "1",
      "--user-id",
      "u@example.org",
      "--base-url",
      "http://127.0.0.1:9",
      "--state",
      state
    ])
    expect(ran.code).toBe(2)
    expect(ran.stderr).toContain("is not a watch jobscope saved")
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
