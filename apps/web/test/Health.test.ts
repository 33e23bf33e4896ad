import { createServer, type Server } from "node:http"
import { start } from "@jobscope/simulator"
import { afterEach, describe, expect, it } from "vitest"
import * as Health from "../src/Health.js"

const open: Array<{ close: () => unknown }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()))
})

/** A server that is not a simulator, answering every request with `status` and `body`; answers its base URL. */
const other = async (status: number, body: string): Promise<string> => {
  const server: Server = createServer((_, res) =>
    res.writeHead(status, { "Content-Type": "text/html" }).end(body)
  )
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  open.push({ close: () => new Promise((resolve) => server.close(resolve)) })
  const address = server.address()
  return `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`
}

const signal = () => new AbortController().signal

describe("Health", () => {
  it("reads a simulator's speed, whatever it is", async () => {
    for (const speed of [60, 0.5]) {
      const sim = await start({ speed })
      open.push(sim)
      expect(await Health.speedOf(sim.url, signal())).toBe(speed)
    }
  })

  it("takes a simulator on a stepped clock for an ordinary server: there is no pace to match", async () => {
    const sim = await start({ speed: 0 })
    open.push(sim)
    expect(await Health.speedOf(sim.url, signal())).toBeUndefined()
  })

  it.each([
    [404, '{"error":"there is no GET /_sim/health here"}'],
    [200, "<html><body>Welcome</body></html>"],
    [200, '{"ok":true,"speed":"fast"}'],
    [200, '{"ok":false,"speed":60}']
  ])("takes a server answering %i %s for a real service", async (status, body) => {
    expect(await Health.speedOf(await other(status, body), signal())).toBeUndefined()
  })

  it("takes a server that does not answer, or a probe stopped, for a real service", async () => {
    const closed = await other(200, "")
    await open.pop()?.close()
    expect(await Health.speedOf(closed, signal())).toBeUndefined()
    const sim = await start({ speed: 60 })
    open.push(sim)
    expect(await Health.speedOf(sim.url, AbortSignal.abort())).toBeUndefined()
  })
})
