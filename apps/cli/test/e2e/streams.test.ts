/**
 * What goes where: a closed pipe ends a watch quietly (as `| head -1` does
 * to any Unix tool), and a watch that fails says why once, on standard error,
 * never in the output a script reads.
 */
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, inject, it } from "vitest"
import { environment, run } from "./support/cli.js"
import { simulator, ukssdcJob, url, user } from "./support/simulator.js"

/**
 * Runs `jobscope args | head -1` in bash, a real pipe that head closes after
 * one line: jobscope's exit code (from PIPESTATUS), what head printed, and
 * what jobscope wrote to standard error.
 */
const throughHead = async (args: ReadonlyArray<string>) => {
  const dir = await mkdtemp(join(tmpdir(), "jobscope-head-"))
  const [out, err] = [join(dir, "out"), join(dir, "err")]
  const script = '"$JOBSCOPE_NODE" "$0" "$@" 2>"$ERR" | head -1 >"$OUT"; echo $((PIPESTATUS[0]))'
  const code = await new Promise<string>((resolve, reject) => {
    const child = spawn("bash", ["-c", script, inject("jobscopeBin"), ...args], {
      env: environment({ JOBSCOPE_NODE: process.execPath, OUT: out, ERR: err }),
      stdio: ["ignore", "pipe", "inherit"]
    })
    let said = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      said += chunk
    })
    child.on("error", reject)
    child.on("close", () => resolve(said.trim()))
  })
  return { code: Number(code), stdout: readFileSync(out, "utf8"), stderr: readFileSync(err, "utf8") }
}

describe("standard output and standard error", () => {
  it("ends a watch quietly with exit 141 when what reads it closes the pipe, and polls no more", async () => {
    // At 60 times real time a job of 5 to 10 simulated minutes runs for seconds, writing as it goes.
    const sim = await simulator({ speed: 60 })
    const job = ukssdcJob(sim)
    const ended = await throughHead([
      "ukssdc",
      "watch",
      String(job),
      "--user-id",
      user,
      ...url(sim),
      "--speed",
      "60"
    ])
    expect(ended.stdout).toBe(`UKSSDC job ${job}\n`)
    expect(ended.code).toBe(141)
    // No "Error: write EPIPE", no stack trace: nothing at all.
    expect(ended.stderr).toBe("")
    const after = sim.requests.total()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(sim.requests.total()).toBe(after)
  }, 60_000)

  it("says why a watch failed once, on standard error, and not in its output", async () => {
    const sim = await simulator()
    const ran = await run(["ukssdc", "watch", "999", "--user-id", user, ...url(sim)])
    expect(ran.code).toBe(1)
    const reason = "Job 999 does not exist."
    expect(ran.stderr).toBe(
      `jobscope: UKSSDC status of job 999 (${sim.url}/user_objects/checkProductStatus.php): ${reason}\n`
    )
    expect(ran.stdout).not.toContain(reason)
    expect(ran.stdout).not.toContain("no answer")
    expect(ran.stdout).toBe("UKSSDC job 999: stopped watching (the error at the end says why)\n")
  })
})
