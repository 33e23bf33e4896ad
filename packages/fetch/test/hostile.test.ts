/**
 * What a hostile server can do to a client, through both public transports
 * (`Transport.layerFetch` and `@jobscope/fetch/node`'s `NodeHttp.layer`):
 * send an endless or enormous body, a status no HTTP library expects, an
 * absurd Retry-After, a redirect elsewhere, an echo of a credential, a reply
 * about another job. Each must end in a typed error or a correct answer,
 * never a crash, a hang, unbounded memory, a leak or a false success.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Job, Poll, Tom } from "@jobscope/core"
import {
  Follow,
  Followable,
  JobRef,
  Poller,
  Scheduler,
  TomClient,
  TooClient,
  Transport,
  UkssdcClient
} from "@jobscope/fetch"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { HttpClientRequest } from "effect/http"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { downloadToFile, NodeHttp } from "../src/node.js"
import * as Hostile from "./support/hostile.js"

const transports: ReadonlyArray<
  readonly [string, (options: Transport.Options) => Layer.Layer<Transport.Transport>]
> = [
  ["fetch", (options) => Transport.layerFetch(options)],
  ["NodeHttp", (options) => NodeHttp.layer(options)]
]

/** Retries that pass no real time. */
const quick: Transport.Options = { retries: 2, retryDelay: "0 millis" }

const mib = 1024 * 1024

const send = (
  layer: Layer.Layer<Transport.Transport>,
  request: HttpClientRequest.HttpClientRequest
): Promise<Exit.Exit<Transport.Reply, Transport.SendError>> =>
  Effect.runPromise(
    Effect.exit(
      Effect.flatMap(Transport.Transport, (transport) =>
        transport.send({ endpoint: "Hostile status", job: "1", request })
      ).pipe(Effect.provide(layer))
    )
  )

/** The typed error of a failed exit; fails the test if it is a defect or a success. */
const failureOf = <E>(exit: Exit.Exit<unknown, E>): E => {
  if (Exit.isSuccess(exit))
    throw new Error(`expected a typed failure, got a success: ${JSON.stringify(exit.value)}`)
  const found = Cause.findError(exit.cause)
  if (found._tag !== "Success") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return found.success
}

const ukssdcStatus = (jobId: number, extra: Record<string, unknown> = {}) => ({
  lc: { statusCode: 3, statusText: "Running", progress: { GotProgress: 0 } },
  OK: 1,
  JobID: jobId,
  ...extra
})

const withServer = async <A>(respond: Hostile.Respond, body: (server: Hostile.Hostile) => Promise<A>) => {
  const server = await Hostile.listen(respond)
  try {
    return await body(server)
  } finally {
    await server.close()
  }
}

describe.each(transports)("the %s transport against a hostile server", (_name, layerOf) => {
  it("an endless chunked body: ReplyTooLarge naming the endpoint, the connection dropped, memory bounded", async () => {
    const budget = 1024 * mib
    await withServer(
      (_request, socket, server) => Hostile.endless(server, socket, budget),
      async (started) => {
        const before = process.memoryUsage().rss
        const exit = await send(layerOf(quick), HttpClientRequest.get(`${started.url}/status`))
        const error = failureOf(exit)
        expect(error._tag).toBe("ReplyTooLarge")
        expect(error.message).toContain(`Hostile status of job 1 (${started.url}/status)`)
        expect(error.message).toContain("1 MiB")
        // Not retried: one request, and the server stopped sending long before its 1 GiB.
        await new Promise((resolve) => setTimeout(resolve, 200))
        const sent = started.sent()
        expect(started.requests).toHaveLength(1)
        expect(sent).toBeLessThan(64 * mib)
        const growth = process.memoryUsage().rss - before
        console.log(
          `endless body (${_name}): server sent ${(sent / mib).toFixed(1)} MiB of 1024; RSS grew ${(growth / mib).toFixed(1)} MiB`
        )
        expect(growth).toBeLessThan(200 * mib)
      }
    )
  })

  it("a content-length of 700 MB: refused before reading it, with the size announced", async () => {
    await withServer(
      (_request, socket) => Hostile.announce(socket, 700_000_000),
      async (server) => {
        const error = failureOf(await send(layerOf(quick), HttpClientRequest.get(`${server.url}/status`)))
        expect(error._tag).toBe("ReplyTooLarge")
        expect(error._tag === "ReplyTooLarge" && error.size).toBe(700_000_000)
        expect(error.message).toContain("it announced 667.6 MiB")
      }
    )
  })

  it("maxReplyBytes raises the limit: a 2 MiB reply fails by default and is read whole under 4 MiB", async () => {
    const big = JSON.stringify({ data: "x".repeat(2 * mib) })
    await withServer(
      (_request, socket) =>
        Hostile.reply(socket, "HTTP/1.1 200 OK", { "content-type": "application/json" }, big),
      async (server) => {
        const request = HttpClientRequest.get(`${server.url}/status`)
        expect(failureOf(await send(layerOf(quick), request))._tag).toBe("ReplyTooLarge")
        const exit = await send(layerOf({ ...quick, maxReplyBytes: 4 * mib }), request)
        expect(Exit.isSuccess(exit) && exit.value.text.length).toBe(big.length)
      }
    )
  })

  it.each([600, 999])(
    "status %i: an HttpStatusError of that status, not retried, the process alive",
    async (status) => {
      await withServer(
        (_request, socket) => Hostile.reply(socket, `HTTP/1.1 ${status} Strange`, {}, "strange"),
        async (server) => {
          const error = failureOf(await send(layerOf(quick), HttpClientRequest.get(`${server.url}/status`)))
          expect(error._tag).toBe("HttpStatusError")
          expect(error._tag === "HttpStatusError" && error.status).toBe(status)
          expect(server.requests).toHaveLength(1)
        }
      )
    }
  )

  it.each([
    ["101 with a body", "HTTP/1.1 101 Switching Protocols", "{}"],
    ["205 with a body", "HTTP/1.1 205 Reset Content", '{"a":1}'],
    ["100 then nothing", "HTTP/1.1 100 Continue", ""]
  ])("%s: a typed answer, never a crash", async (_case, statusLine, body) => {
    await withServer(
      (_request, socket) => Hostile.reply(socket, statusLine, {}, body),
      async (server) => {
        const exit = await send(
          layerOf({ ...quick, timeout: "2 seconds" }),
          HttpClientRequest.get(`${server.url}/status`)
        )
        if (Exit.isFailure(exit)) expect(Cause.findError(exit.cause)._tag).toBe("Success")
      }
    )
  })

  it.each([
    ["400 digits", `1${"0".repeat(400)}`],
    ["8.6e12 seconds", "8600000000000"],
    ["10^9 seconds", "1000000000"]
  ])(
    "Retry-After of %s: capped at an hour, so the call fails now instead of waiting",
    async (_case, header) => {
      await withServer(
        (_request, socket) => Hostile.reply(socket, "HTTP/1.1 503 Busy", { "retry-after": header }, "busy"),
        async (server) => {
          const error = failureOf(await send(layerOf(quick), HttpClientRequest.get(`${server.url}/status`)))
          expect(error._tag).toBe("HttpStatusError")
          expect(error._tag === "HttpStatusError" && error.retryAfter).toBe(Transport.maxRetryAfter)
          expect(server.requests).toHaveLength(1)
        }
      )
    }
  )

  it("a 302 to another origin is not followed: an HttpStatusError, and the other host is never asked", async () => {
    const elsewhere = await Hostile.listen((_request, socket) => Hostile.json(socket, { stolen: true }))
    try {
      await withServer(
        (_request, socket) =>
          Hostile.reply(socket, "HTTP/1.1 302 Found", { location: `${elsewhere.url}/steal?x=1` }),
        async (server) => {
          const error = failureOf(
            await send(
              layerOf(quick),
              HttpClientRequest.post(`${server.url}/status`).pipe(
                HttpClientRequest.bodyJsonUnsafe({ UserID: "me@example.org" })
              )
            )
          )
          expect(error._tag).toBe("HttpStatusError")
          expect(error.message).toContain("another origin, which is never followed")
          expect(elsewhere.requests).toHaveLength(0)
        }
      )
    } finally {
      await elsewhere.close()
    }
  })

  it("a same-origin 307 and 308 repeat the POST and its body; a 303 becomes a GET", async () => {
    await withServer(
      (request, socket) => {
        if (request.path === "/307") return Hostile.reply(socket, "HTTP/1.1 307 Moved", { location: "/308" })
        if (request.path === "/308") return Hostile.reply(socket, "HTTP/1.1 308 Moved", { location: "/end" })
        if (request.path === "/303")
          return Hostile.reply(socket, "HTTP/1.1 303 See Other", { location: "/end" })
        return Hostile.json(socket, { method: request.method, body: request.body })
      },
      async (server) => {
        const post = (path: string) =>
          send(
            layerOf(quick),
            HttpClientRequest.post(`${server.url}${path}`).pipe(
              HttpClientRequest.bodyJsonUnsafe({ JobID: 1 })
            )
          )
        const kept = await post("/307")
        expect(Exit.isSuccess(kept) && JSON.parse(kept.value.text)).toEqual({
          method: "POST",
          body: '{"JobID":1}'
        })
        const seeOther = await post("/303")
        expect(Exit.isSuccess(seeOther) && JSON.parse(seeOther.value.text)).toEqual({
          method: "GET",
          body: ""
        })
      }
    )
  })

  it("a reply that trickles a byte at a time ends at the request timeout, a RequestTimeout", async () => {
    await withServer(
      (_request, socket) => Hostile.trickle(socket, 100, 50),
      async (server) => {
        const error = failureOf(
          await send(
            layerOf({ retries: 0, timeout: "300 millis" }),
            HttpClientRequest.get(`${server.url}/status`)
          )
        )
        expect(error._tag).toBe("RequestTimeout")
      }
    )
  })

  it("a UKSSDC status reply about another job is an InvalidReply, not news of the job asked", async () => {
    await withServer(
      (_request, socket) => Hostile.json(socket, ukssdcStatus(999)),
      async (server) => {
        const exit = await Effect.runPromise(
          Effect.exit(
            Effect.flatMap(UkssdcClient.UkssdcClient, (client) => client.status(1)).pipe(
              Effect.provide(UkssdcClient.layer({ baseUrl: server.url, userId: "me@example.org" })),
              Effect.provide(layerOf(quick))
            )
          )
        )
        const error = failureOf(exit)
        expect(error._tag).toBe("InvalidReply")
        expect(error.message).toContain('about job "999", not job "1"')
      }
    )
  })

  it("a TOO status reply about another jobnumber is an InvalidReply", async () => {
    const reply = {
      api_name: "Swift_TOO_Status",
      api_version: "1.2",
      api_data: { username: "anonymous", status: "Processing", jobnumber: 2, errors: [], warnings: [] }
    }
    await withServer(
      (_request, socket) => Hostile.json(socket, reply),
      async (server) => {
        const exit = await Effect.runPromise(
          Effect.exit(
            Effect.flatMap(TooClient.TooClient, (client) => client.status(1)).pipe(
              Effect.provide(TooClient.layer({ baseUrl: server.url })),
              Effect.provide(layerOf(quick))
            )
          )
        )
        expect(failureOf(exit)._tag).toBe("InvalidReply")
      }
    )
  })
})

describe("echoed credentials", () => {
  const token = "tom-secret-token-123"
  const disguises = [
    token,
    token.toUpperCase(),
    encodeURIComponent(token).replaceAll("-", "%2D"),
    token.replaceAll("-", "&#45;"),
    token.replaceAll("-", "&#x2d;"),
    token.split("").join("\u200b"),
    Array.from(token, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join(""),
    token.replaceAll("-", "\\u002d")
  ]

  it.each(disguises)("a TOM token echoed as %j is hidden from the error", async (echo) => {
    await withServer(
      (_request, socket) =>
        Hostile.reply(
          socket,
          "HTTP/1.1 401 Unauthorized",
          { "content-type": "application/json" },
          JSON.stringify({ detail: `Invalid token ${echo}.` })
        ),
      async (server) => {
        const exit = await Effect.runPromise(
          Effect.exit(
            Effect.flatMap(TomClient.TomClient, (client) => client.status(7)).pipe(
              Effect.provide(TomClient.layer({ baseUrl: server.url, token })),
              Effect.provide(Transport.layerFetch(quick))
            )
          )
        )
        const error = failureOf(exit)
        expect(error._tag).toBe("Refused")
        const everything = JSON.stringify(Schema.encodeSync(Schema.Any)(error)) + error.message
        expect(everything).not.toContain(echo)
        expect(error.message).toContain("Invalid token (hidden).")
      }
    )
  })

  it("a TOO shared secret echoed in a refusal is hidden", async () => {
    const secret = "S3cr3t-TOO-xyz"
    const reply = {
      api_name: "Swift_TOO_Status",
      api_version: "1.2",
      api_data: {
        username: "alice",
        status: "Rejected",
        errors: [`Shared secret ${secret.replaceAll("-", "%2d")} is wrong for alice`],
        warnings: []
      }
    }
    await withServer(
      (_request, socket) => Hostile.json(socket, reply),
      async (server) => {
        const exit = await Effect.runPromise(
          Effect.exit(
            Effect.flatMap(TooClient.TooClient, (client) => client.resolve("Crab")).pipe(
              Effect.provide(TooClient.layer({ baseUrl: server.url, username: "alice", secret })),
              Effect.provide(NodeHttp.layer(quick))
            )
          )
        )
        const error = failureOf(exit)
        expect(error._tag).toBe("Refused")
        expect(error.message).toContain("Shared secret (hidden) is wrong")
        expect(error.message.toLowerCase()).not.toContain("s3cr3t")
      }
    )
  })

  it("a UKSSDC user ID echoed in a successful status reply is hidden from the reply and its snapshot", async () => {
    await withServer(
      (_request, socket) =>
        Hostile.json(socket, {
          ...ukssdcStatus(1),
          lc: {
            statusCode: 3,
            statusText: "Running for me&#64;example&#46;org",
            progress: { GotProgress: 0 }
          }
        }),
      async (server) => {
        const snapshot = await Effect.runPromise(
          Follow.status(JobRef.ukssdc(1, { products: ["lc"] })).pipe(
            Effect.provide(UkssdcClient.layer({ baseUrl: server.url, userId: "me@example.org" })),
            Effect.provide(Transport.layerFetch(quick))
          )
        )
        const text = JSON.stringify(Schema.encodeSync(Job.SnapshotJson)(snapshot))
        expect(text).not.toContain("example&#46;org")
        expect(text).toContain("Running for (your UserID)")
      }
    )
  })
})

describe("products not asked for", () => {
  it("a product the server adds to a watch of some is not waited on: the watch ends when those are over", async () => {
    await withServer(
      (_request, socket) =>
        Hostile.json(socket, {
          lc: { statusCode: 4, statusText: "Complete" },
          psf: { statusCode: 3, statusText: "Running", progress: { GotProgress: 0 } },
          OK: 1,
          JobID: 1
        }),
      async (server) => {
        const ended = await Effect.runPromise(
          Follow.waitFor(JobRef.ukssdc(1, { products: ["lc"] })).pipe(
            Effect.provide(UkssdcClient.layer({ baseUrl: server.url, userId: "me@example.org" })),
            Effect.provide(Transport.layerFetch(quick))
          )
        )
        expect(ended.snapshot.tasks.map((task) => task.id)).toEqual(["lc"])
        expect(Job.outcome(ended.snapshot)).toBe("succeeded")
        expect(server.requests).toHaveLength(1)
      }
    )
  })
})

describe("ukssdc archives", () => {
  const download = (server: Hostile.Hostile, path: string, maxBytes?: number) =>
    Effect.runPromise(
      Effect.exit(
        downloadToFile(
          `${server.url}/tprods/USERPROD_1`,
          "lc",
          path,
          maxBytes === undefined ? {} : { maxBytes }
        ).pipe(
          Effect.provide(UkssdcClient.layer({ baseUrl: server.url, userId: "me@example.org" })),
          Effect.provide(NodeHttp.layer(quick))
        )
      )
    )

  it("a 'tar.gz' that is not gzip is an InvalidReply, and no file is left", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jobscope-hostile-"))
    try {
      await withServer(
        (_request, socket) => Hostile.reply(socket, "HTTP/1.1 200 OK", {}, "<html>not an archive</html>"),
        async (server) => {
          const error = failureOf(await download(server, join(dir, "lc.tar.gz")))
          expect(error._tag).toBe("InvalidReply")
          expect(error.message).toContain("not a gzip file")
          expect(readdirSync(dir)).toEqual([])
        }
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("an archive past maxBytes is ReplyTooLarge, dropped as soon as it passes, and no file is left", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jobscope-hostile-"))
    try {
      await withServer(
        (_request, socket, server) => {
          // A gzip start, then spaces for ever.
          socket.write(
            Buffer.concat([
              Buffer.from("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4\r\n"),
              Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
              Buffer.from("\r\n")
            ])
          )
          Hostile.endless(server, socket, 256 * mib, "")
        },
        async (server) => {
          const error = failureOf(await download(server, join(dir, "lc.tar.gz"), 2 * mib))
          expect(error._tag).toBe("ReplyTooLarge")
          expect(readdirSync(dir)).toEqual([])
          await new Promise((resolve) => setTimeout(resolve, 200))
          expect(server.sent()).toBeLessThan(64 * mib)
        }
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe("a watch against absurd Retry-After", () => {
  it.each([`1${"0".repeat(400)}`, "8600000000000", "1000000000"])(
    "Retry-After %s: a PollFailed whose next poll is at most an hour away, its state valid against its schema",
    async (header) => {
      await withServer(
        (_request, socket) => Hostile.reply(socket, "HTTP/1.1 503 Busy", { "retry-after": header }, "busy"),
        async (server) => {
          const started = Date.now()
          const first = await Effect.runPromise(
            Stream.runHead(Follow.watch(JobRef.ukssdc(1))).pipe(
              Effect.provide(UkssdcClient.layer({ baseUrl: server.url, userId: "me@example.org" })),
              Effect.provide(Transport.layerFetch({ retries: 0 }))
            )
          )
          expect(Option.isSome(first)).toBe(true)
          const update = Option.getOrThrow(first)
          expect(update._tag).toBe("PollFailed")
          const at = update.next!.at.getTime()
          expect(Number.isFinite(at)).toBe(true)
          expect(at - started).toBeGreaterThanOrEqual(Transport.maxRetryAfter)
          expect(at - started).toBeLessThanOrEqual(Transport.maxRetryAfter * 1.2 + 60_000)
          const saved = Schema.encodeSync(Poller.StateJson)(update.state)
          expect(Schema.decodeUnknownSync(Poller.StateJson)(JSON.parse(JSON.stringify(saved)))).toEqual(
            update.state
          )
        }
      )
    }
  )
})

describe("a poll that dies", () => {
  it("ends its watch with PollDefect, never as if the job were over", async () => {
    const exit = await Effect.runPromise(
      Effect.exit(
        Stream.runCollect(
          Poller.stream({
            job: Followable.make({
              source: Tom.source,
              jobId: "target/1",
              request: Effect.die(new RangeError("Invalid time value")),
              toSnapshot: (reply: Tom.AsyncStatusResponse, observedAt) =>
                Tom.toSnapshot(reply, { target: 1, observedAt })
            }),
            policy: Poll.make(Tom.source)
          })
        )
      )
    )
    const error = failureOf(exit)
    expect(error._tag).toBe("PollDefect")
    expect(error.message).toBe("TOM target 1: a poll failed unexpectedly: Invalid time value")
  })

  it("in a schedule of many, fails the stream with the defect instead of ending it quietly", async () => {
    const poller: Poller.Poller<unknown, never, never> = {
      start: Effect.succeed({
        poll: Poll.initial(Poll.make(Tom.source)),
        polls: 0,
        failures: 0,
        nextPollAt: 0
      }),
      step: () => Effect.die(new Error("a defect in a step"))
    }
    const exit = await Effect.runPromise(
      Effect.exit(Stream.runCollect(Scheduler.run([{ key: "a", poller }], 2)))
    )
    expect(Exit.isFailure(exit)).toBe(true)
    expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("a defect in a step")
  })
})
