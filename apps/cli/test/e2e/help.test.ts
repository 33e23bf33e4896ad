/**
 * `--help` at every level of the command tree shows how to use the command
 * and examples of that very command; `--version` the package's version.
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { run } from "./support/cli.js"

/** Every command, as the words after `jobscope`. */
const commands = [
  [],
  ["ukssdc"],
  ["ukssdc", "submit"],
  ["ukssdc", "status"],
  ["ukssdc", "watch"],
  ["ukssdc", "cancel"],
  ["ukssdc", "download"],
  ["too"],
  ["too", "visibility"],
  ["too", "request"],
  ["too", "status"],
  ["too", "watch"],
  ["tom"],
  ["tom", "status"],
  ["tom", "logs"],
  ["tom", "watch"],
  ["render"],
  ["sim"],
  ["demo"]
].map((path) => ["jobscope", ...path].join(" "))

/** The command lines a help's EXAMPLES section shows. */
const examplesOf = (help: string): ReadonlyArray<string> =>
  (help.split(/^EXAMPLES$/m)[1] ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("jobscope"))

describe("help", () => {
  it.each(commands)("%s --help shows its usage and examples of it", async (command) => {
    const ran = await run([...command.split(" ").slice(1), "--help"])
    expect(ran.code).toBe(0)
    expect(ran.stderr).toBe("")
    expect(ran.stdout).toContain(`USAGE\n  ${command}`)
    const examples = examplesOf(ran.stdout)
    expect(examples, "an EXAMPLES section").not.toEqual([])
    for (const example of examples) expect(`${example} `.startsWith(`${command} `), example).toBe(true)
  })

  it("offers only the global flags that work: no --wizard (it reads keys), no --log-level (nothing logs)", async () => {
    const help = await run(["too", "watch", "--help"])
    const global = help.stdout.split(/^GLOBAL FLAGS$/m)[1]?.split(/^EXAMPLES$/m)[0] ?? ""
    expect(global.match(/^ {2}--[a-z-]+/gm)).toEqual(["  --help", "  --version", "  --completions"])
    expect(await run(["too", "watch", "1", "--wizard"])).toMatchObject({
      code: 2,
      stderr:
        "jobscope: Unrecognized flag: --wizard in command jobscope too watch\njobscope: see jobscope too watch --help\n"
    })
    const completions = await run(["--completions", "bash"])
    expect(completions.code).toBe(0)
    expect(completions.stdout).toContain("complete -F")
  })

  it("-h is --help", async () => {
    const [short, long] = await Promise.all([run(["too", "watch", "-h"]), run(["too", "watch", "--help"])])
    expect(short.code).toBe(0)
    expect(short.stdout).toBe(long.stdout)
  })

  it.each(["--version", "-v"])("%s prints the package's version", async (flag) => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string
    }
    expect(await run([flag])).toMatchObject({ code: 0, stdout: `jobscope v${version}\n`, stderr: "" })
  })
})
