/**
 * The README's opening example, run as a reader runs it: the simulator
 * command with its flags (serving the tests' build of the page, on a free
 * port), the `curl` submission, and the link it says to open.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname } from "node:path"
import * as Result from "effect/Result"
import { afterEach, describe, expect, it } from "vitest"
import * as Form from "../src/Form.js"
import { dist, root } from "./support/built.js"

const readme = readFileSync(`${root}README.md`, "utf8")
const example = /^# [^\n]+\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? ""
const lines = example.split("\n")
const line = (pattern: RegExp) => {
  const found = lines.find((text) => pattern.test(text))
  if (found === undefined) throw new Error(`the README's example has no line matching ${pattern}`)
  return found
}

const bin = `${dirname(createRequire(import.meta.url).resolve("@jobscope/simulator/package.json"))}/bin/jobscope-sim.js`

const children: Array<ChildProcessWithoutNullStreams> = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGINT")
})

/** Runs `jobscope-sim` with `args` until it prints its banner; answers the banner and its URL. */
const simulator = async (args: ReadonlyArray<string>) => {
  const child = spawn(process.execPath, [bin, ...args])
  children.push(child)
  let banner = ""
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      banner += chunk.toString("utf8")
      if (banner.includes("Stop with Ctrl+C.")) resolve()
    })
    child.once("close", () => reject(new Error(`jobscope-sim exited: ${banner}`)))
  })
  const url = /on (http:\/\/127\.0\.0\.1:\d+) /.exec(banner)?.[1] ?? ""
  return { banner, url }
}

describe("README", () => {
  it("opens with an example that serves the page, submits a job and links to its live view", async () => {
    expect(line(/^cd apps\/web && npx vite build/)).toBeDefined()
    const command = line(/^npx jobscope-sim /)
      .replace(/\s+#.*$/, "")
      .split(/\s+/)
      .slice(2)
    expect(command).toEqual(["--site", "dist", "--speed", "60", "--port", "8080"])
    // The tests' own build stands in for dist/, and a free port for 8080.
    const { banner, url } = await simulator(
      command.map((arg) => (arg === "dist" ? dist : arg === "8080" ? "0" : arg))
    )
    expect(banner).toContain(`  site    ${url}/ (the files of ${dist})\n`)
    expect(banner).toContain("(speed 60, seed 1,")

    const page = await fetch(`${url}/`)
    expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"])
    expect(await page.text()).toContain("<title>jobscope — live job status</title>")

    const [, path = "", body = ""] =
      /^curl -s http:\/\/127\.0\.0\.1:8080(\S+) -d '(.+)'$/.exec(line(/^curl /)) ?? []
    const submitted = (await (await fetch(`${url}${path}`, { method: "POST", body })).json()) as Record<
      string,
      unknown
    >
    expect(submitted).toMatchObject({ OK: 1, JobID: "1", URL: `${url}/user_objects/tprods/USERPROD_1` })
    expect(line(/^# \{"OK":1/)).toContain('"JobID":"1"')

    const link = new URL(line(/^#\s+http:\/\/127\.0\.0\.1:8080\/\?/).replace(/^#\s+/, ""))
    const form = Form.fromQuery(link.searchParams)
    expect(form.watch).toBe(true)
    const job = Form.toJob(form, url)
    expect(Result.isSuccess(job) && !Form.isUws(job.success) && job.success.ref).toEqual({
      _tag: "UkssdcJob",
      jobId: "1",
      positions: true
    })
    expect(form.user).toBe((JSON.parse(body) as { UserID?: string }).UserID)
  })
})
