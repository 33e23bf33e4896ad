/** `jobscope render`: a saved reply as a job, in every format, and what a bad file gets. */
import { readFileSync, writeFileSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { run } from "./support/cli.js"
import { simulator, ukssdcJob, url, user } from "./support/simulator.js"

const fixture = (path: string) =>
  new URL(`../../../../packages/core/test/fixtures/${path}`, import.meta.url).pathname

describe("jobscope render", () => {
  it("shows a saved UKSSDC status reply as text, JSON, Markdown and legacy HTML", async () => {
    const file = fixture("ukssdc/status-full.json")
    const text = await run(["render", file])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^UKSSDC job \S+/)
    const json = await run(["render", file, "--format", "json"])
    expect((JSON.parse(json.stdout) as { source: string }).source).toBe("ukssdc")
    const md = await run(["render", file, "--format", "md"])
    expect(md.stdout).toMatch(/^# /)
    const legacy = await run(["render", file, "--format", "html", "--mode", "legacy"])
    expect(legacy.stdout).toContain("status: <code>")
  })

  it("shows again what status --format json and status --raw saved, as status showed it", async () => {
    // A stepped clock: the job must not move between the three status commands.
    const sim = await simulator({ speed: 0 })
    const job = ukssdcJob(sim)
    sim.advance("3 minutes")
    const directory = await mkdtemp(join(tmpdir(), "jobscope-e2e-"))
    const status = ["ukssdc", "status", String(job), "--user-id", user, ...url(sim)]
    const shown = await run(status)
    const saved = join(directory, "job.json")
    writeFileSync(saved, (await run([...status, "--format", "json"])).stdout)
    const raw = join(directory, "reply.json")
    const reply = await run([...status, "--raw"])
    expect(reply.code).toBe(0)
    writeFileSync(raw, reply.stdout)
    // The reply itself: the product builder's own fields, not jobscope's model.
    expect(Object.keys(JSON.parse(reply.stdout) as object)).toEqual(
      expect.arrayContaining(["OK", "JobID", "lc"])
    )
    const fromJson = await run(["render", saved])
    expect(fromJson).toMatchObject({ code: 0, stderr: "" })
    expect(fromJson.stdout).toBe(shown.stdout)
    const fromRaw = await run(["render", raw])
    expect(fromRaw).toMatchObject({ code: 0, stderr: "" })
    // A raw reply has no page link or label: the products and their progress are the same.
    const products = (text: string) =>
      text.split("\n").filter((line) => /^ {2}\S/.test(line) && !line.includes("page:"))
    expect(products(fromRaw.stdout)).toEqual(products(shown.stdout))
    // The job read back is the one saved, field for field.
    const again = await run(["render", saved, "--format", "json"])
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(readFileSync(saved, "utf8")))
    // A saved job says which API it is from: asked for another, it is not that API's reply.
    expect((await run(["render", saved, "--api", "too"])).code).toBe(1)
  })

  it("exits 1 with one line, not a stack trace, for an HTML page or broken JSON", async () => {
    const directory = await mkdtemp(join(tmpdir(), "jobscope-e2e-"))
    for (const [name, body] of [
      ["page.json", "<html><body>502 Bad Gateway</body></html>"],
      ["cut.json", readFileSync(fixture("ukssdc/status-full.json"), "utf8").slice(0, 200)]
    ] as const) {
      writeFileSync(join(directory, name), body)
      const ran = await run(["render", join(directory, name)])
      expect(ran.code).toBe(1)
      expect(ran.stderr.trimEnd().split("\n")).toHaveLength(1)
      expect(ran.stderr).toMatch(/^jobscope: /)
      expect(ran.stderr).not.toMatch(/\n\s+at /)
    }
  })
})
