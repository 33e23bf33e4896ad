/**
 * The HTTP API over real HTTP, the service on a SQLite file, the simulator
 * and webhook receivers on 127.0.0.1: events as Server-Sent Events resuming
 * from `Last-Event-ID`, cancelling a watch and its job, a Slack message, a
 * webhook retried until its receiver takes it, and requests a person gets
 * wrong answered with a 400 that says what is wrong.
 */
import { createServer, type Server } from "node:http"
import { ApiServer, Sealing, Service, type Store, Tokens, type Watches } from "@jobscope/service"
import { Ukssdc as SimUkssdc } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import { HttpServer } from "effect/http"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import { fromMarkdown } from "mdast-util-from-markdown"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as World from "./support/world.js"

interface Received {
  readonly id: string
  readonly body: string
}

/** A receiver that answers `statuses` in turn (then 204), keeping what it got. */
const receiver = async (statuses: ReadonlyArray<number> = []) => {
  const got: Array<Received> = []
  let answered = 0
  const server: Server = createServer((request, response) => {
    let body = ""
    request.setEncoding("utf8").on("data", (chunk: string) => {
      body += chunk
    })
    request.on("end", () => {
      got.push({ id: String(request.headers["jobscope-delivery"]), body })
      response.writeHead(statuses[answered++] ?? 204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/`,
    got,
    close: () => new Promise((resolve) => server.close(resolve))
  }
}

/** Reads an SSE response to its end: each event's id, name and data. */
const readSse = async (response: Response) => {
  const text = await response.text()
  return text
    .split("\n\n")
    .filter((block) => block.includes("data:"))
    .map((block) => {
      const field = (name: string) =>
        block
          .split("\n")
          .find((line) => line.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim()
      return { id: Number(field("id")), event: field("event"), data: JSON.parse(field("data") ?? "null") }
    })
}

describe("the HTTP API", () => {
  const dir = World.tempDir()
  let sim: Awaited<ReturnType<typeof World.simulator>>
  let runtime: ManagedRuntime.ManagedRuntime<Watches.Watches | Store.Store | HttpServer.HttpServer, unknown>
  let base = ""
  let token = ""
  const credentials = { ukssdc: { userId: World.user } }

  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers }
    })
    const text = await response.text()
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) }
  }

  const finished = (id: string) =>
    World.until(async () => {
      const detail = await call(`/watches/${id}`)
      return detail.body.watch.status === "active" ? undefined : detail.body
    }, `watch ${id} to end`)

  beforeAll(async () => {
    // Jobs of 5 to 6 minutes (3 to 3.6 s of real time): long enough to cancel one mid-way on a loaded machine.
    sim = await World.simulator([5, 6])
    const service = Service.layer({
      database: `${dir.path}/api.db`,
      key: Redacted.make(World.key),
      upstreams: { ukssdcUrl: sim.url, speed: World.speed },
      pollInterval: "100 millis"
    })
    runtime = ManagedRuntime.make(
      ApiServer.layer({ port: 0 }).pipe(Layer.provideMerge(service)) as Layer.Layer<
        Watches.Watches | Store.Store | HttpServer.HttpServer,
        unknown
      >
    )
    const address = await runtime.runPromise(Effect.map(HttpServer.HttpServer, (server) => server.address))
    base = HttpServer.formatAddress(address)
    token = Redacted.value(await runtime.runPromise(Tokens.mint("carol")))
  })
  afterAll(async () => {
    await runtime.dispose()
    await sim.close()
    dir.remove()
  })

  it("streams a watch's events as SSE, and resumes after Last-Event-ID", async () => {
    const jobId = World.submitDirect(sim)
    const watch = await call("/watches", {
      method: "POST",
      body: JSON.stringify({ job: { _tag: "UkssdcJob", jobId }, credentials })
    })
    expect(watch.status).toBe(201)
    const live = await fetch(`${base}/watches/${watch.body.id}/events`, {
      headers: { authorization: `Bearer ${token}` }
    })
    expect(live.headers.get("content-type")).toMatch(/^text\/event-stream/)
    const all = await readSse(live)
    expect(all.map((event) => event.id)).toEqual(all.map((_, i) => i + 1))
    expect(all.at(-1)?.event).toBe("WatchEnded")
    expect(all.every((event) => event.data.event._tag === event.event)).toBe(true)
    const resumed = await readSse(
      await fetch(`${base}/watches/${watch.body.id}/events`, {
        headers: { authorization: `Bearer ${token}`, "last-event-id": "3" }
      })
    )
    expect(resumed.map((event) => event.id)).toEqual(all.slice(3).map((event) => event.id))
  })

  it("cancels a watch and, asked to, its UKSSDC job; polling stops", async () => {
    const jobId = World.submitDirect(sim)
    const watch = await call("/watches", {
      method: "POST",
      body: JSON.stringify({ job: { _tag: "UkssdcJob", jobId }, credentials })
    })
    await World.until(
      async () => ((await call(`/watches/${watch.body.id}`)).body.polls.length > 0 ? true : undefined),
      "a poll"
    )
    const cancelled = await call(`/watches/${watch.body.id}?job=true`, { method: "DELETE" })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.watch.status).toBe("cancelled")
    expect(cancelled.body.job).toMatch(/^cancelled \d+ product/)
    const detail = await call(`/watches/${watch.body.id}`)
    expect(detail.body.events.at(-1).event).toEqual({ _tag: "WatchEnded", outcome: "cancelled" })
    expect((await call(`/watches/${watch.body.id}`, { method: "DELETE" })).status).toBe(409)
    const polled = sim.requests.job(`ukssdc/${jobId}`)?.routes["ukssdc.status"] ?? 0
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(sim.requests.job(`ukssdc/${jobId}`)?.routes["ukssdc.status"] ?? 0).toBe(polled)
  })

  it("sends a Slack message when the job is done, retried until the receiver takes it", async () => {
    const slack = await receiver([500, 503])
    try {
      const watch = await call("/watches/submit", {
        method: "POST",
        body: JSON.stringify({
          ukssdc: { ...SimUkssdc.sixProducts, name: "GRB <b>&</b>" },
          label: "GRB <b>&</b>",
          credentials,
          webhooks: [{ url: slack.url, secret: "slack-shared-secret-0123", on: ["done"], format: "slack" }]
        })
      })
      expect(watch.status).toBe(201)
      expect(watch.body.webhooks).toEqual([
        { id: `${watch.body.id}.h1`, url: slack.url, on: ["done"], format: "slack" }
      ])
      await finished(watch.body.id)
      const log = await World.until(async () => {
        const deliveries = (await call(`/watches/${watch.body.id}/deliveries`)).body
        return deliveries[0]?.status === "delivered" ? deliveries : undefined
      }, "the delivery")
      expect(log).toHaveLength(1)
      expect(log[0].attempts).toBe(3)
      expect(new Set(slack.got.map((got) => got.id))).toEqual(new Set([log[0].id]))
      const message = JSON.parse(slack.got.at(-1)!.body) as { text: string }
      expect(message.text.split("\n")[0]).toBe("Job succeeded")
      expect(message.text).toContain("GRB &lt;b&gt;&amp;&lt;/b&gt;")
      expect(message.text).not.toContain("<b>")
      const tree = fromMarkdown(message.text)
      expect(tree.children.length).toBeGreaterThan(0)
    } finally {
      await slack.close()
    }
  })

  it("answers what a person gets wrong with a 400 that says what", async () => {
    const malformed = await fetch(`${base}/watches`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{not json"
    })
    expect(malformed.status).toBe(400)
    const unknown = await call("/watches", {
      method: "POST",
      body: JSON.stringify({ job: { _tag: "Nope" } })
    })
    expect(unknown.status).toBe(400)
    const noCredentials = await call("/watches", {
      method: "POST",
      body: JSON.stringify({ job: { _tag: "UkssdcJob", jobId: "1" } })
    })
    expect(noCredentials.status).toBe(400)
    expect(noCredentials.body.message).toMatch(/credentials\.ukssdc\.userId/)
    const badHook = await call("/watches", {
      method: "POST",
      body: JSON.stringify({
        job: { _tag: "TooJob", jobnumber: 1 },
        webhooks: [{ url: "javascript:alert(1)", secret: "0123456789abcdef" }]
      })
    })
    expect(badHook.status).toBe(400)
    expect((await call("/watches/w_nope")).status).toBe(404)
  })

  it("opens sealed values only with the key they were sealed with", async () => {
    const sealed = await Effect.runPromise(
      Effect.flatMap(Sealing.make(Redacted.make(World.key)), (sealing) => sealing.seal("secret text"))
    )
    expect(sealed).not.toContain("secret text")
    const other = await Effect.runPromise(
      Effect.flatMap(Sealing.make(Redacted.make("another-key-0123456789")), (sealing) =>
        Effect.result(sealing.open(sealed))
      )
    )
    expect(other._tag).toBe("Failure")
    const short = await Effect.runPromise(Effect.result(Sealing.make(Redacted.make("short"))))
    expect(short._tag).toBe("Failure")
  })
})
