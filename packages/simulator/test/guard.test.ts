/**
 * A page on another origin, or a DNS-rebinding page, cannot use a simulator
 * on this machine; a request that never finishes arriving is not held for
 * minutes; the served page says what it may load.
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { connect } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { start } from "../src/Simulator.js"

/** Sends raw bytes and answers everything the server sent before closing. */
const raw = (port: number, bytes: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1")
    let answer = ""
    socket.setEncoding("utf8")
    socket.on("data", (chunk: string) => {
      answer += chunk
    })
    socket.on("close", () => resolve(answer))
    socket.on("error", reject)
    socket.write(bytes)
  })

describe("the simulator against other origins", () => {
  it("gives admin replies no CORS header, and API replies one", async () => {
    const sim = await start()
    try {
      const admin = await fetch(`${sim.url}/_sim/health`)
      expect(admin.headers.get("access-control-allow-origin")).toBeNull()
      const api = await fetch(`${sim.url}/user_objects/checkProductStatus.php`, {
        method: "POST",
        body: "{}"
      })
      expect(api.headers.get("access-control-allow-origin")).toBe("*")
    } finally {
      await sim.close()
    }
  })

  it("refuses a cross-site text/plain POST to an admin route, and the clock does not move", async () => {
    const sim = await start({ speed: 0 })
    try {
      const before = sim.clock.now().getTime()
      const answer = await raw(
        sim.port,
        `POST /_sim/clock HTTP/1.1\r\nHost: 127.0.0.1:${sim.port}\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\nContent-Length: 17\r\nConnection: close\r\n\r\n{"advance":"1 d"}`
      )
      expect(answer).toMatch(/^HTTP\/1\.1 403 /)
      expect(sim.clock.now().getTime()).toBe(before)
      // The simulator's own page may.
      const own = await fetch(`${sim.url}/_sim/clock`, {
        method: "POST",
        headers: { origin: sim.url },
        body: JSON.stringify({ advance: "1 minute" })
      })
      expect(own.status).toBe(200)
    } finally {
      await sim.close()
    }
  })

  it("refuses a foreign Host (DNS rebinding) on every route", async () => {
    const sim = await start()
    try {
      for (const path of ["/_sim/health", "/user_objects/checkProductStatus.php"]) {
        const answer = await raw(
          sim.port,
          `GET ${path} HTTP/1.1\r\nHost: rebind.evil.example:${sim.port}\r\nConnection: close\r\n\r\n`
        )
        expect(answer).toMatch(/^HTTP\/1\.1 421 /)
      }
    } finally {
      await sim.close()
    }
  })

  it("answers 408 and closes a request whose body never arrives, rather than holding it", {
    timeout: 30_000
  }, async () => {
    const sim = await start()
    try {
      const answer = await raw(
        sim.port,
        `POST /user_objects/checkProductStatus.php HTTP/1.1\r\nHost: 127.0.0.1:${sim.port}\r\nContent-Length: 100\r\n\r\n{"a":`
      )
      expect(answer).toMatch(/^HTTP\/1\.1 408 /)
    } finally {
      await sim.close()
    }
  })

  it("serves its page with a Content-Security-Policy", async () => {
    const site = mkdtempSync(join(tmpdir(), "jobscope-site-"))
    writeFileSync(join(site, "index.html"), "<!doctype html><title>x</title>")
    const sim = await start({ site })
    try {
      const page = await fetch(`${sim.url}/`)
      expect(page.headers.get("content-security-policy")).toContain("default-src 'none'")
      expect(page.headers.get("content-security-policy")).toContain("connect-src 'self'")
    } finally {
      await sim.close()
      rmSync(site, { recursive: true, force: true })
    }
  })
})
