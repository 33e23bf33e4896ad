import { connect, createServer } from "node:net"
import { describe, expect, it } from "@effect/vitest"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { ErrorBody } from "../src/internal/errorReply.js"
import type * as Route from "../src/Route.js"
import * as Server from "../src/Server.js"
import { echo, read, serve } from "./support/servers.js"

const errorOf = (text: string) => {
  const decoded = Schema.decodeUnknownResult(ErrorBody)(JSON.parse(text))
  return Result.isSuccess(decoded) ? decoded.success.error : `not an error body: ${text}`
}

const failing: Route.Route = {
  name: "failing",
  methods: ["GET"],
  pattern: "/failing",
  handle: () => {
    throw new Error("the database went away")
  }
}

const rejecting: Route.Route = {
  name: "rejecting",
  methods: ["GET"],
  pattern: "/rejecting",
  handle: () => Promise.reject("a string, not an Error")
}

describe("Server", () => {
  describe("routing", () => {
    it("passes method, decoded params, query and body to the route that matches", async () => {
      const server = await serve([echo()])
      const reply = await read(
        await fetch(`${server.url}/echo/Obs%2000081637/?what=lc,spec&whatProg=1`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: "jwt=abc.def.ghi"
        })
      )
      expect(reply.status).toBe(200)
      expect(JSON.parse(reply.text)).toEqual({
        method: "POST",
        path: "/echo/Obs%2000081637/",
        params: { id: "Obs 00081637" },
        query: { what: "lc,spec", whatProg: "1" },
        body: "jwt=abc.def.ghi",
        contentType: "application/x-www-form-urlencoded"
      })
    })

    it("keeps the trailing slash as the pattern gives it", async () => {
      const server = await serve([echo()])
      expect((await fetch(`${server.url}/echo/51/`)).status).toBe(200)
      const without = await read(await fetch(`${server.url}/echo/51`))
      expect(without.status).toBe(404)
      expect(errorOf(without.text)).toBe("there is no GET /echo/51 here")
    })

    it("answers 404 with a JSON sentence for a path no route has, and for an empty or undecodable param", async () => {
      const server = await serve([echo()])
      for (const path of ["/nowhere", "/echo//", "/echo/%E0%A4%A/"]) {
        const reply = await read(await fetch(`${server.url}${path}`))
        expect(reply.status, path).toBe(404)
        expect(reply.headers.get("content-type")).toBe("application/json")
        expect(errorOf(reply.text)).toBe(`there is no GET ${path} here`)
      }
    })

    it("answers 405 with Allow for a method the route does not take", async () => {
      const server = await serve([echo()])
      const reply = await read(await fetch(`${server.url}/echo/1/`, { method: "DELETE" }))
      expect(reply.status).toBe(405)
      expect(reply.headers.get("allow")).toBe("GET, POST, OPTIONS")
      expect(errorOf(reply.text)).toBe("/echo/1/ answers GET and POST, not DELETE")
    })

    it("reads a body of exactly 1 MiB and refuses a larger one with 413, declared or streamed", async () => {
      const server = await serve([echo()])
      const exact = await read(
        await fetch(`${server.url}/echo/1/`, { method: "POST", body: "x".repeat(Server.maxBodyBytes) })
      )
      expect(exact.status).toBe(200)
      expect(JSON.parse(exact.text).body).toHaveLength(Server.maxBodyBytes)

      const declared = await read(
        await fetch(`${server.url}/echo/1/`, { method: "POST", body: "x".repeat(Server.maxBodyBytes + 1) })
      )
      expect(declared.status).toBe(413)
      expect(errorOf(declared.text)).toBe("the request body is over 1048576 bytes")

      const chunk = new TextEncoder().encode("y".repeat(100_000))
      const streamed = new ReadableStream<Uint8Array>({
        start: (controller) => {
          for (let i = 0; i < 12; i++) controller.enqueue(chunk)
          controller.close()
        }
      })
      const init = { method: "POST", body: streamed, duplex: "half" } as RequestInit
      expect((await fetch(`${server.url}/echo/1/`, init)).status).toBe(413)
      // And the server is still there for the next client.
      expect((await fetch(`${server.url}/echo/2/`)).status).toBe(200)
    })

    it("refuses two routes that answer the same method and path", async () => {
      await expect(Server.listen([echo("a", "/x/:id"), echo("b", "/x/:other")])).rejects.toThrow(
        "two routes answer GET /x/:other; the second is b"
      )
    })

    it("lets two routes share a path with different methods", async () => {
      const get: Route.Route = {
        name: "get",
        methods: ["GET"],
        pattern: "/thing",
        handle: () => ({ status: 200, body: '"got"' })
      }
      const post: Route.Route = {
        name: "post",
        methods: ["POST"],
        pattern: "/thing",
        handle: () => ({ status: 201, body: '"made"' })
      }
      const server = await serve([get, post])
      expect(await (await fetch(`${server.url}/thing`)).json()).toBe("got")
      const made = await fetch(`${server.url}/thing`, { method: "POST" })
      expect([made.status, await made.json()]).toEqual([201, "made"])
      expect(server.requests.perRoute()).toEqual({ get: 1, post: 1 })
    })
  })

  describe("hostile requests", () => {
    /** Sends raw bytes, says it has no more, and reads all the server answers. */
    const raw = (url: string, request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(new URL(url).port), "127.0.0.1")
        let received = ""
        socket.on("data", (chunk: Buffer) => {
          received += chunk.toString("latin1")
        })
        socket.on("close", () => resolve(received))
        socket.on("error", reject)
        socket.end(request)
      })

    it("answers a request target that is not a path, and bytes that are not HTTP, and keeps serving", async () => {
      const server = await serve([echo()])
      const target = await raw(server.url, "GET http://[bad/ HTTP/1.1\r\nHost: x\r\n\r\n")
      expect(target).toMatch(/^HTTP\/1\.1 400 /)
      expect(target).toContain('{"error":"the request target \\"http://[bad/\\" is not a path"}')
      expect(await raw(server.url, "\u0000\u0001 not http at all\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 /)
      expect((await fetch(`${server.url}/echo/1/`)).status).toBe(200)
    })

    it("passes hostile strings through to the route untouched", async () => {
      const server = await serve([echo()])
      const hostile = "<script>alert(1)</script>\u202e\u0000'\"; DROP TABLE jobs;"
      const reply = await fetch(
        `${server.url}/echo/${encodeURIComponent(hostile)}/?q=${encodeURIComponent(hostile)}`
      )
      expect(await reply.json()).toMatchObject({ params: { id: hostile }, query: { q: hostile } })
    })
  })

  describe("replies", () => {
    it("sends JSON unless the reply says otherwise, whatever the header's case", async () => {
      const html: Route.Route = {
        name: "html",
        methods: ["GET"],
        pattern: "/html",
        handle: () => ({
          status: 200,
          headers: { "content-type": "text/html; charset=UTF-8" },
          body: '{"OK":1}'
        })
      }
      const server = await serve([echo(), html])
      expect((await fetch(`${server.url}/echo/1/`)).headers.get("content-type")).toBe("application/json")
      const reply = await fetch(`${server.url}/html`)
      expect(reply.headers.get("content-type")).toBe("text/html; charset=UTF-8")
      expect(await reply.json()).toEqual({ OK: 1 })
    })

    it("sends binary bodies byte for byte", async () => {
      const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)
      const archive: Route.Route = {
        name: "archive",
        methods: ["GET"],
        pattern: "/all.tar.gz",
        handle: () => ({ status: 200, headers: { "Content-Type": "application/gzip" }, body: bytes })
      }
      const server = await serve([archive])
      const reply = await fetch(`${server.url}/all.tar.gz`)
      expect(reply.headers.get("content-length")).toBe("4096")
      expect(new Uint8Array(await reply.arrayBuffer())).toEqual(bytes)
    })

    it("turns a throwing or rejecting handler into a 500 HTML page, logs why, and keeps serving", async () => {
      const server = await serve([failing, rejecting, echo()])
      for (const path of ["/failing", "/rejecting"]) {
        const reply = await read(await fetch(`${server.url}${path}`))
        expect(reply.status).toBe(500)
        expect(reply.headers.get("content-type")).toBe("text/html; charset=UTF-8")
        expect(reply.text).toContain("<title>500 Internal Server Error</title>")
      }
      expect((await fetch(`${server.url}/echo/1/`)).status).toBe(200)
      expect(server.requests.log().map((entry) => [entry.route, entry.status, entry.error])).toEqual([
        ["failing", 500, "the database went away"],
        ["rejecting", 500, "a string, not an Error"],
        ["echo", 200, undefined]
      ])
    })
  })

  describe("CORS", () => {
    it("lets any origin read every reply, errors and Retry-After included", async () => {
      const server = await serve([echo()], { faults: ["echo=429:retry-after=12x1"] })
      const limited = await fetch(`${server.url}/echo/1/`, { headers: { Origin: "http://page.example" } })
      expect(limited.status).toBe(429)
      expect(limited.headers.get("access-control-allow-origin")).toBe("*")
      expect(limited.headers.get("access-control-expose-headers")).toBe("Retry-After")
      for (const path of ["/echo/1/", "/nowhere"])
        expect((await fetch(`${server.url}${path}`)).headers.get("access-control-allow-origin")).toBe("*")
    })

    it("answers a preflight with the route's methods and the headers asked for, without logging it", async () => {
      const server = await serve([echo()])
      const reply = await fetch(`${server.url}/echo/1/`, {
        method: "OPTIONS",
        headers: {
          Origin: "http://page.example",
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "content-type"
        }
      })
      expect(reply.status).toBe(204)
      expect(reply.headers.get("access-control-allow-origin")).toBe("*")
      expect(reply.headers.get("access-control-allow-methods")).toBe("GET, POST, OPTIONS")
      expect(reply.headers.get("access-control-allow-headers")).toBe("content-type")
      expect(server.requests.total()).toBe(0)
      expect((await fetch(`${server.url}/nowhere`, { method: "OPTIONS" })).status).toBe(404)
    })
  })

  describe("close", () => {
    it("ends a stalled reply at once: the waiting client fails and close resolves", async () => {
      const server = await serve([echo()], { faults: ["echo=stall"] })
      const waiting = fetch(`${server.url}/echo/1/`).then(
        () => "answered",
        (error: Error) => error.name
      )
      // Once the request is in, the server has it stalled.
      await expect.poll(() => server.faults.list()[0]!.fired).toBe(1)
      await server.close()
      expect(await waiting).toBe("TypeError")
      expect(server.requests.log()[0]).toMatchObject({ route: "echo", status: null, fault: "stall" })
      await expect(fetch(`${server.url}/echo/1/`)).rejects.toThrow("fetch failed")
    })

    it("cuts a fault's latency short", async () => {
      const server = await serve([echo()], { faults: ["echo=latency:600000ms"] })
      const waiting = fetch(`${server.url}/echo/1/`).catch((error: Error) => error.name)
      await expect.poll(() => server.faults.list()[0]!.fired).toBe(1)
      await server.close()
      expect(await waiting).toBe("TypeError")
    })

    it("can be called twice", async () => {
      const server = await serve([echo()])
      await Promise.all([server.close(), server.close()])
      await server.close()
    })
  })

  it("says which port is taken when it cannot listen", async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve))
    const address = blocker.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    try {
      const error = await Server.listen([echo()], { port }).catch((cause: unknown) => cause)
      expect(error).toBeInstanceOf(Server.ListenError)
      expect((error as Server.ListenError).message).toBe(`port ${port} is already in use`)
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })
})
