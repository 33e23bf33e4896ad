import { describe, expect, it } from "@effect/vitest"
import { DecodeError } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Faults from "../src/faults/index.js"
import * as Random from "../src/internal/random.js"
import { echo, read, serve } from "./support/servers.js"

const Echo = Schema.Struct({ params: Schema.Struct({ id: Schema.String }) })

const statuses = async (url: string, count: number): Promise<Array<number>> => {
  const seen: Array<number> = []
  for (let i = 0; i < count; i++) {
    const response = await fetch(url)
    await response.arrayBuffer()
    seen.push(response.status)
  }
  return seen
}

const parsed = (spec: string) => {
  const result = Faults.parse(spec)
  return Result.isSuccess(result) ? result.success : result.failure.message
}

describe("Faults", () => {
  describe("each fault, as a client sees it", () => {
    it("a 5xx burst: the next N requests get the status and an HTML page, then the route recovers", async () => {
      const server = await serve([echo()], { faults: ["echo=503x3"] })
      const first = await read(await fetch(`${server.url}/echo/1/`))
      expect(first.status).toBe(503)
      expect(first.headers.get("content-type")).toBe("text/html; charset=UTF-8")
      expect(first.text).toContain("<title>503 Service Unavailable</title>")
      expect(await statuses(`${server.url}/echo/1/`, 3)).toEqual([503, 503, 200])
      expect(server.faults.list()).toEqual([])
      expect(server.requests.log().map((entry) => entry.fault)).toEqual(["503", "503", "503", null])
    })

    it("429 with Retry-After in seconds, 30 unless told", async () => {
      const server = await serve([echo()], { faults: ["echo=429:retry-after=7x1", "echo=429x1"] })
      const told = await fetch(`${server.url}/echo/1/`)
      expect([told.status, told.headers.get("retry-after")]).toEqual([429, "7"])
      expect(await told.text()).toContain("Too Many Requests")
      const untold = await fetch(`${server.url}/echo/1/`)
      expect([untold.status, untold.headers.get("retry-after")]).toEqual([429, "30"])
    })

    it("a connection reset makes fetch reject", async () => {
      const server = await serve([echo()], { faults: ["echo=resetx1"] })
      const error = await fetch(`${server.url}/echo/1/`).catch((cause: unknown) => cause)
      expect(error).toBeInstanceOf(TypeError)
      expect((error as TypeError).message).toBe("fetch failed")
      expect((await fetch(`${server.url}/echo/1/`)).status).toBe(200)
      expect(server.requests.log()[0]).toMatchObject({ status: null, fault: "reset", job: null })
    })

    it("a stall without headers: the client's timeout is the only way out", async () => {
      const server = await serve([echo()], { faults: ["echo=stallx1"] })
      const error = await fetch(`${server.url}/echo/1/`, { signal: AbortSignal.timeout(100) }).catch(
        (cause: unknown) => cause
      )
      expect((error as Error).name).toBe("TimeoutError")
      expect((await fetch(`${server.url}/echo/1/`)).status).toBe(200)
    })

    it("a stall after the headers: the status arrives, the body never does", async () => {
      const server = await serve([echo()], { faults: ["echo=stall:headersx1"] })
      const response = await fetch(`${server.url}/echo/1/`, { signal: AbortSignal.timeout(150) })
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("application/json")
      const error = await response.text().catch((cause: unknown) => cause)
      expect((error as Error).name).toBe("TimeoutError")
    })

    it("malformed JSON: status 200 and a body cut short, which neither JSON.parse nor the core accepts", async () => {
      const server = await serve([echo()], { faults: ["echo=malformedx1"] })
      const truncated = await read(await fetch(`${server.url}/echo/1/`))
      const whole = await read(await fetch(`${server.url}/echo/1/`))
      expect(truncated.status).toBe(200)
      expect(whole.text.startsWith(truncated.text)).toBe(true)
      expect(truncated.text.length).toBe(Math.floor(whole.text.length / 2))
      expect(() => JSON.parse(truncated.text)).toThrow(SyntaxError)
      const decoded = DecodeError.decodeJson(Echo, "echo reply")(truncated.text)
      expect(Result.isFailure(decoded) && decoded.failure.message).toMatch(/^echo reply: not valid JSON/)
      // The API still answered, so the log knows the job.
      expect(server.requests.log()[0]).toMatchObject({ status: 200, fault: "malformed", job: "echo/1" })
    })

    it("an HTML error page with status 200, which the core reports as HTML", async () => {
      const server = await serve([echo()], { faults: ["echo=htmlx1"] })
      const page = await read(await fetch(`${server.url}/echo/1/`))
      expect(page.status).toBe(200)
      expect(page.headers.get("content-type")).toBe("text/html; charset=UTF-8")
      const decoded = DecodeError.decodeJson(Echo, "echo reply")(page.text)
      expect(Result.isFailure(decoded) && decoded.failure.message).toBe(
        'echo reply: an HTML page came instead of JSON: "500 Internal Server Error Internal Server Error The server encountered an intern…"'
      )
    })

    it("latency delays the reply by at least the wait, and the log says how long", async () => {
      const server = await serve([echo()], { faults: ["echo=latency:40msx1"] })
      const begun = performance.now()
      expect((await fetch(`${server.url}/echo/1/`)).status).toBe(200)
      expect(performance.now() - begun).toBeGreaterThanOrEqual(39)
      const [entry] = server.requests.log()
      expect(entry?.fault).toBe("latency:40ms")
      expect(entry?.duration).toBeGreaterThanOrEqual(39)
    })

    it("latency adds to another fault, which still decides the reply", async () => {
      const server = await serve([echo()], { faults: ["echo=latency:5ms", "echo=502x1"] })
      expect(await statuses(`${server.url}/echo/1/`, 2)).toEqual([502, 200])
      expect(server.requests.log().map((entry) => entry.fault)).toEqual(["latency:5ms+502", "latency:5ms"])
    })
  })

  describe("which rule fires", () => {
    it("the first matching rule that fires decides; a later one is not spent", async () => {
      const server = await serve([echo()], { faults: ["echo=500x1", "echo=503x1"] })
      expect(await statuses(`${server.url}/echo/1/`, 3)).toEqual([500, 503, 200])
    })

    it("a family (echo.*) and * reach the API routes, never the simulator's own paths", async () => {
      const server = await serve(
        [echo("echo.a", "/a/:id"), echo("echo.b", "/b/:id"), echo("other", "/c/:id")],
        {
          faults: ["echo.*=503", "*=504x1"]
        }
      )
      expect(await statuses(`${server.url}/c/1`, 2)).toEqual([504, 200])
      expect(await statuses(`${server.url}/a/1`, 1)).toEqual([503])
      expect(await statuses(`${server.url}/b/1`, 1)).toEqual([503])
      expect(await statuses(`${server.url}/_sim/faults`, 1)).toEqual([200])
    })

    it("a probability is drawn from the seed: the same seed gives the same faults, another seed others", async () => {
      const run = async (seed: number) => {
        const server = await serve([echo()], { seed, faults: ["echo=503@0.5"] })
        return statuses(`${server.url}/echo/1/`, 40)
      }
      const first = await run(7)
      expect(await run(7)).toEqual(first)
      expect(await run(8)).not.toEqual(first)
      const failed = first.filter((status) => status === 503).length
      expect(failed).toBeGreaterThan(8)
      expect(failed).toBeLessThan(32)
    })

    it("a rule on * decides each route as if it were alone, however requests interleave", async () => {
      const routes = [echo("a", "/a/:id"), echo("b", "/b/:id")]
      const alone = await serve(routes, { faults: ["*=503@0.5"] })
      const onlyA = await statuses(`${alone.url}/a/1`, 20)
      const mixed = await serve(routes, { faults: ["*=503@0.5"] })
      const interleaved: Array<number> = []
      for (let i = 0; i < 20; i++) {
        interleaved.push(...(await statuses(`${mixed.url}/a/1`, 1)))
        await statuses(`${mixed.url}/b/1`, i % 3)
      }
      expect(interleaved).toEqual(onlyA)
    })

    it("a seeded latency range gives the same waits for the same seed", async () => {
      const waits = async (seed: number) => {
        const server = await serve([echo()], { seed, faults: ["echo=latency:1-15ms"] })
        await statuses(`${server.url}/echo/1/`, 6)
        return server.requests.log().map((entry) => entry.fault)
      }
      const first = await waits(3)
      expect(first.every((fault) => /^latency:([1-9]|1[0-5])ms$/.test(fault ?? ""))).toBe(true)
      expect(await waits(3)).toEqual(first)
      expect(await waits(4)).not.toEqual(first)
    })
  })

  describe("from code", () => {
    const faults = () =>
      Faults.make({ routes: ["ukssdc.status", "ukssdc.submit", "too.submit"], random: Random.make(1) })

    it("lists rules with what they have done and what remains, and removes them", () => {
      const rules = faults()
      const burst = rules.inject("ukssdc.status", { kind: "status", status: 503, times: 2 })
      const reset = rules.inject("*", { kind: "reset", probability: 0.1 })
      expect(burst).toEqual({
        id: 1,
        route: "ukssdc.status",
        fault: { kind: "status", status: 503, times: 2 },
        fired: 0,
        remaining: 2
      })
      expect(rules.decide("ukssdc.status")).toEqual({ latency: 0, fault: burst.fault, applied: "503" })
      expect(rules.list()[0]).toMatchObject({ fired: 1, remaining: 1 })
      expect(rules.remove(reset.id)).toBe(true)
      expect(rules.remove(reset.id)).toBe(false)
      rules.clear()
      expect(rules.list()).toEqual([])
      expect(rules.decide("ukssdc.status")).toEqual({ latency: 0, fault: undefined, applied: undefined })
    })

    it("refuses a route that does not exist and a value out of range, saying why", () => {
      const rules = faults()
      expect(() => rules.inject("ukssdc.stauts", { kind: "reset" })).toThrow(
        'no route is named "ukssdc.stauts"; the routes are ukssdc.status, ukssdc.submit, too.submit (or a family such as ukssdc.*, or * for all)'
      )
      expect(() => rules.inject("tom.*", { kind: "reset" })).toThrow(Faults.FaultError)
      expect(() => rules.inject("too.submit", { kind: "status", status: 404 })).toThrow(
        "fault: at status: status must be a whole number from 500 to 599, got 404"
      )
      expect(() => rules.inject("too.submit", { kind: "reset", times: 1, probability: 0.5 })).toThrow(
        "fault: give times or probability, not both"
      )
      expect(() => rules.inject("too.submit", { kind: "latency", min: 50, max: 10 })).toThrow(
        "fault: the longest latency (10 ms) must not be below the shortest (50 ms)"
      )
      expect(rules.list()).toEqual([])
    })
  })

  describe("the spec", () => {
    it.each([
      ["ukssdc.status=503x3", { route: "ukssdc.status", fault: { kind: "status", status: 503, times: 3 } }],
      [
        "too.submit=429:retry-after=30",
        { route: "too.submit", fault: { kind: "rateLimit", retryAfter: 30 } }
      ],
      ["too.submit=429", { route: "too.submit", fault: { kind: "rateLimit" } }],
      ["*=reset@0.05", { route: "*", fault: { kind: "reset", probability: 0.05 } }],
      [
        "tom.status=latency:200-800ms",
        { route: "tom.status", fault: { kind: "latency", min: 200, max: 800 } }
      ],
      [
        "tom.status=latency:2s@.5",
        { route: "tom.status", fault: { kind: "latency", min: 2000, probability: 0.5 } }
      ],
      ["tom.*=stall", { route: "tom.*", fault: { kind: "stall" } }],
      ["tom.logs=stall:headersx2", { route: "tom.logs", fault: { kind: "stall", headers: true, times: 2 } }],
      ["ukssdc.status=malformed", { route: "ukssdc.status", fault: { kind: "malformed" } }],
      ["ukssdc.status = html x1", { route: "ukssdc.status", fault: { kind: "html", times: 1 } }]
    ])("reads %s", (spec, injection) => {
      expect(parsed(spec)).toEqual(injection)
    })

    it.each([
      [
        "ukssdc.status",
        'fault "ukssdc.status": expected ROUTE=FAULT, such as ukssdc.status=503x3, *=reset@0.05 or tom.status=latency:200-800ms'
      ],
      [
        "=503",
        'fault "=503": expected ROUTE=FAULT, such as ukssdc.status=503x3, *=reset@0.05 or tom.status=latency:200-800ms'
      ],
      [
        "a=",
        'fault "a=": expected ROUTE=FAULT, such as ukssdc.status=503x3, *=reset@0.05 or tom.status=latency:200-800ms'
      ],
      [
        "a=boom",
        'fault "a=boom": unknown fault "boom"; expected a status 500…599, 429[:retry-after=S], reset, stall[:headers], malformed, html or latency:MIN[-MAX]ms'
      ],
      ["a=404", 'fault "a=404": status must be a whole number from 500 to 599, got 404'],
      ["a=503x0", 'fault "a=503x0": times must be a whole number of at least 1, got 0'],
      ["a=reset@1.5", 'fault "a=reset@1.5": probability must be above 0 and at most 1, got 1.5'],
      [
        "a=429:retry-after=soon",
        'fault "a=429:retry-after=soon": retry-after must be a whole number of seconds, got "soon"'
      ],
      [
        "a=latency:fast",
        'fault "a=latency:fast": a latency reads latency:200ms or latency:200-800ms, got "latency:fast"'
      ],
      [
        "a=latency:800-200ms",
        'fault "a=latency:800-200ms": the longest latency (200 ms) must not be below the shortest (800 ms)'
      ],
      [
        "a=latency:2000s",
        'fault "a=latency:2000s": a latency in milliseconds must be a whole number from 0 to 600000, got 2000000'
      ]
    ])("explains what is wrong with %s", (spec, message) => {
      expect(parsed(spec)).toBe(message)
    })

    it("writes every fault back to a spec that reads the same", () => {
      const all: ReadonlyArray<Faults.Fault> = [
        { kind: "latency", min: 200, max: 800, times: 2 },
        { kind: "latency", min: 5 },
        { kind: "status", status: 502, probability: 0.25 },
        { kind: "rateLimit", retryAfter: 12 },
        { kind: "reset" },
        { kind: "stall", headers: true },
        { kind: "stall" },
        { kind: "malformed", times: 4 },
        { kind: "html" }
      ]
      for (const fault of all) expect(parsed(`x=${Faults.formatFault(fault)}`)).toEqual({ route: "x", fault })
    })
  })

  describe("the admin path /_sim/faults", () => {
    it("adds a rule as JSON or as a spec, lists, removes one and clears", async () => {
      const server = await serve([echo()])
      const post = (body: unknown) =>
        fetch(`${server.url}/_sim/faults`, { method: "POST", body: JSON.stringify(body) }).then(read)
      const added = await post({ route: "echo", fault: { kind: "status", status: 503, times: 1 } })
      expect(added.status).toBe(201)
      expect(JSON.parse(added.text)).toEqual({
        id: 1,
        route: "echo",
        fault: { kind: "status", status: 503, times: 1 },
        fired: 0,
        remaining: 1
      })
      expect((await post({ spec: "echo=429:retry-after=5" })).status).toBe(201)
      expect(await statuses(`${server.url}/echo/1/`, 2)).toEqual([503, 429])

      const listed = JSON.parse((await read(await fetch(`${server.url}/_sim/faults`))).text)
      expect(listed).toEqual({
        faults: [{ id: 2, route: "echo", fault: { kind: "rateLimit", retryAfter: 5 }, fired: 1 }]
      })
      expect((await fetch(`${server.url}/_sim/faults?id=9`, { method: "DELETE" })).status).toBe(404)
      const removed = await fetch(`${server.url}/_sim/faults?id=2`, { method: "DELETE" })
      expect(await removed.json()).toEqual({ faults: [] })
      await post({ spec: "echo=reset" })
      await fetch(`${server.url}/_sim/faults`, { method: "DELETE" })
      expect(server.faults.list()).toEqual([])
    })

    it("answers 400 with a sentence for anything it cannot use", async () => {
      const server = await serve([echo()])
      const cases: ReadonlyArray<[string, string]> = [
        [
          "not json",
          'fault request: not valid JSON (Unexpected token \'o\', "not json" is not valid JSON): "not json"'
        ],
        [
          JSON.stringify({ spec: "echo=teapot" }),
          'fault "echo=teapot": unknown fault "teapot"; expected a status 500…599, 429[:retry-after=S], reset, stall[:headers], malformed, html or latency:MIN[-MAX]ms'
        ],
        [
          JSON.stringify({ route: "nope", fault: { kind: "reset" } }),
          'no route is named "nope"; the routes are echo (or a family such as ukssdc.*, or * for all)'
        ],
        [
          JSON.stringify({ route: "echo", fault: { kind: "status", status: 700 } }),
          "fault request: at fault.status: status must be a whole number from 500 to 599, got 700"
        ]
      ]
      for (const [body, message] of cases) {
        const reply = await read(await fetch(`${server.url}/_sim/faults`, { method: "POST", body }))
        expect(reply.status, body).toBe(400)
        expect(JSON.parse(reply.text), body).toEqual({ error: message })
      }
      expect(server.faults.list()).toEqual([])
    })
  })
})
