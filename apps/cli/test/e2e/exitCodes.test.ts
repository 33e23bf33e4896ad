/**
 * Every exit code a script can branch on: 2 for a command line that is
 * wrong (with a reason, and a suggestion for a typo), 130 for Ctrl-C with
 * polling stopped at once. (0, 1 and 3 are in the per-API tests.)
 */
import { describe, expect, it } from "vitest"
import { run, start } from "./support/cli.js"
import { at, simulator, url, user } from "./support/simulator.js"

describe("exit codes", () => {
  it.each([
    [["ukssdc", "stauts", "1"], /Unknown subcommand "stauts"[\s\S]*Did you mean this\?\s+status/],
    [["ukssdc", "status", "1", "--user-id", user, "--formt", "json"], /--formt[\s\S]*--format/],
    [["ukssdc", "status", "--user-id", user], /job/i],
    [["ukssdc", "watch", "1", "--user-id", user, "--deadline", "soon"], /--deadline takes a duration/],
    [["ukssdc", "status", "1"], /--user-id or set JOBSCOPE_UKSSDC_USER/],
    [["too", "status", "1", "--username", "alice"], /--username needs the shared secret/],
    [["ukssdc", "watch", "1", "--user-id", user, "--speed", "0"], /--speed takes a number above 0/]
  ] as const)("exits 2 with a reason for %j", async (args, reason) => {
    const ran = await run(args)
    expect(ran.code).toBe(2)
    expect(ran.stderr).toMatch(/^jobscope: /)
    expect(ran.stderr).toMatch(reason)
  })

  it("exits 130 on Ctrl-C, says it stopped, and polls no more", async () => {
    const sim = await simulator({ speed: 1 })
    await run([
      "ukssdc",
      "submit",
      "--name",
      "X",
      "--target",
      "1",
      "--ra",
      "1",
      "--dec",
      "1",
      "--user-id",
      user,
      ...url(sim)
    ])
    // At --speed 100 the floor is 0.1 s: a watch that kept polling would be caught at once.
    const watching = start(["ukssdc", "watch", "1", "--user-id", user, ...url(sim), "--speed", "100"])
    await watching.waitFor("UKSSDC job 1")
    watching.child.kill("SIGINT")
    const ended = await watching.ended
    expect(ended.code).toBe(130)
    expect(ended.stdout).toContain("Interrupted: stopped polling.")
    const after = sim.requests.total()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(sim.requests.total()).toBe(after)
  })

  it("exits 1 when the server cannot be reached, naming it", async () => {
    const sim = await simulator()
    const address = sim.url
    await sim.close()
    const ran = await run(["too", "status", "1001", "--base-url", address])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toMatch(/^jobscope: Swift TOO .*could not reach the server/)
  }, 60_000)

  it("exits 1 for a reply that is an HTML page, saying so", async () => {
    const sim = await simulator({ faults: ["too.*=html"] })
    const ran = await run(["too", "visibility", "--ra", "10", "--dec", "5", ...at(sim)])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toMatch(/^jobscope: .*HTML/i)
  }, 60_000)
})
