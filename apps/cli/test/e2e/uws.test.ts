/** `jobscope uws …` and `jobscope tap query` against the simulated UWS 1.1, UWS 1.0 and TAP services. */

import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Simulator, UwsSim } from "@jobscope/simulator"
import { describe, expect, it } from "vitest"
import { escapes, run } from "./support/cli.js"
import { simulator } from "./support/simulator.js"

/** Creates and runs a job on a simulated UWS service with the plan given; its URL. */
const runJob = async (sim: Simulator, plan: UwsSim.Plan, service = "uws") => {
  sim.uws.scriptNext(plan)
  const response = await fetch(`${sim.url}/${service}/jobs`, {
    method: "POST",
    body: new URLSearchParams({ QUERY: "SELECT 1", PHASE: "RUN" }),
    redirect: "manual"
  })
  return response.headers.get("location")!
}

const speed = (sim: Simulator) => ["--speed", String(sim.clock.speed)]

describe("jobscope uws", () => {
  it("watches a UWS 1.1 job to COMPLETED (exit 0), then shows it and lists its results", async () => {
    const sim = await simulator({ speed: 60 })
    // Long enough (3 s of real time) that the watch, once started, sees it run.
    const url = await runJob(sim, { queue: 10, execution: 180, outcome: { phase: "COMPLETED" } })
    const id = url.split("/").at(-1)!
    const watched = await run(["uws", "watch", url, ...speed(sim)])
    expect(watched.stderr).toBe("")
    expect(watched.code).toBe(0)
    expect(watched.stdout).toContain(`UWS job ${id}`)
    expect(watched.stdout).toMatch(/running → succeeded/)
    expect(escapes(watched.stdout)).toEqual([])
    // Blocking WAIT: the creation and its redirect, the watch's first read, one request per change.
    expect(sim.requests.job(`uws/${id}`)?.routes["uws.job"]).toBeLessThanOrEqual(5)
    const status = await run(["uws", "status", url, "--format", "json"])
    expect(status.code).toBe(0)
    const snapshot = JSON.parse(status.stdout) as {
      source: string
      tasks: ReadonlyArray<{ code: string; outputs: ReadonlyArray<{ id: string; mediaType?: string }> }>
    }
    expect(snapshot.source).toBe("uws")
    expect(snapshot.tasks[0]?.code).toBe("COMPLETED")
    expect(snapshot.tasks[0]?.outputs.map((output) => output.id).sort()).toEqual(["log", "result"])
    const results = await run(["uws", "results", url])
    expect(results.code).toBe(0)
    expect(results.stdout).toMatch(
      /^result {2}\d+ bytes {2}text\/csv {2}http:\/\/127\.0\.0\.1:\d+\/uws\/jobs\/\w+\/results\/result$/m
    )
  })

  it("exits 1 for a job that ends in ERROR, saying why; a 1.0 job is followed by polling", async () => {
    const sim = await simulator({ speed: 60 })
    const url = await runJob(
      sim,
      {
        queue: 5,
        execution: 30,
        outcome: { phase: "ERROR", type: "fatal", message: "Table swift.nope does not exist" }
      },
      "uws10"
    )
    const watched = await run(["uws", "watch", url, ...speed(sim)])
    expect(watched.code).toBe(1)
    expect(watched.stdout).toContain("Table swift.nope does not exist")
    expect(watched.stderr).toMatch(/^jobscope: not every job succeeded \(UWS job \w+: failed\)\n$/)
  })

  it("aborts a queued job, which a watch then reports cancelled (exit 1)", async () => {
    const sim = await simulator({ speed: 60 })
    const url = await runJob(sim, { queue: 3_600, execution: 60, outcome: { phase: "COMPLETED" } })
    const aborted = await run(["uws", "abort", url])
    expect(aborted.code).toBe(0)
    expect(aborted.stdout).toMatch(/^UWS job \w+: ABORTED\n$/)
    const watched = await run(["uws", "watch", url, "--format", "json", ...speed(sim)])
    expect(watched.code).toBe(1)
  })

  it("a URL that is not http(s) is a usage error (exit 2); a job that does not exist, exit 1", async () => {
    const bad = await run(["uws", "status", "ftp://example.org/jobs/1"])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("must be an http(s) URL")
    const sim = await simulator()
    const missing = await run(["uws", "status", `${sim.url}/uws/jobs/nope`])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^jobscope: UWS job document of job nope .*HTTP 404/)
  })
})

describe("jobscope tap query", () => {
  it("runs an ADQL query, follows it with --watch, and saves the CSV with -o", async () => {
    const sim = await simulator({ speed: 60 })
    const directory = mkdtempSync(join(tmpdir(), "jobscope-tap-cli-"))
    const path = join(directory, "rows.csv")
    const adql = "SELECT TOP 3 obsid, target_name FROM swift.observations ORDER BY obsid"
    const ran = await run([
      "tap",
      "query",
      `${sim.url}/tap`,
      adql,
      "--format",
      "csv",
      "-o",
      path,
      "--watch",
      ...speed(sim)
    ])
    expect(ran.stderr).toBe("")
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(/UWS job \w+/)
    expect(ran.stdout).toMatch(/Saved \d+ bytes to .*rows\.csv\n$/)
    const rows = readFileSync(path, "utf8").trim().split(/\r?\n/)
    expect(rows[0]).toBe("obsid,target_name")
    expect(rows).toHaveLength(4)
  })

  it("without --watch or -o, submits and prints the job's URL to follow", async () => {
    const sim = await simulator({ speed: 60 })
    const ran = await run(["tap", "query", `${sim.url}/tap`, "SELECT TOP 1 * FROM swift.observations"])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(
      /^Submitted: http:\/\/127\.0\.0\.1:\d+\/tap\/async\/\w+\nFollow it with: jobscope uws watch http/
    )
  })
})
