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
    [
      ["ukssdc", "watch", "1", "--user-id", user, "--deadline", "soon"],
      /--deadline: "soon"\. Expected: a duration/
    ],
    [["ukssdc", "status", "1"], /--user-id or set JOBSCOPE_UKSSDC_USER/],
    [["too", "status", "1", "--username", "alice"], /--username needs the shared secret/],
    [["too", "request", "--source-name", "SN 2026abc"], /a TOO request needs the username you registered/],
    [
      ["ukssdc", "watch", "1", "--user-id", user, "--speed", "0"],
      /--speed: "0"\. Expected: a number above 0/
    ],
    [["sim", "--speed", "-5"], /--speed: "-5"\. Expected: a number of 0 or more/],
    [["demo", "--speed", "0"], /--speed: "0"\. Expected: a number above 0/],
    [["demo", "--speed", "100000"], /--speed takes a number up to 3600/]
  ] as const)("exits 2 with a reason for %j, before anything starts", async (args, reason) => {
    const ran = await run(args)
    expect(ran.code).toBe(2)
    expect(ran.stderr).toMatch(/^jobscope: /)
    expect(ran.stderr).toMatch(reason)
    // Nothing started: no simulator's banner, no job submitted, no page of help.
    expect(ran.stdout).toBe("")
  })

  it("exits 2 for a TOO request without credentials, sending nothing", async () => {
    const sim = await simulator()
    const ran = await run(["too", "request", "--source-name", "SN 2026abc", ...url(sim)])
    expect(ran.code).toBe(2)
    expect(sim.requests.total()).toBe(0)
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
    expect(ended.stdout).toContain(
      "Interrupted: stopped polling. Run the same command to follow again (add --state FILE to go on where it stopped)."
    )
    const after = sim.requests.total()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(sim.requests.total()).toBe(after)
  })

  it("exits 1 when the server cannot be reached, showing each retry as it comes and how to start a simulator", async () => {
    const sim = await simulator()
    const address = sim.url
    const port = new URL(address).port
    await sim.close()
    const ran = await run(["too", "status", "1001", "--base-url", address])
    expect(ran.code).toBe(1)
    expect(ran.stdout).toBe("")
    const said = ran.stderr.trimEnd().split("\n")
    const retries = said.filter((line) => line.startsWith("jobscope: attempt "))
    expect(retries.map((line) => /^jobscope: attempt (\d) of 5 failed: /.exec(line)?.[1])).toEqual([
      "1",
      "2",
      "3",
      "4"
    ])
    for (const line of retries) {
      expect(line).toContain(
        `Swift TOO status of job 1001 (${address}/toop/submit_json.php): could not reach the server`
      )
      expect(line).toMatch(/; next try in \d+\.\d s$/)
    }
    const hint = `jobscope: nothing answers on 127.0.0.1:${port}: is the simulator running? Start it with: jobscope sim --port ${port}`
    // The hint with the first retry, and again under the error, which comes once, last.
    expect(said[1]).toBe(hint)
    expect(said.slice(-2)).toEqual([
      expect.stringMatching(
        /^jobscope: Swift TOO status of job 1001 .*could not reach the server after 5 attempts/
      ),
      hint
    ])
    expect(said.filter((line) => line.includes("after 5 attempts"))).toHaveLength(1)
  }, 60_000)

  it("exits 1 for a reply that is an HTML page, saying so", async () => {
    const sim = await simulator({ faults: ["too.*=html"] })
    const ran = await run(["too", "visibility", "--ra", "10", "--dec", "5", ...at(sim)])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toMatch(/^jobscope: .*HTML/i)
  }, 60_000)
})
