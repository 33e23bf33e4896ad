/** `jobscope render`: a saved reply as a job, in every format, and what a bad file gets. */
import { readFileSync, writeFileSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { run } from "./support/cli.js"

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
