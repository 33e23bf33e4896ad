import { createServer } from "node:net"
import { assert, describe, it } from "@effect/vitest"
import { Ukssdc as CoreUkssdc } from "@jobscope/core"
import { TooClient, Transport, UkssdcClient } from "@jobscope/fetch"
import { Ukssdc } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { HttpClient, HttpClientRequest } from "effect/http"
import * as Layer from "effect/Layer"
import { NodeHttp } from "../src/node.js"
import { simulator, tooUser, user } from "./support/simulated.js"

/** Retries that pass no real time, so that the live clock these tests run on never sleeps. */
const noWaiting = { retries: 2, retryDelay: "0 millis" } as const

const ukssdc = (baseUrl: string, options: Transport.Options = noWaiting) =>
  UkssdcClient.layer({ baseUrl, userId: user }).pipe(Layer.provide(NodeHttp.layer(options)))

describe("NodeHttp", () => {
  it.live("carries every client call: a UKSSDC submit, its status, and a TOO query as a signed form", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const { job, status } = yield* Effect.gen(function* () {
        const client = yield* UkssdcClient.UkssdcClient
        const job = yield* client.submit(Ukssdc.sixProducts)
        return { job, status: yield* client.status(job.JobID) }
      }).pipe(Effect.provide(ukssdc(sim.url)))
      assert.strictEqual(status.JobID, Number(job.JobID))
      assert.deepStrictEqual(Object.keys(status.products).sort(), [...CoreUkssdc.ProductKind.literals].sort())
      const queued = yield* Effect.flatMap(TooClient.TooClient, (too) => too.visibility(83.63, 22.01)).pipe(
        Effect.provide(
          TooClient.layer({ baseUrl: sim.url, ...tooUser }).pipe(Layer.provide(NodeHttp.layer()))
        )
      )
      assert.strictEqual(queued.api_data.status, "Queued")
      assert.deepStrictEqual(sim.requests.perRoute(), {
        "ukssdc.submit": 1,
        "ukssdc.status": 1,
        "too.submit": 1
      })
    })
  )

  it.live("retries 503s, reads Retry-After, and turns an HTML page into a typed error", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({
        faults: ["ukssdc.numJobs=503x2", "ukssdc.listOldJobs=429:retry-after=30"]
      })
      const numJobs = yield* Effect.flatMap(UkssdcClient.UkssdcClient, (client) => client.numJobs()).pipe(
        Effect.provide(ukssdc(sim.url))
      )
      assert.strictEqual(numJobs, 0)
      assert.strictEqual(sim.requests.perRoute()["ukssdc.numJobs"], 3)
      const limited = yield* Effect.flip(
        Effect.flatMap(UkssdcClient.UkssdcClient, (client) => client.listOldJobs()).pipe(
          Effect.provide(ukssdc(sim.url, { retries: 0 }))
        )
      )
      assert.strictEqual(limited._tag, "HttpStatusError")
      assert.strictEqual(limited._tag === "HttpStatusError" ? limited.retryAfter : undefined, 30_000)

      const paged = yield* simulator({ faults: ["ukssdc.status=html"] })
      const invalid = yield* Effect.flip(
        Effect.flatMap(UkssdcClient.UkssdcClient, (client) => client.status(1)).pipe(
          Effect.provide(ukssdc(paged.url, { retries: 0 }))
        )
      )
      assert.strictEqual(invalid._tag, "InvalidReply")
      assert.include(invalid.message, "an HTML page came instead of JSON")
    })
  )

  it.live("reports a reset connection and a closed port as Unreachable", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ faults: ["ukssdc.numJobs=reset"] })
      const reset = yield* Effect.flip(
        Effect.flatMap(UkssdcClient.UkssdcClient, (client) => client.numJobs()).pipe(
          Effect.provide(ukssdc(sim.url))
        )
      )
      assert.strictEqual(reset._tag, "Unreachable")
      assert.strictEqual(reset._tag === "Unreachable" ? reset.attempts : 0, 3)
      const closed = yield* Effect.flip(
        Effect.flatMap(UkssdcClient.UkssdcClient, (client) => client.numJobs()).pipe(
          Effect.provide(ukssdc("http://127.0.0.1:9", { retries: 0 }))
        )
      )
      assert.strictEqual(closed._tag, "Unreachable")
      assert.include(closed.message, "ECONNREFUSED")
    })
  )

  it.live("streams a product archive as it arrives", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const job = yield* Effect.flatMap(UkssdcClient.UkssdcClient, (client) =>
        client.submit(Ukssdc.sixProducts)
      ).pipe(Effect.provide(ukssdc(sim.url)))
      sim.advance("2 hours")
      const bytes = yield* Effect.gen(function* () {
        const client = yield* UkssdcClient.UkssdcClient
        const stream = yield* client.download(job.URL, "lc")
        return yield* Effect.promise(async () => new Uint8Array(await new Response(stream).arrayBuffer()))
      }).pipe(Effect.provide(ukssdc(sim.url)))
      // A gzip stream: its magic number, and more than a header's worth of it.
      assert.deepStrictEqual([bytes[0], bytes[1]], [0x1f, 0x8b])
      assert.isAbove(bytes.length, 100)
    })
  )

  it.live("aborts the request when the call is interrupted mid-reply", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ faults: ["ukssdc.numJobs=stall:headers"] })
      let headersCame: () => void = () => {}
      const headers = new Promise<void>((resolve) => {
        headersCame = resolve
      })
      const watched = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(HttpClient.HttpClient, (client) =>
          HttpClient.tap(client, () => Effect.sync(() => headersCame()))
        )
      ).pipe(Layer.provide(NodeHttp.layerClient))
      const fiber = yield* Effect.forkChild(
        Effect.flatMap(Transport.Transport, (transport) =>
          transport.send({
            endpoint: "UKSSDC numJobs",
            request: HttpClientRequest.post(`${sim.url}/user_objects/getNumJobs.php`).pipe(
              HttpClientRequest.bodyJsonUnsafe({ UserID: user })
            )
          })
        ).pipe(Effect.provide(Transport.layer({ retries: 0 }).pipe(Layer.provide(watched))))
      )
      // The server has sent its headers and holds back the body.
      yield* Effect.promise(() => headers)
      yield* Fiber.interrupt(fiber)
      // The server sees the client leave, which ends the stalled exchange; without the abort it never would.
      const ended = yield* Effect.promise(() =>
        eventually(() => sim.requests.log({ route: "ukssdc.numJobs" }).length === 1)
      )
      assert.isTrue(ended)
    })
  )

  it.live("answers a status outside 200–599 with a typed error, not an uncaught exception", () =>
    Effect.gen(function* () {
      // A raw socket: Node's own server will not send such statuses.
      const server = createServer((socket) =>
        socket.once("data", (request) => {
          const status = /^POST \/(\d+)/.exec(String(request))?.[1]
          socket.end(`HTTP/1.1 ${status} Odd\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`)
        })
      )
      yield* Effect.acquireRelease(
        Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))),
        () => Effect.sync(() => server.close())
      )
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      for (const status of [600, 999, 101]) {
        const failed = yield* Effect.flip(
          Effect.flatMap(Transport.Transport, (transport) =>
            transport.send({
              endpoint: "odd status",
              request: HttpClientRequest.post(`http://127.0.0.1:${port}/${status}`)
            })
          ).pipe(Effect.provide(NodeHttp.layer({ retries: 0 })), Effect.timeout("5 seconds"))
        )
        assert.strictEqual(failed._tag, "HttpStatusError", `status ${status}`)
        assert.strictEqual(failed._tag === "HttpStatusError" ? failed.status : 0, status)
      }
    }).pipe(Effect.scoped)
  )
})

/** Whether `condition` came true within a few seconds of real I/O, checked as each turn of the event loop ends. */
const eventually = async (condition: () => boolean): Promise<boolean> => {
  const until = Date.now() + 5_000
  while (!condition()) {
    if (Date.now() > until) return false
    await new Promise((resolve) => setImmediate(resolve))
  }
  return true
}
