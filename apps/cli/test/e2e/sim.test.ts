/**
 * `jobscope sim`: the simulator and the live status page until Ctrl-C, and
 * what it can hold for trying the other commands: a TOO user, TOM pipelines.
 */
import { describe, expect, it } from "vitest"
import { environment, run, start } from "./support/cli.js"
import { secret } from "./support/simulator.js"
import { requestFile } from "./support/tooRequest.js"

/** The simulator's address, from its banner. */
const addressOf = (banner: string): string => {
  const address = /Simulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1]
  expect(address).toBeDefined()
  return address!
}

describe("jobscope sim", () => {
  it("serves the APIs and the live status page, and stops on Ctrl-C", async () => {
    const sim = start(["sim", "--web", "--port", "0", "--speed", "60"])
    await sim.waitFor("Stop with Ctrl+C.")
    const address = addressOf(sim.stdout())
    expect(sim.stdout()).toContain(`Live status page  ${address}/`)
    const page = await fetch(`${address}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get("content-type")).toMatch(/^text\/html/)
    expect(await page.text()).toContain("jobscope")
    const health = (await (await fetch(`${address}/_sim/health`)).json()) as { ok: boolean; speed: number }
    expect(health).toMatchObject({ ok: true, speed: 60 })
    expect(sim.stdout()).toContain(`UWS     ${address}/uws/jobs (UWS 1.1), ${address}/uws10/jobs (UWS 1.0)`)
    expect(sim.stdout()).toContain(`TAP     ${address}/tap`)
    const tap = await fetch(`${address}/tap/availability`)
    expect(tap.status).toBe(200)
    expect(await tap.text()).toContain("<vosi:available>true</vosi:available>")
    sim.child.kill("SIGINT")
    expect((await sim.ended).code).toBe(130)
    await expect(fetch(`${address}/_sim/health`)).rejects.toThrow()
  })

  it("holds a TOO user and TOM pipelines to try the other commands on, never showing the secret", async () => {
    const env = environment({ JOBSCOPE_TOO_SECRET: secret })
    const sim = start(
      // In mid-March the Sun is far from the supernova the request asks about, whatever the real date.
      [
        "sim",
        "--port",
        "0",
        "--speed",
        "60",
        "--start",
        "2026-03-15",
        "--too-user",
        "alice",
        "--tom-pipeline",
        "7",
        "--tom-pipeline",
        "9"
      ],
      env
    )
    await sim.waitFor("Stop with Ctrl+C.")
    const address = addressOf(sim.stdout())
    expect(sim.stdout()).toContain(
      "user alice, with the shared secret given; jobscope too … --username alice"
    )
    expect(sim.stdout()).toContain(
      `pipeline 1 on target 7: jobscope tom watch --pipeline 1 --base-url ${address}`
    )
    expect(sim.stdout()).toContain(
      `pipeline 2 on target 9: jobscope tom watch --pipeline 2 --base-url ${address}`
    )
    const fast = ["--base-url", address, "--speed", "60"]
    const request = await run(
      ["too", "request", "--data", await requestFile(), "--username", "alice", "--watch", ...fast],
      env
    )
    expect(request, request.stderr).toMatchObject({ code: 0 })
    expect(request.stdout).toContain("Swift TOO job 1001: ✓ succeeded")
    const target = await run(["tom", "watch", "9", ...fast])
    expect(target.code).toBe(0)
    expect(target.stdout).toMatch(/TOM target 9: ✓ succeeded\n$/)
    sim.child.kill("SIGINT")
    const ended = await sim.ended
    for (const output of [ended.stdout, ended.stderr, request.stdout, request.stderr, target.stdout])
      expect(output).not.toContain(secret)
  })

  it("refuses a TOO user without a secret, and a target that cannot be (exit 2)", async () => {
    expect(await run(["sim", "--port", "0", "--too-user", "alice"])).toMatchObject({
      code: 2,
      stdout: "",
      stderr:
        "jobscope: --too-user needs a shared secret to check its requests: give --too-secret or set JOBSCOPE_TOO_SECRET\n"
    })
    expect(await run(["sim", "--port", "0", "--tom-pipeline", "0"])).toMatchObject({
      code: 2,
      stderr: "jobscope: --tom-pipeline takes a target's primary key, 1 or more, not 0\n"
    })
  })
})
