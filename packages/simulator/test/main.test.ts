/**
 * The `jobscope-sim` command, run as a user runs it: `node bin/jobscope-sim.js`
 * in a child process. The package is built for the test into
 * `node_modules/.cache/` (package.json, bin and dist, laid out as installed),
 * so the test needs no prior build and never touches the package's own `dist`
 * while other packages may be reading it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process"
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Result from "effect/Result"
import { build } from "tsup"
import * as Command from "../src/internal/command.js"

const root = fileURLToPath(new URL("..", import.meta.url))
const installed = `${root}node_modules/.cache/jobscope-sim-test/`
const version = (JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string }).version

beforeAll(async () => {
  rmSync(installed, { recursive: true, force: true })
  mkdirSync(`${installed}bin`, { recursive: true })
  copyFileSync(`${root}package.json`, `${installed}package.json`)
  copyFileSync(`${root}bin/jobscope-sim.js`, `${installed}bin/jobscope-sim.js`)
  await build({
    entry: [`${root}src/**/*.ts`],
    outDir: `${installed}dist`,
    format: ["esm"],
    bundle: false,
    target: "es2022",
    config: false,
    silent: true
  })
}, 60_000)

afterAll(() => rmSync(installed, { recursive: true, force: true }))

interface Exit {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const spawnSim = (args: ReadonlyArray<string>): ChildProcessWithoutNullStreams =>
  spawn(process.execPath, [`${installed}bin/jobscope-sim.js`, ...args])

const exited = (child: ChildProcessWithoutNullStreams): Promise<Exit> => {
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8")
  })
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8")
  })
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })))
}

const sim = (args: ReadonlyArray<string>) => exited(spawnSim(args))

/** Starts the command and waits until it says it listens; resolves its banner and its exit. */
const listening = async (args: ReadonlyArray<string>) => {
  const child = spawnSim(args)
  const exit = exited(child)
  let banner = ""
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      banner += chunk.toString("utf8")
      if (banner.includes("Stop with Ctrl+C.")) resolve()
    })
    child.once("close", () => reject(new Error(`the command exited before listening: ${banner}`)))
  })
  const url = /on (http:\/\/127\.0\.0\.1:\d+) /.exec(banner)?.[1]
  if (url === undefined) throw new Error(`no URL in ${banner}`)
  return { child, exit, banner, url }
}

describe("jobscope-sim", () => {
  it("prints its help with the flags, the fault spec, the admin paths and examples", async () => {
    const { code, stdout } = await sim(["--help"])
    expect(code).toBe(0)
    expect(stdout).toBe(Command.usage)
    for (const text of [
      "--port N",
      "--speed X",
      "--seed N",
      "--start TIME",
      "--fault SPEC",
      "--site DIR",
      "ROUTE=FAULT[xN|@P]",
      "/_sim/faults",
      "Examples:"
    ])
      expect(stdout).toContain(text)
  })

  it("prints its version", async () => {
    expect(await sim(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" })
  })

  it.each([
    [["--port", "http"], '--port must be a whole number from 0 to 65535, got "http"'],
    [["--bogus"], "Unknown option '--bogus'"],
    [["--fault", "ukssdc.status=teapot"], '--fault: fault "ukssdc.status=teapot": unknown fault "teapot"'],
    [["--fault", "ukssdc.stauts=503"], '--fault: no route is named "ukssdc.stauts"']
  ])("exits 2 naming the flag for %j", async (args, message) => {
    const { code, stdout, stderr } = await sim(args)
    expect(code).toBe(2)
    expect(stdout).toBe("")
    expect(stderr).toContain(`jobscope-sim: ${message}`)
    expect(stderr).toContain("Run jobscope-sim --help for usage.")
  })

  it("serves every API, prints where, applies its flags, and stops cleanly on SIGINT", async () => {
    const { child, exit, banner, url } = await listening([
      "--port",
      "0",
      "--speed",
      "60",
      "--seed",
      "7",
      "--start",
      "2026-03-01T12:00:00Z",
      "--fault",
      "ukssdc.numJobs=503x1"
    ])
    expect(banner).toContain(`on ${url} (speed 60, seed 7, simulated time 2026-03-01T12:00:`)
    expect(banner).toContain(`  UKSSDC  ${url}/user_objects/\n`)
    expect(banner).toContain(`  TOO     ${url}/toop/submit_json.php\n`)
    expect(banner).toContain(`  TOM     ${url}/api/\n`)
    expect(banner).toContain(`  UWS     ${url}/uws/jobs (UWS 1.1), ${url}/uws10/jobs (UWS 1.0)\n`)
    expect(banner).toContain(`  TAP     ${url}/tap\n`)
    expect(banner).toContain("  fault   ukssdc.numJobs=503x1\n")
    const health = (await (await fetch(`${url}/_sim/health`)).json()) as { seed: number; speed: number }
    expect([health.seed, health.speed]).toEqual([7, 60])
    const numJobs = () =>
      fetch(`${url}/user_objects/getNumJobs.php`, { method: "POST", body: '{"UserID":"a@b.c"}' }).then(
        (response) => response.status
      )
    expect([await numJobs(), await numJobs()]).toEqual([503, 200])

    child.kill("SIGINT")
    const { code, stdout, stderr } = await exit
    expect(code).toBe(0)
    expect(stderr).toBe("")
    expect(stdout).toContain("jobscope-sim: stopped on SIGINT after 2 requests\n")
  })

  it("stops cleanly on SIGTERM, ending a client's stalled request", async () => {
    const { child, exit, url } = await listening(["--port", "0", "--fault", "tom.status=stall"])
    const stalled = fetch(`${url}/api/async/status/1/`).then(
      () => "answered",
      () => "ended"
    )
    const fired = async () =>
      ((await (await fetch(`${url}/_sim/faults`)).json()) as { faults: Array<{ fired: number }> }).faults[0]
        ?.fired
    await expect.poll(fired).toBe(1)
    child.kill("SIGTERM")
    expect((await exit).code).toBe(0)
    expect(await stalled).toBe("ended")
  })

  it("serves a site beside the APIs, saying where, and refuses a site that is not there", async () => {
    const site = mkdtempSync(join(tmpdir(), "jobscope-sim-site-"))
    try {
      writeFileSync(join(site, "index.html"), "<title>live</title>")
      const { child, exit, banner, url } = await listening(["--port", "0", "--site", site])
      expect(banner).toContain(`  site    ${url}/ (the files of ${site})\n`)
      const page = await fetch(`${url}/`)
      expect([page.status, await page.text()]).toEqual([200, "<title>live</title>"])
      child.kill("SIGINT")
      expect((await exit).stdout).toContain("stopped on SIGINT after 0 requests")

      const missing = join(site, "missing")
      const { code, stderr } = await sim(["--port", "0", "--site", missing])
      expect(code).toBe(2)
      expect(stderr).toContain(
        `jobscope-sim: --site: cannot serve the site ${JSON.stringify(missing)}: it does not exist\n`
      )
    } finally {
      rmSync(site, { recursive: true, force: true })
    }
  })

  it("exits 1 saying so when the port is taken", async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve))
    const address = blocker.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    try {
      const { code, stderr } = await sim(["--port", String(port)])
      expect(code).toBe(1)
      expect(stderr).toBe(`jobscope-sim: port ${port} is already in use\n`)
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })

  describe("its command line, read in process", () => {
    const read = (args: ReadonlyArray<string>) => {
      const result = Command.parse(args)
      return Result.isSuccess(result) ? result.success : result.failure.message
    }

    it("reads every flag, long and short, and repeated faults", () => {
      expect(
        read([
          "-p",
          "0",
          "-s",
          "0.5",
          "--seed",
          "4294967295",
          "--start",
          "2026-03-01T12:00:00Z",
          "-f",
          "*=reset@0.05",
          "--fault",
          "tom.status=latency:200-800ms",
          "--site",
          "apps/web/dist"
        ])
      ).toEqual({
        kind: "run",
        options: {
          port: 0,
          speed: 0.5,
          seed: 4294967295,
          start: new Date("2026-03-01T12:00:00Z"),
          faults: ["*=reset@0.05", "tom.status=latency:200-800ms"],
          site: "apps/web/dist"
        }
      })
    })

    it("listens on 8080 at the defaults", () => {
      expect(read([])).toEqual({ kind: "run", options: { port: 8080, faults: [] } })
    })

    it("answers help and version before anything else", () => {
      expect(read(["--port", "0", "-h"])).toEqual({ kind: "help" })
      expect(read(["-v"])).toEqual({ kind: "version" })
    })

    it.each([
      [["--port", "70000"], '--port must be a whole number from 0 to 65535, got "70000"'],
      [["--port", "-1"], "Option '--port' argument is ambiguous"],
      [["--speed", "fast"], '--speed must be a number ≥ 0, such as 60, got "fast"'],
      [["--speed", "Infinity"], '--speed must be a number ≥ 0, such as 60, got "Infinity"'],
      [["--seed", "1.5"], '--seed must be a whole number from 0 to 4294967295, got "1.5"'],
      [
        ["--start", "yesterday"],
        '--start must be a time in ISO 8601, such as 2026-03-01T12:00:00Z, got "yesterday"'
      ],
      [
        ["--fault", "ukssdc.status"],
        '--fault: fault "ukssdc.status": expected ROUTE=FAULT, such as ukssdc.status=503x3, *=reset@0.05 or tom.status=latency:200-800ms'
      ],
      [["--port"], "Option '-p, --port <value>' argument missing"],
      [["extra"], "Unexpected argument 'extra'"]
    ])("refuses %j, naming the flag", (args, message) => {
      expect(read(args)).toBe(message)
    })
  })
})
