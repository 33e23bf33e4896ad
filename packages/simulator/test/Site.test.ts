/**
 * A site served beside the simulated APIs, over real HTTP: each file at its
 * path with its type, nothing outside the directory however the path is
 * written, and none of it faulted or counted as an API request.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs"
import { request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import * as Simulator from "../src/Simulator.js"
import * as Site from "../src/Site.js"
import { read } from "./support/servers.js"
import { started } from "./support/simulator.js"

const secret = "TOP SECRET: the shared secret of every TOO user"
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x00, 0x10])

/** The site's files, by path, as written to disk. */
const files: Record<string, string | Uint8Array> = {
  "index.html": '<!doctype html><title>Live</title><script type="module" src="./assets/app.js"></script>',
  "assets/app.js": 'console.log("live")',
  "assets/app.js.map": '{"version":3}',
  "assets/style.css": "body { margin: 0 }",
  "assets/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
  "assets/font.woff2": "wOF2",
  "logo.png": png,
  "favicon.ico": "ico",
  "data.json": '{"ok":true}',
  "notes.xyz": "unknown kind",
  "docs/index.html": "<p>docs</p>",
  "a b.txt": "a space in the name",
  ".env": `SECRET=${secret}`,
  ".git/config": secret,
  "_sim/health": "not the simulator's health"
}

let scratch: string
let site: string

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "jobscope-site-"))
  site = join(scratch, "site")
  writeFileSync(join(scratch, "secret.txt"), secret)
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(join(site, path, ".."), { recursive: true })
    writeFileSync(join(site, path), body)
  }
  // Links out of the site, a link within it, a loop and a dangling link.
  symlinkSync(join(scratch, "secret.txt"), join(site, "leak.txt"))
  symlinkSync(scratch, join(site, "outside"))
  symlinkSync(join(site, "assets", "app.js"), join(site, "alias.js"))
  symlinkSync(site, join(site, "assets", "loop"))
  symlinkSync(join(site, "gone.js"), join(site, "dangling.js"))
})

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A GET with the path sent exactly as written, as `fetch` (which normalizes it) would not. */
const raw = (url: string, path: string): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url)
    const req = request({ hostname, port, path, method: "GET" }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (chunk: Buffer) => chunks.push(chunk))
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") })
      )
    })
    req.on("error", reject)
    req.end()
  })

const errorOf = (text: string): unknown => (JSON.parse(text) as { error?: unknown }).error

describe("Site", () => {
  it("serves index.html at / and at its name, not to be cached, and each file at its path", async () => {
    const sim = await started({ site })
    expect(sim.site).toBe(site)
    for (const path of ["/", "/index.html"]) {
      const page = await read(await fetch(`${sim.url}${path}`))
      expect(page.status).toBe(200)
      expect(page.text).toBe(files["index.html"])
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8")
      expect(page.headers.get("cache-control")).toBe("no-cache")
    }
    const script = await read(await fetch(`${sim.url}/assets/app.js`))
    expect([script.status, script.text, script.headers.get("cache-control")]).toEqual([
      200,
      files["assets/app.js"],
      null
    ])
    expect(script.headers.get("x-content-type-options")).toBe("nosniff")
    expect(new Uint8Array(await (await fetch(`${sim.url}/logo.png`)).arrayBuffer())).toEqual(png)
    expect((await read(await fetch(`${sim.url}/docs/`))).text).toBe("<p>docs</p>")
    expect((await read(await fetch(`${sim.url}/a%20b.txt`))).text).toBe("a space in the name")
  })

  it.each([
    ["/index.html", "text/html; charset=utf-8"],
    ["/assets/app.js", "text/javascript; charset=utf-8"],
    ["/assets/style.css", "text/css; charset=utf-8"],
    ["/assets/logo.svg", "image/svg+xml"],
    ["/logo.png", "image/png"],
    ["/data.json", "application/json; charset=utf-8"],
    ["/favicon.ico", "image/x-icon"],
    ["/assets/app.js.map", "application/json; charset=utf-8"],
    ["/assets/font.woff2", "font/woff2"],
    ["/notes.xyz", "application/octet-stream"]
  ])("sends %s as %s", async (path, type) => {
    const sim = await started({ site })
    const response = await fetch(`${sim.url}${path}`)
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe(type)
  })

  it("answers a missing file with the server's 404, and a POST with 405", async () => {
    const sim = await started({ site })
    const missing = await read(await fetch(`${sim.url}/assets/missing.js`))
    expect(missing.status).toBe(404)
    expect(errorOf(missing.text)).toBe("there is no GET /assets/missing.js here")
    expect((await fetch(`${sim.url}/docs`)).status).toBe(404)
    const posted = await fetch(`${sim.url}/index.html`, { method: "POST", body: "x" })
    expect([posted.status, posted.headers.get("allow")]).toEqual([405, "GET, OPTIONS"])
  })

  it.each([
    "/../secret.txt",
    "/assets/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/assets/%2E%2E/%2E%2E/secret.txt",
    "/..%2fsecret.txt",
    "/assets%2f..%2f..%2fsecret.txt",
    "/..%5csecret.txt",
    "/..\\secret.txt",
    "/%252e%252e/secret.txt",
    "/assets/..%00/secret.txt",
    "/assets//../../secret.txt",
    "/outside/secret.txt",
    "/outside/site/index.html",
    "/leak.txt",
    "/.env",
    "/.git/config",
    "/dangling.js"
  ])("never serves what lies outside the site or is hidden: %s", async (path) => {
    const sim = await started({ site })
    const { status, text } = await raw(sim.url, path)
    expect(status).toBe(404)
    expect(text).not.toContain("SECRET")
  })

  it("follows a link that stays inside the site, and walks a looping directory once", async () => {
    const sim = await started({ site })
    expect((await read(await fetch(`${sim.url}/alias.js`))).text).toBe(files["assets/app.js"])
    expect((await fetch(`${sim.url}/assets/loop/app.js`)).status).toBe(404)
  })

  it("reads a file when asked: a changed file is served as it is now, a removed one is a 404", async () => {
    const dir = mkdtempSync(join(scratch, "changing-"))
    writeFileSync(join(dir, "index.html"), "before")
    writeFileSync(join(dir, "gone.js"), "soon gone")
    const sim = await started({ site: dir })
    writeFileSync(join(dir, "index.html"), "after")
    unlinkSync(join(dir, "gone.js"))
    expect((await read(await fetch(`${sim.url}/`))).text).toBe("after")
    const gone = await read(await fetch(`${sim.url}/gone.js`))
    expect([gone.status, errorOf(gone.text)]).toEqual([404, "there is no GET /gone.js here"])
  })

  it("leaves the site's files out of faults, the request counts and the log", async () => {
    const sim = await started({ site, faults: ["*=503"] })
    expect((await fetch(`${sim.url}/`)).status).toBe(200)
    expect((await fetch(`${sim.url}/assets/app.js`)).status).toBe(200)
    expect((await fetch(`${sim.url}/assets/missing.js`)).status).toBe(404)
    const api = await fetch(`${sim.url}/user_objects/getNumJobs.php`, {
      method: "POST",
      body: '{"UserID":"a@b.c"}'
    })
    expect(api.status).toBe(503)
    expect(sim.requests.perRoute()).toEqual({ "ukssdc.numJobs": 1 })
    const summary = (await (await fetch(`${sim.url}/_sim/requests`)).json()) as {
      total: number
      log: unknown
    }
    expect(summary.total).toBe(2)
    expect(sim.requests.log().map((entry) => entry.path)).toEqual([
      "/assets/missing.js",
      "/user_objects/getNumJobs.php"
    ])
    expect(() => sim.faults.add("site=503")).toThrow('no route is named "site"')
  })

  it("leaves /_sim/ to the simulator, even with a _sim directory in the site, and lists no file in its health", async () => {
    const sim = await started({ site })
    const health = Schema.decodeUnknownSync(Simulator.Health)(
      await (await fetch(`${sim.url}/_sim/health`)).json()
    )
    expect(health.ok).toBe(true)
    expect(health.routes.some((route) => route.name === Site.routeName)).toBe(false)
    expect(health.routes.map((route) => route.name)).toContain("ukssdc.status")
    expect(sim.routes.filter(Site.isSite).map((route) => route.pattern)).toContain("/")
  })

  it.each([
    ["missing", "does not exist"],
    ["secret.txt", "is not a directory"],
    ["", "give the path of a directory, such as apps/web/dist"]
  ])("refuses to start for the site %j: %s", async (name, reason) => {
    const directory = name === "" ? "" : join(scratch, name)
    const error = await Simulator.start({ speed: 0, site: directory }).catch((error: unknown) => error)
    expect(error).toBeInstanceOf(Site.SiteError)
    expect((error as Site.SiteError).message).toBe(
      `cannot serve the site ${JSON.stringify(directory)}: ${name === "" ? reason : `it ${reason}`}`
    )
  })

  it.skipIf(process.getuid?.() === 0)("refuses to start for a site it cannot read", async () => {
    const dir = mkdtempSync(join(scratch, "locked-"))
    mkdirSync(join(dir, "private"))
    chmodSync(join(dir, "private"), 0o000)
    try {
      await expect(Simulator.start({ speed: 0, site: dir })).rejects.toThrow(/cannot serve the site .*EACCES/)
    } finally {
      chmodSync(join(dir, "private"), 0o755)
    }
  })

  it("refuses a directory of more files than a site has", async () => {
    const dir = mkdtempSync(join(scratch, "huge-"))
    for (let i = 0; i <= Site.maxFiles; i++) writeFileSync(join(dir, `${i}.txt`), "")
    await expect(Site.routes(dir)).rejects.toThrow(`it has more than ${Site.maxFiles} files`)
  })
})
