/** `jobscope sim --web`: the simulator and the live status page, until Ctrl-C. */
import { describe, expect, it } from "vitest"
import { start } from "./support/cli.js"

describe("jobscope sim", () => {
  it("serves the APIs and the live status page, and stops on Ctrl-C", async () => {
    const sim = start(["sim", "--web", "--port", "0", "--speed", "60"])
    await sim.waitFor("Stop with Ctrl+C.")
    const address = /Simulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(sim.stdout())?.[1]
    expect(address).toBeDefined()
    expect(sim.stdout()).toContain(`Live status page  ${address}/`)
    const page = await fetch(`${address}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get("content-type")).toMatch(/^text\/html/)
    expect(await page.text()).toContain("jobscope")
    const health = (await (await fetch(`${address}/_sim/health`)).json()) as { ok: boolean; speed: number }
    expect(health).toMatchObject({ ok: true, speed: 60 })
    sim.child.kill("SIGINT")
    expect((await sim.ended).code).toBe(130)
    await expect(fetch(`${address}/_sim/health`)).rejects.toThrow()
  })
})
