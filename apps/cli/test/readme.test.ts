/**
 * The README's opening example, run as a reader runs it, by `sh`: the
 * simulator command, then `submit --watch`, piped and in a terminal, with the
 * CLI built from these sources. Three things differ, and only these: the
 * simulator listens on a free port instead of 8080, both commands run 600
 * times fast instead of 60 (a job's fate is fixed by the seed, not by the
 * speed, so it ends the same way ten times sooner), and the build goes to
 * `node_modules/.cache/`, so that a test never runs a `dist/` that another
 * build may be rewriting. Also: `render`'s output as the README shows it, and
 * the README's exit codes and environment variables are the code's.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process"
import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "tsup"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import * as ExitCode from "../src/ExitCode.js"
import { controls } from "./support/controls.js"

const root = fileURLToPath(new URL("../", import.meta.url))
const readme = readFileSync(join(root, "README.md"), "utf8")
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { readonly name: string }

/** Where this run's build of the CLI goes, and its executable. */
const built = join(root, `node_modules/.cache/jobscope-cli-readme/${process.pid}`)
const bin = join(built, "main.js")

/** The live status page's files, which `sim --web` serves from beside the executable. */
const webDist = join(dirname(createRequire(import.meta.url).resolve("@jobscope/web/package.json")), "dist")

/** Builds the CLI as `pnpm build` does (`tsup.config.ts`), into the cache. */
beforeAll(async () => {
  // tsup reads its config, entry and tsconfig from the working directory.
  if (process.cwd() !== root.replace(/\/$/, ""))
    throw new Error(`run these tests from ${root} (the package's directory), not ${process.cwd()}`)
  await build({
    outDir: built,
    silent: true,
    onSuccess: async () => cpSync(webDist, join(built, "web"), { recursive: true })
  })
}, 120_000)
afterAll(() => rmSync(built, { recursive: true, force: true }))

/** The opening ```sh block's commands: comment lines dropped, continued lines kept whole. */
const opening = /^# [^\n]+\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? ""
const commands = opening.split(/(?<!\\)\n/).filter((line) => line.trim() !== "" && !line.startsWith("#"))
const command = (start: string): string => {
  const found = commands.find((text) => text.startsWith(start))
  if (found === undefined) throw new Error(`the README's opening example has no command starting "${start}"`)
  return found
}

/** The ```text block that follows `after` in the README, as lines. */
const shown = (after: string): ReadonlyArray<string> => {
  const at = readme.indexOf(after)
  if (at === -1) throw new Error(`the README does not say "${after}"`)
  const block = /```text\n([\s\S]*?)```/.exec(readme.slice(at))?.[1]
  if (block === undefined) throw new Error(`no \`\`\`text block follows "${after}" in the README`)
  return block.replace(/\n$/, "").split("\n")
}

/** The environment the commands run in: the user's, without what would change their output. */
const environment = (extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith("JOBSCOPE_") && name !== "NO_COLOR" && name !== "FORCE_COLOR"
    )
  ),
  JOBSCOPE_BIN: bin,
  ...extra
})

/** A shell script in which `jobscope` is the tests' build, as an installed `jobscope` would be. */
const script = (commandLine: string): string =>
  `jobscope() { exec node "$JOBSCOPE_BIN" "$@"; }\n${commandLine}`

const children: Array<ChildProcessWithoutNullStreams> = []
afterEach(async () => {
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          child.once("close", () => resolve())
          child.kill("SIGINT")
        })
    )
  )
})

/** Runs `executable` with `args` to its end; answers what it wrote and its exit code. */
const run = (executable: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv) =>
  new Promise<{ readonly stdout: string; readonly stderr: string; readonly code: number | null }>(
    (resolve, reject) => {
      const child = spawn(executable, args, { env })
      children.push(child)
      let stdout = ""
      let stderr = ""
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8")
      })
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8")
      })
      child.once("error", reject)
      child.once("close", (code) => resolve({ stdout, stderr, code }))
    }
  )

/** The README's simulator command, fast and on a free port, until it prints its banner. */
const simulator = async () => {
  const line = command("jobscope sim ")
  expect(line).toContain("--port 8080")
  expect(line).toMatch(/--speed 60\b/)
  const child = spawn(
    "/bin/sh",
    ["-c", script(line.replace("--port 8080", "--port 0").replace(/--speed 60\b/, "--speed 600"))],
    {
      env: environment()
    }
  )
  children.push(child)
  let banner = ""
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      banner += chunk.toString("utf8")
      if (banner.includes("Stop with Ctrl+C.")) resolve()
    })
    child.once("close", (code) => reject(new Error(`the simulator exited (${code}): ${banner}`)))
  })
  const url = /on (http:\/\/127\.0\.0\.1:\d+) /.exec(banner)?.[1] ?? ""
  return { banner, url }
}

/** The README's `submit` command, against the simulator at `url`, fast. */
const submit = (url: string): string => {
  const line = command("jobscope ukssdc submit ")
  expect(line).toContain("--base-url http://127.0.0.1:8080 ")
  expect(line).toMatch(/--speed 60\b/)
  return line.replace("http://127.0.0.1:8080", url).replace(/--speed 60\b/, "--speed 600")
}

/** Output as the README shows it: the simulator on port 8080. */
const asShown = (output: string, url: string): string => output.replaceAll(url, "http://127.0.0.1:8080")

/** Whether `script` is util-linux's, which runs a command in a new terminal: `script -qec <command> /dev/null`. */
const hasTerminalScript = spawnSync("script", ["--version"], { encoding: "utf8" }).stdout?.includes(
  "util-linux"
)

const ESC = "\u001b"

/**
 * What a terminal shows once `output` has been written to it, for the codes
 * the live view writes: hide and show the cursor, and "up n lines to the
 * start of the line, clear to the end of the screen" (CPL, then ED). Any
 * other code is left in place, for the caller to find.
 */
const screenOf = (output: string): ReadonlyArray<string> => {
  const text = output.replaceAll("\r\n", "\n").replaceAll(`${ESC}[?25l`, "").replaceAll(`${ESC}[?25h`, "")
  const lines: Array<string> = []
  const chunks = text.split(`${ESC}[J`)
  chunks.forEach((chunk, index) => {
    const last = index === chunks.length - 1
    const up = last ? -1 : chunk.lastIndexOf(`${ESC}[`)
    const written = last ? chunk : chunk.slice(0, up)
    lines.push(...written.split("\n").slice(0, -1))
    if (!last) lines.splice(lines.length - Number(chunk.slice(up + 2, -1)))
  })
  return lines
}

/** Checks that `actual` is `expected`, where each "…" line of `expected` stands for any number of lines. */
const expectLines = (actual: ReadonlyArray<string>, expected: ReadonlyArray<string>) => {
  const runs = expected.join("\n").split(/\n?…\n?/)
  const first = runs[0] ?? ""
  const last = runs.at(-1) ?? ""
  const text = actual.join("\n")
  expect(text.startsWith(first), `the output starts with:\n${first}\n\nIt is:\n${text}`).toBe(true)
  expect(text.endsWith(last), `the output ends with:\n${last}\n\nIt is:\n${text}`).toBe(true)
  let at = first.length
  for (const middle of runs.slice(1, -1)) {
    const found = text.indexOf(`\n${middle}\n`, at)
    expect(found, `the output has, after what came before:\n${middle}\n\nIt is:\n${text}`).toBeGreaterThan(-1)
    at = found + middle.length
  }
}

describe("README", () => {
  it("opens with the demo, by the package's name", () => {
    expect(command("npx ")).toMatch(new RegExp(`^npx ${manifest.name} demo\\s`))
    const help = spawnSync(process.execPath, [bin, "demo", "--help"], {
      encoding: "utf8",
      env: environment()
    })
    expect([help.status, help.stdout]).toEqual([0, expect.stringContaining("jobscope demo [flags]")])
  })

  it("starts the simulator with the live status page, and links to the job's live view", async () => {
    const { banner, url } = await simulator()
    expect(banner).toContain(`(speed 600, seed ${/--seed (\d+)/.exec(command("jobscope sim "))?.[1]})`)
    expect(banner).toContain(`  Live status page  ${url}/\n`)
    const page = await fetch(`${url}/`)
    expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"])
    expect(await page.text()).toContain("<title>jobscope — live job status</title>")
    const link = /`(http:\/\/127\.0\.0\.1:8080\/\?[^`]+)`/.exec(readme)?.[1] ?? ""
    const query = new URL(link).searchParams
    expect(Object.fromEntries(query)).toEqual({
      api: "ukssdc",
      job: "1",
      user: /--user-id (\S+)/.exec(command("jobscope ukssdc submit "))?.[1],
      watch: "1"
    })
  })

  it("follows the job to its end, piped: one line per event, no escape codes, exit 0", async () => {
    const { url } = await simulator()
    const piped = await run("/bin/sh", ["-c", script(submit(url))], environment())
    expect(piped.stderr).toBe("")
    expect(piped.code).toBe(ExitCode.success)
    expect(controls(piped.stdout)).toEqual([])
    const lines = asShown(piped.stdout, url).replace(/\n$/, "").split("\n")
    expectLines(lines, shown("Piped, the opening example prints:"))
    // The opening's first line is the same piped or not.
    expect(lines[0]).toBe(shown("command exits with code 0:")[0])
  })

  it.skipIf(!hasTerminalScript)(
    "follows the job to its end in a terminal, redrawn in place, and leaves what the README shows",
    async () => {
      const { url } = await simulator()
      const terminal = await run(
        "script",
        ["-qec", script(submit(url)), "/dev/null"],
        environment({ SHELL: "/bin/sh", NO_COLOR: "1" })
      )
      expect(terminal.code).toBe(ExitCode.success)
      const output = asShown(terminal.stdout, url)
      // Redrawn: the frame was moved over more than once, and the cursor shown again at the end.
      expect(output.split(`${ESC}[J`).length).toBeGreaterThan(2)
      expect(output.lastIndexOf(`${ESC}[?25h`)).toBeGreaterThan(output.lastIndexOf(`${ESC}[J`))
      const screen = screenOf(output)
      expect(controls(screen.join("\n"))).toEqual([])
      // A finished product's running time is the last the server counted before it stopped saying, which depends on when the polls fell.
      const runningTimes = (lines: ReadonlyArray<string>) =>
        lines.map((line) => line.replace(/\b\d\d:\d\d:\d\d$/, "HH:MM:SS"))
      expect(runningTimes(screen)).toEqual(runningTimes(shown("command exits with code 0:")))
    }
  )

  it("shows the terminal renderer as `render` prints it, for the UKSSDC document's complex example", () => {
    const reply = join(root, "../../packages/core/test/fixtures/ukssdc/status-complex.json")
    const rendered = spawnSync(process.execPath, [bin, "render", reply], {
      encoding: "utf8",
      env: environment()
    })
    expect(rendered.status).toBe(ExitCode.success)
    expect(rendered.stdout.replace(/\n$/, "").split("\n")).toEqual(shown("(`jobscope render status.json`):"))
  })

  it("lists every exit code, and no other", () => {
    const listed = Array.from(readme.matchAll(/^\| `(\d+)` +\|/gm), (match) => Number(match[1]))
    const codes = [
      ExitCode.success,
      ExitCode.failure,
      ExitCode.usage,
      ExitCode.deadline,
      ExitCode.interrupted,
      ExitCode.brokenPipe
    ]
    expect(listed).toEqual(codes)
  })

  it("names every environment variable the command reads, and no other", () => {
    const sources = (directory: string): ReadonlyArray<string> =>
      readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? sources(join(directory, entry.name))
          : entry.name.endsWith(".ts")
            ? [readFileSync(join(directory, entry.name), "utf8")]
            : []
      )
    const variables = (text: string) => new Set(text.match(/\bJOBSCOPE_[A-Z_]+\b/g) ?? [])
    const read = variables(sources(join(root, "src")).join("\n"))
    expect(read.size).toBeGreaterThan(0)
    expect([...variables(readme)].sort()).toEqual([...read].sort())
  })
})
