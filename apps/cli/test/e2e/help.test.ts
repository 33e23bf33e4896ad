/** `--help` at every level shows examples; `--version` the package's version. */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { run } from "./support/cli.js"

const commands = [
  [],
  ["ukssdc"],
  ["ukssdc", "submit"],
  ["ukssdc", "status"],
  ["ukssdc", "watch"],
  ["ukssdc", "cancel"],
  ["ukssdc", "download"],
  ["too", "visibility"],
  ["too", "request"],
  ["too", "status"],
  ["too", "watch"],
  ["tom", "status"],
  ["tom", "logs"],
  ["tom", "watch"],
  ["render"],
  ["sim"],
  ["demo"]
]

describe("help", () => {
  it.each(commands)("jobscope %s --help shows its usage and examples", async (...path) => {
    const ran = await run([...path, "--help"])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toContain(`USAGE\n  jobscope ${path.join(" ")}`.trimEnd())
    if (path.length !== 1 || path[0] === "render" || path[0] === "sim" || path[0] === "demo")
      expect(ran.stdout).toContain("EXAMPLES")
  })

  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string
    }
    expect((await run(["--version"])).stdout).toBe(`jobscope v${version}\n`)
  })
})
