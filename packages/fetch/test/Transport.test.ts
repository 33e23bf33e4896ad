import { assert, describe, it } from "@effect/vitest"
import { DecodeError, Tom, Ukssdc } from "@jobscope/core"
import { FetchError, Transport } from "@jobscope/fetch"
import { Lockstep, type Simulator, start } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { HttpClientRequest } from "effect/http"
import * as Schema from "effect/Schema"
import { TestClock } from "effect/testing"
import { onTestFinished } from "vitest"

/** The simulated time every test starts at. */
const epoch = new Date("2026-03-01T12:00:00Z")

const user = "a@b.c"

/** A simulator on a stepped clock, with `faults` from the start and one job submitted; closed after the test. */
const simulator = (faults: ReadonlyArray<string> = []) =>
  Effect.promise(async () => {
    const sim = await start({ speed: 0, start: epoch, faults, ukssdc: { failureProbability: 0 } })
    onTestFinished(() => sim.close())
    const submitted = sim.ukssdc.submit({
      api_name: "xrt_prods",
      api_version: "1.10",
      UserID: user,
      name: "GRB 200101A",
      targ: "00081637",
      RA: 219.2875,
      Dec: -60.8333,
      cent: 0,
      useSXPS: 0,
      image: 1
    })
    assert.strictEqual(submitted.OK, 1)
    return sim
  })

/** The job `simulator` submitted. */
const job = "1"

const statusPath = "/user_objects/checkProductStatus.php"

/** A UKSSDC status request for the job, as the UKSSDC client makes it; `query` appended to its URL. */
const statusCall = (baseUrl: string, query = ""): Transport.Call => ({
  endpoint: "UKSSDC status",
  job,
  request: HttpClientRequest.post(`${baseUrl}${statusPath}${query}`).pipe(
    HttpClientRequest.bodyJsonUnsafe({ JobID: job, UserID: user, what: "image" })
  )
})

/** Runs `use` with a transport in lockstep with `sim`: every back-off and timeout passes in simulated time. */
const inLockstep = <A, E>(
  sim: Simulator,
  options: Transport.Options,
  use: (transport: Transport.Shape) => Effect.Effect<A, E>,
  fetchWith: (lockstep: Lockstep.Lockstep) => typeof globalThis.fetch = (lockstep) => lockstep.fetch
) => {
  const lockstep = Lockstep.forSimulator(sim)
  const program = Effect.gen(function* () {
    return yield* use(yield* Transport.Transport)
  }).pipe(Effect.provide(Transport.layerFetch({ ...options, fetch: fetchWith(lockstep) })))
  return lockstep.run(program)
}

/**
 * Asks, through a transport with `options` in lockstep, for the job's status
 * from a simulator with `faults`, decoded, and expects the call to fail: the
 * simulator and the error.
 */
const failedStatus = (faults: ReadonlyArray<string>, options: Transport.Options = {}) =>
  Effect.gen(function* () {
    const sim = yield* simulator(faults)
    const error = yield* inLockstep(sim, options, (transport) =>
      Effect.flip(transport.json(statusCall(sim.url), Ukssdc.StatusResponse))
    )
    return { sim, error }
  })

/**
 * A fetch that Lockstep does not count (the plain one), noting when each
 * request was sent, in simulated milliseconds from the epoch. Lockstep waits
 * for every request it counts, so a request the server never answers (a
 * stall) would stop simulated time with it and its timeout could never fire.
 * Sent with a fetch Lockstep does not count, it leaves the program waiting
 * only on its timeout, which Lockstep then reaches in simulated time.
 */
const uncounted = () => {
  const sent: Array<number> = []
  return {
    sent,
    fetchWith:
      (lockstep: Lockstep.Lockstep): typeof globalThis.fetch =>
      (input, init) => {
        sent.push(lockstep.now().getTime() - epoch.getTime())
        return globalThis.fetch(input, init)
      }
  }
}

/**
 * Sends the job's status request, through a transport with `options` in
 * lockstep, to a simulator that never answers it: the simulator, when
 * each attempt was sent, and the error the call ended with.
 */
const neverAnswered = (options: Transport.Options, call: Partial<Transport.Call> = {}) =>
  Effect.gen(function* () {
    const sim = yield* simulator(["ukssdc.status=stall"])
    const { sent, fetchWith } = uncounted()
    const error = yield* inLockstep(
      sim,
      options,
      (transport) => Effect.flip(transport.send({ ...statusCall(sim.url), ...call })),
      fetchWith
    )
    return { sim, sent, error }
  })

/** When each request on `route` reached the simulator, in simulated milliseconds from the epoch. */
const arrivals = (sim: Simulator, route: string) =>
  sim.requests.log({ route }).map((entry) => Date.parse(entry.at) - epoch.getTime())

/** The time between each pair of consecutive times. */
const gaps = (times: ReadonlyArray<number>) => times.slice(1).map((time, index) => time - times[index]!)

/** Fails the test unless `value` is in [low, high). */
const within = (value: number, low: number, high: number, what: string) =>
  assert.isTrue(value >= low && value < high, `${what}: ${value} is not in [${low}, ${high})`)

/** An HTML tag or doctype, which no excerpt may hold. */
const tag = /<\/?[a-z!][^>]*>/i

/** How much simulated time has passed since the epoch. */
const elapsed = (sim: Simulator) => sim.clock.now().getTime() - epoch.getTime()

describe("Transport", () => {
  describe("replies", () => {
    it.effect("decodes JSON that comes labelled text/html, as UKSSDC labels it, at once", () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const call = statusCall(sim.url)
        const reply = yield* inLockstep(sim, {}, (transport) => transport.send(call))
        assert.strictEqual(reply.status, 200)
        assert.match(reply.headers["content-type"] ?? "", /^text\/html/)
        const status = yield* inLockstep(sim, {}, (transport) => transport.json(call, Ukssdc.StatusResponse))
        assert.isTrue(status.OK === 1 && status.products.image?.statusText === "Requested")
        assert.deepStrictEqual(arrivals(sim, "ukssdc.status"), [0, 0])
        assert.strictEqual(elapsed(sim), 0)
      })
    )

    it.effect(
      "an HTML page at 200 is an InvalidReply naming the endpoint and job, quoting the page's text",
      () =>
        Effect.gen(function* () {
          const { sim, error } = yield* failedStatus(["ukssdc.status=html"])
          assert.instanceOf(error, FetchError.InvalidReply)
          assert.strictEqual(error._tag, "InvalidReply")
          if (error._tag !== "InvalidReply") return
          const url = `${sim.url}${statusPath}`
          assert.deepInclude(error, { endpoint: "UKSSDC status", job, url, status: 200 })
          assert.strictEqual(error.problems.length, 1)
          assert.strictEqual(error.problems[0]?.path, "")
          assert.isTrue(
            error.message.startsWith(
              `UKSSDC status of job 1 (${url}): an HTML page came instead of JSON: "500 Internal Server Error Internal Server Error The server encountered`
            ),
            error.message
          )
          assert.notMatch(error.message, tag)
          // A page at 200 is an answer, not a passing failure: it is not asked again.
          assert.strictEqual(arrivals(sim, "ukssdc.status").length, 1)
        })
    )

    it.effect("malformed JSON is an InvalidReply quoting what came", () =>
      Effect.gen(function* () {
        const { sim, error } = yield* failedStatus(["ukssdc.status=malformed"])
        assert.strictEqual(error._tag, "InvalidReply")
        if (error._tag !== "InvalidReply") return
        assert.strictEqual(error.status, 200)
        assert.match(
          error.message,
          /^UKSSDC status of job 1 \(http:\/\/127\.0\.0\.1:\d+\/user_objects\/checkProductStatus\.php\): not valid JSON \(.+\): "\{\\"OK\\":1,/
        )
        assert.strictEqual(arrivals(sim, "ukssdc.status").length, 1)
      })
    )

    it.effect("a reply of the wrong shape is an InvalidReply with the path of each problem", () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        // What a client expecting another version of the reply would decode it with.
        const expected = Schema.Struct({
          OK: Schema.Literal(1),
          image: Schema.Struct({ statusCode: Schema.String, statusText: Schema.String, url: Schema.String })
        })
        const error = yield* inLockstep(sim, {}, (transport) =>
          Effect.flip(transport.json(statusCall(sim.url), expected))
        )
        assert.strictEqual(error._tag, "InvalidReply")
        if (error._tag !== "InvalidReply") return
        assert.deepStrictEqual(
          error.problems.map((problem) => problem.path),
          ["image.statusCode", "image.url"]
        )
        assert.include(error.message, "at image.statusCode: expected string, got 1")
        assert.include(error.message, "at image.url: missing")
        assert.isTrue(error.message.startsWith("UKSSDC status of job 1 ("), error.message)
      })
    )

    it.effect("decode takes a decoder of any format, and names the call in its InvalidReply", () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const asXml = DecodeError.decodeBody(Schema.Unknown, "status", { name: "XML", parse: () => ({}) })
        const error = yield* inLockstep(sim, {}, (transport) =>
          Effect.flip(transport.decode(statusCall(sim.url), asXml))
        )
        assert.strictEqual(error._tag, "InvalidReply")
        if (error._tag !== "InvalidReply") return
        assert.match(
          error.message,
          /^UKSSDC status of job 1 \(http:\/\/127\.0\.0\.1:\d+\/user_objects\/checkProductStatus\.php\): JSON came instead of XML: "\{/
        )
        const decoded = yield* inLockstep(sim, {}, (transport) =>
          transport.decode(statusCall(sim.url), DecodeError.decodeJson(Ukssdc.StatusResponse, "status"))
        )
        assert.strictEqual(decoded.OK, 1)
      })
    )

    it.effect("a 500 HTML page is an HttpStatusError whose excerpt is the page's text without tags", () =>
      Effect.gen(function* () {
        const { sim, error } = yield* failedStatus(["ukssdc.status=500"], { retries: 0 })
        assert.strictEqual(error._tag, "HttpStatusError")
        if (error._tag !== "HttpStatusError") return
        assert.strictEqual(error.status, 500)
        assert.strictEqual(error.attempts, 1)
        assert.isTrue(
          error.excerpt.startsWith(
            "500 Internal Server Error Internal Server Error The server encountered an intern…"
          ),
          error.excerpt
        )
        assert.notMatch(error.excerpt, tag)
        assert.isAtMost(error.excerpt.length, 81)
        assert.strictEqual(
          error.message,
          `UKSSDC status of job 1 (${sim.url}${statusPath}): HTTP 500: ${JSON.stringify(error.excerpt)}`
        )
      })
    )

    it.effect("a 4xx other than 408 and 429 is answered at once, not asked again", () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const nowhere: Transport.Call = {
          endpoint: "UKSSDC status",
          job,
          request: HttpClientRequest.post(`${sim.url}/user_objects/nothing.php`)
        }
        const wrongMethod: Transport.Call = {
          ...nowhere,
          request: HttpClientRequest.get(`${sim.url}${statusPath}`)
        }
        const errors = yield* inLockstep(sim, {}, (transport) =>
          Effect.all([Effect.flip(transport.send(nowhere)), Effect.flip(transport.send(wrongMethod))])
        )
        assert.deepStrictEqual(
          errors.map((error) => [
            error._tag,
            "status" in error && error.status,
            "attempts" in error && error.attempts
          ]),
          [
            ["HttpStatusError", 404, 1],
            ["HttpStatusError", 405, 1]
          ]
        )
        const [notFound] = errors
        assert.isTrue(
          notFound._tag === "HttpStatusError" &&
            notFound.excerpt === '{"error":"there is no POST /user_objects/nothing.php here"}'
        )
        assert.strictEqual(sim.requests.total(), 2)
        assert.strictEqual(elapsed(sim), 0)
      })
    )

    it.effect("accept: [404] decodes the body of a 404 as the reply", () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const request = HttpClientRequest.get(`${sim.url}/api/async/status/no-such-target/`)
        const call: Transport.Call = {
          endpoint: "TOM async status",
          job: "no-such-target",
          request,
          accept: [404]
        }
        const notFound = yield* inLockstep(sim, {}, (transport) => transport.json(call, Tom.NotFound))
        assert.deepStrictEqual(notFound, { detail: "Not found." })
        const { accept: _, ...strict } = call
        const error = yield* inLockstep(sim, {}, (transport) =>
          Effect.flip(transport.json(strict, Tom.NotFound))
        )
        assert.isTrue(error._tag === "HttpStatusError" && error.status === 404 && error.attempts === 1)
        assert.strictEqual(sim.requests.perRoute()["tom.status"], 2)
      })
    )

    it.effect(
      "open hands over the response unread once a retried status is 2xx, and reads the page of one that is not",
      () =>
        Effect.gen(function* () {
          const sim = yield* simulator(["ukssdc.status=503x2"])
          const text = yield* inLockstep(sim, { retryDelay: "1 second" }, (transport) =>
            Effect.flatMap(transport.open(statusCall(sim.url)), (response) => response.text)
          )
          assert.include(text, '"statusText":"Requested"')
          assert.strictEqual(arrivals(sim, "ukssdc.status").length, 3)
          const archive: Transport.Call = {
            endpoint: "UKSSDC download",
            job,
            request: HttpClientRequest.get(`${sim.url}/user_objects/tprods/USERPROD_1/USERPROD_1.tar.gz`)
          }
          const error = yield* inLockstep(sim, {}, (transport) => Effect.flip(transport.open(archive)))
          assert.isTrue(error._tag === "HttpStatusError" && error.status === 404 && error.attempts === 1)
          assert.isTrue(
            error._tag === "HttpStatusError" && error.excerpt.startsWith("404 Not Found Not Found")
          )
        })
    )
  })

  describe("retries", () => {
    it.effect(
      "503s are retried after jittered back-offs that double, each within [backoff/2, backoff), capped by retryCap",
      () =>
        Effect.gen(function* () {
          const sim = yield* simulator(["ukssdc.status=503x5"])
          const status = yield* inLockstep(
            sim,
            { retries: 5, retryDelay: "1 second", retryCap: "5 seconds" },
            (transport) => transport.json(statusCall(sim.url), Ukssdc.StatusResponse)
          )
          assert.strictEqual(status.OK, 1)
          assert.deepStrictEqual(
            sim.requests.log({ route: "ukssdc.status" }).map((entry) => entry.status),
            [503, 503, 503, 503, 503, 200]
          )
          const waits = gaps(arrivals(sim, "ukssdc.status"))
          // 1 s, 2 s, 4 s, then 8 s and 16 s capped at 5 s.
          const backoffs = [1000, 2000, 4000, 5000, 5000]
          for (const [index, wait] of waits.entries())
            within(wait, backoffs[index]! / 2, backoffs[index]!, `back-off before attempt ${index + 2}`)
          // The ranges of the first three do not overlap, so the waits grow.
          assert.isTrue(waits[0]! < waits[1]! && waits[1]! < waits[2]!, `${waits}`)
          assert.isBelow(Math.max(...waits), 5000)
          // Jitter: the waits are not the bare lower bounds.
          assert.isTrue(
            waits.some((wait, index) => wait > backoffs[index]! / 2),
            `${waits}`
          )
        })
    )

    it.effect("a 429 is retried no sooner than its Retry-After, even past retryCap", () =>
      Effect.gen(function* () {
        const sim = yield* simulator(["ukssdc.status=429:retry-after=30x1"])
        const status = yield* inLockstep(
          sim,
          { retryDelay: "1 second", retryCap: "10 seconds" },
          (transport) => transport.json(statusCall(sim.url), Ukssdc.StatusResponse)
        )
        assert.strictEqual(status.OK, 1)
        assert.deepStrictEqual(arrivals(sim, "ukssdc.status"), [0, 30_000])
      })
    )

    it.effect(
      "a Retry-After that ends past the deadline fails at once with the 429, instead of waiting",
      () =>
        Effect.gen(function* () {
          const { sim, error } = yield* failedStatus(["ukssdc.status=429:retry-after=600"], {
            deadline: "2 minutes"
          })
          assert.strictEqual(error._tag, "HttpStatusError")
          if (error._tag !== "HttpStatusError") return
          assert.deepInclude(error, { status: 429, retryAfter: 600_000, attempts: 1 })
          assert.isTrue(
            error.message.startsWith(
              `UKSSDC status of job 1 (${sim.url}${statusPath}): HTTP 429: "429 Too Many Requests`
            )
          )
          assert.strictEqual(arrivals(sim, "ukssdc.status").length, 1)
          assert.strictEqual(elapsed(sim), 0)
        })
    )

    it.effect(
      "when the retries run out: an HttpStatusError with status, attempts, page text, endpoint and job",
      () =>
        Effect.gen(function* () {
          const { sim, error } = yield* failedStatus(["ukssdc.status=503"], { retries: 2 })
          assert.strictEqual(error._tag, "HttpStatusError")
          if (error._tag !== "HttpStatusError") return
          const url = `${sim.url}${statusPath}`
          const excerpt = "503 Service Unavailable Service Unavailable The server is temporarily unable to …"
          assert.deepStrictEqual(
            { ...error, message: error.message },
            {
              _tag: "HttpStatusError",
              endpoint: "UKSSDC status",
              url,
              job,
              status: 503,
              excerpt,
              attempts: 3,
              message: `UKSSDC status of job 1 (${url}): HTTP 503 after 3 attempts: "${excerpt}"`
            }
          )
          assert.strictEqual(arrivals(sim, "ukssdc.status").length, 3)
        })
    )

    it.effect(
      "onRetry hears of each retry as it comes: what failed, which attempt of how many, and the wait",
      () =>
        Effect.gen(function* () {
          const retries: Array<Transport.Retry> = []
          const { sim, error } = yield* failedStatus(["ukssdc.status=503"], {
            retries: 2,
            retryDelay: "1 second",
            onRetry: (retry) => retries.push(retry)
          })
          assert.strictEqual(error._tag, "HttpStatusError")
          assert.deepStrictEqual(
            retries.map(({ attempt, attempts, error }) => ({
              attempt,
              attempts,
              status: "status" in error ? error.status : 0
            })),
            [
              { attempt: 1, attempts: 3, status: 503 },
              { attempt: 2, attempts: 3, status: 503 }
            ]
          )
          // Each wait is the jittered back-off that then passed: 1 s, then 2 s, each within [backoff/2, backoff).
          within(retries[0]!.waitMillis, 500, 1000, "the first wait")
          within(retries[1]!.waitMillis, 1000, 2000, "the second wait")
          // The next attempt came no sooner than the wait announced.
          const waits = gaps(arrivals(sim, "ukssdc.status"))
          assert.strictEqual(waits.length, 2)
          for (const [index, retry] of retries.entries())
            assert.isAtLeast(
              waits[index]!,
              Math.floor(retry.waitMillis),
              `the wait before attempt ${index + 2}`
            )
        })
    )

    it.effect("a 408 is retried", () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        // No simulator fault answers 408: the first answer is made here, the rest come from the simulator.
        let answered = 0
        const status = yield* inLockstep(
          sim,
          {},
          (transport) => transport.json(statusCall(sim.url), Ukssdc.StatusResponse),
          (lockstep) => (input, init) =>
            answered++ === 0
              ? Promise.resolve(new Response("Request Timeout", { status: 408 }))
              : lockstep.fetch(input, init)
        )
        assert.strictEqual(status.OK, 1)
        assert.strictEqual(answered, 2)
        within(elapsed(sim), 500, 1000, "back-off after the 408")
      })
    )

    it.effect("a reset connection is retried, and after the retries is Unreachable", () =>
      Effect.gen(function* () {
        const sim = yield* simulator(["ukssdc.status=resetx2"])
        const status = yield* inLockstep(sim, {}, (transport) =>
          transport.json(statusCall(sim.url), Ukssdc.StatusResponse)
        )
        assert.strictEqual(status.OK, 1)
        assert.deepStrictEqual(
          sim.requests.log({ route: "ukssdc.status" }).map((entry) => [entry.status, entry.fault]),
          [
            [null, "reset"],
            [null, "reset"],
            [200, null]
          ]
        )

        sim.faults.add("ukssdc.status=reset")
        const error = yield* inLockstep(sim, { retries: 2 }, (transport) =>
          Effect.flip(transport.json(statusCall(sim.url), Ukssdc.StatusResponse))
        )
        assert.strictEqual(error._tag, "Unreachable")
        if (error._tag !== "Unreachable") return
        assert.strictEqual(error.attempts, 3)
        assert.isTrue(
          error.message.startsWith(
            `UKSSDC status of job 1 (${sim.url}${statusPath}): could not reach the server after 3 attempts: `
          ),
          error.message
        )
        assert.isNotEmpty(error.reason)
        assert.strictEqual(arrivals(sim, "ukssdc.status").length, 6)
      })
    )

    it.effect("nothing listening is Unreachable after the retries, saying the connection was refused", () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const gone = yield* Effect.promise(() => start({ speed: 0 }))
        yield* Effect.promise(() => gone.close())
        const error = yield* inLockstep(sim, { retries: 1, retryDelay: "1 second" }, (transport) =>
          Effect.flip(transport.send(statusCall(gone.url)))
        )
        assert.strictEqual(error._tag, "Unreachable")
        if (error._tag !== "Unreachable") return
        assert.deepInclude(error, { url: `${gone.url}${statusPath}`, attempts: 2 })
        assert.include(error.reason, "ECONNREFUSED")
        assert.include(error.message, "could not reach the server after 2 attempts: ")
        within(elapsed(sim), 500, 1000, "back-off between the attempts")
      })
    )

    it.effect("a URL that does not parse is Unreachable at once: asking again cannot help", () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const call: Transport.Call = {
          endpoint: "UKSSDC status",
          request: HttpClientRequest.post("not a url/checkProductStatus.php")
        }
        const error = yield* inLockstep(sim, {}, (transport) => Effect.flip(transport.send(call)))
        assert.isTrue(
          error._tag === "Unreachable" && error.attempts === 1 && error.reason === "Invalid URL",
          `${error.message}`
        )
        assert.strictEqual(elapsed(sim), 0)
      })
    )
  })

  describe("timeouts and the deadline", () => {
    it.effect("a request the server never answers times out, and is tried again after a back-off", () =>
      Effect.gen(function* () {
        const { sim, sent, error } = yield* neverAnswered({
          timeout: "10 seconds",
          retries: 2,
          retryDelay: "1 second"
        })
        assert.strictEqual(error._tag, "RequestTimeout")
        if (error._tag !== "RequestTimeout") return
        assert.deepInclude(error, { timeout: 10_000, attempts: 3, job })
        assert.strictEqual(
          error.message,
          `UKSSDC status of job 1 (${sim.url}${statusPath}): no reply within 10s after 3 attempts`
        )
        assert.strictEqual(sent.length, 3)
        const [first, second] = gaps(sent)
        within(first! - 10_000, 500, 1000, "back-off after the first timeout")
        within(second! - 10_000, 1000, 2000, "back-off after the second timeout")
        assert.strictEqual(elapsed(sim), sent[2]! + 10_000)
      })
    )

    it.effect("a call's own timeout replaces the transport's, and its deadline is at least that long", () =>
      Effect.gen(function* () {
        // A request the server holds open on purpose (a UWS blocking WAIT) for longer than the usual timeout.
        const { sim, sent, error } = yield* neverAnswered(
          { timeout: "10 seconds", retries: 0, deadline: "20 seconds" },
          { timeout: "90 seconds" }
        )
        assert.strictEqual(error._tag, "RequestTimeout")
        if (error._tag !== "RequestTimeout") return
        assert.strictEqual(error.timeout, 90_000)
        assert.strictEqual(sent.length, 1)
        assert.strictEqual(elapsed(sim), 90_000)
      })
    )

    it.effect(
      "the deadline ends a call whose attempts keep timing out: DeadlineExceeded, not RequestTimeout",
      () =>
        Effect.gen(function* () {
          const { sim, sent, error } = yield* neverAnswered({
            timeout: "10 seconds",
            retries: 4,
            retryDelay: "1 second",
            deadline: "25 seconds"
          })
          assert.strictEqual(error._tag, "DeadlineExceeded")
          if (error._tag !== "DeadlineExceeded") return
          assert.deepStrictEqual(
            { ...error, message: error.message },
            {
              _tag: "DeadlineExceeded",
              endpoint: "UKSSDC status",
              url: `${sim.url}${statusPath}`,
              job,
              deadline: 25_000,
              message: `UKSSDC status of job 1 (${sim.url}${statusPath}): no answer within the deadline of 25s`
            }
          )
          // Attempts at 0 s, ~11 s and ~22 s; the third is cut short at 25 s.
          assert.strictEqual(sent.length, 3)
          assert.strictEqual(elapsed(sim), 25_000)
        })
    )

    it.effect(
      "a back-off that would end past the deadline is not slept: the last failure is reported at once",
      () =>
        Effect.gen(function* () {
          const { sim, sent, error } = yield* neverAnswered({
            timeout: "10 seconds",
            retries: 4,
            retryDelay: "1 second",
            deadline: "21 seconds"
          })
          // The second attempt times out at 20.5–21 s; the next back-off (1–2 s) would end past 21 s.
          assert.isTrue(error._tag === "RequestTimeout" && error.attempts === 2, error.message)
          assert.strictEqual(sent.length, 2)
          within(elapsed(sim), 20_500, 21_000, "when the call gave up")
        })
    )

    it.effect("interrupting a call aborts its request at once, and nothing is sent after", () =>
      Effect.gen(function* () {
        const sim = yield* simulator(["ukssdc.status=stall:headers"])
        const signals: Array<AbortSignal> = []
        let headersCame: () => void = () => {}
        const headers = new Promise<void>((resolve) => {
          headersCame = resolve
        })
        const fetch: typeof globalThis.fetch = async (input, init) => {
          if (init?.signal) signals.push(init.signal)
          const response = await globalThis.fetch(input, init)
          headersCame()
          return response
        }
        const fiber = yield* Effect.gen(function* () {
          const transport = yield* Transport.Transport
          return yield* transport.send(statusCall(sim.url))
        }).pipe(Effect.provide(Transport.layerFetch({ fetch, timeout: "10 seconds" })), Effect.forkChild)
        // The server has answered with headers and holds back the body.
        yield* Effect.promise(() => headers)
        const exit = yield* Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber)))
        assert.isTrue(Exit.hasInterrupts(exit))
        assert.strictEqual(signals.length, 1)
        assert.isTrue(signals[0]?.aborted)
        // Neither a timeout nor a back-off fires later: the call is over.
        yield* TestClock.adjust("10 minutes")
        assert.strictEqual(signals.length, 1)
        yield* Effect.promise(() => sim.close())
        assert.strictEqual(arrivals(sim, "ukssdc.status").length, 1)
      })
    )
  })

  it.live("never lets more than perHost requests to one host be open at once", () =>
    Effect.gen(function* () {
      const sim = yield* simulator(["ukssdc.status=latency:20-40ms"])
      let open = 0
      let most = 0
      const counting: typeof globalThis.fetch = async (input, init) => {
        most = Math.max(most, ++open)
        try {
          const response = await globalThis.fetch(input, init)
          return new Response(await response.arrayBuffer(), response)
        } finally {
          open--
        }
      }
      const replies = yield* Effect.gen(function* () {
        const transport = yield* Transport.Transport
        return yield* Effect.all(
          Array.from({ length: 10 }, () => transport.json(statusCall(sim.url), Ukssdc.StatusResponse)),
          { concurrency: "unbounded" }
        )
      }).pipe(Effect.provide(Transport.layerFetch({ fetch: counting, perHost: 2 })))
      assert.strictEqual(replies.filter((reply) => reply.OK === 1).length, 10)
      assert.strictEqual(most, 2)
      const log = sim.requests.log({ route: "ukssdc.status" })
      assert.strictEqual(log.length, 10)
      assert.isTrue(log.every((entry) => entry.fault?.startsWith("latency:")))
    })
  )

  it.live("a request the server holds open takes no perHost place: the others are not kept waiting", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      let held = 0
      let release: () => void = () => {}
      const released = new Promise<void>((resolve) => {
        release = resolve
      })
      // Held requests hang until released, as a UWS WAIT does until the phase changes.
      const holding: typeof globalThis.fetch = async (input, init) => {
        if (new URL(String(input instanceof Request ? input.url : input)).search.includes("held")) {
          held++
          await released
        }
        return globalThis.fetch(input, init)
      }
      const replies = yield* Effect.gen(function* () {
        const transport = yield* Transport.Transport
        const waiting = yield* Effect.forkChild(
          Effect.all(
            Array.from({ length: 3 }, () =>
              transport.send({ ...statusCall(sim.url, "?held"), heldOpen: true })
            ),
            { concurrency: "unbounded" }
          )
        )
        const plain = yield* Effect.all(
          Array.from({ length: 3 }, () => transport.json(statusCall(sim.url), Ukssdc.StatusResponse)),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(held, 3, "the held requests are all open")
        release()
        yield* Fiber.join(waiting)
        return plain
      }).pipe(Effect.provide(Transport.layerFetch({ fetch: holding, perHost: 2 })))
      assert.strictEqual(replies.filter((reply) => reply.OK === 1).length, 3)
    })
  )

  it.live("sends no trace headers to the server, with tracing spans or without", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const sent: Array<Headers> = []
      const recording: typeof globalThis.fetch = (input, init) => {
        sent.push(new Headers(init?.headers))
        return globalThis.fetch(input, init)
      }
      for (const tracing of [false, true]) {
        yield* Effect.gen(function* () {
          const transport = yield* Transport.Transport
          return yield* transport.json(statusCall(sim.url), Ukssdc.StatusResponse)
        }).pipe(
          Effect.provide(Transport.layerFetch({ fetch: recording, tracing })),
          // Inside a span, Effect's client would propagate it to the server by default.
          Effect.withSpan(`poll, tracing ${tracing}`)
        )
      }
      assert.strictEqual(sent.length, 2)
      for (const headers of sent) {
        assert.deepStrictEqual(
          [...headers.keys()].filter((name) => /traceparent|^b3|tracestate/i.test(name)),
          []
        )
      }
    })
  )

  it.effect("no error holds a secret from the URL or the request body, however the request fails", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const gone = yield* Effect.promise(() => start({ speed: 0 }))
      yield* Effect.promise(() => gone.close())
      const secret = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.s1gn4ture"
      const query = `?jwt=${secret}`
      const withCredentials = sim.url.replace("http://", `http://jobscope:${secret}@`)
      const cases: ReadonlyArray<{
        readonly fault?: string
        readonly baseUrl: string
        readonly options?: Transport.Options
        readonly fetchWith?: (lockstep: Lockstep.Lockstep) => typeof globalThis.fetch
        readonly tag: FetchError.FetchError["_tag"]
      }> = [
        { fault: "ukssdc.status=503", baseUrl: sim.url, tag: "HttpStatusError" },
        { fault: "ukssdc.status=html", baseUrl: sim.url, tag: "InvalidReply" },
        { fault: "ukssdc.status=malformed", baseUrl: sim.url, tag: "InvalidReply" },
        { fault: "ukssdc.status=reset", baseUrl: sim.url, tag: "Unreachable" },
        { baseUrl: gone.url, tag: "Unreachable" },
        { baseUrl: withCredentials, tag: "Unreachable" },
        {
          fault: "ukssdc.status=stall",
          baseUrl: sim.url,
          fetchWith: uncounted().fetchWith,
          tag: "RequestTimeout"
        },
        {
          fault: "ukssdc.status=stall",
          baseUrl: sim.url,
          options: { timeout: "1 minute", deadline: "30 seconds" },
          fetchWith: uncounted().fetchWith,
          tag: "DeadlineExceeded"
        }
      ]
      const encode = Schema.encodeSync(Schema.toCodecJson(FetchError.FetchError))
      for (const { fault, baseUrl, options, fetchWith, tag } of cases) {
        sim.faults.clear()
        if (fault !== undefined) sim.faults.add(fault)
        const error = yield* inLockstep(
          sim,
          { retries: 1, timeout: "5 seconds", ...options },
          (transport) => Effect.flip(transport.json(statusCall(baseUrl, query), Ukssdc.StatusResponse)),
          fetchWith
        )
        const what = `${tag} (${fault ?? baseUrl})`
        assert.strictEqual(error._tag, tag, what)
        assert.strictEqual(error.url, `${baseUrl === withCredentials ? sim.url : baseUrl}${statusPath}`, what)
        const everything = JSON.stringify(encode(error))
        for (const forbidden of [secret, "s1gn4ture", "jwt=", user])
          assert.notInclude(everything, forbidden, `${what}: ${everything}`)
      }
    })
  )

  describe("retryAfter", () => {
    const now = Date.parse("2026-03-01T12:00:00Z")

    it("reads delay-seconds", () => {
      assert.strictEqual(Transport.retryAfter("30", now), 30_000)
      assert.strictEqual(Transport.retryAfter(" 7 ", now), 7000)
      assert.strictEqual(Transport.retryAfter("0", now), 0)
    })

    it("reads an HTTP date in each of its three forms, as the time from now", () => {
      assert.strictEqual(Transport.retryAfter("Sun, 01 Mar 2026 12:01:30 GMT", now), 90_000)
      assert.strictEqual(Transport.retryAfter("Sunday, 01-Mar-26 12:00:10 GMT", now), 10_000)
      assert.strictEqual(Transport.retryAfter("Sun Mar  1 12:00:05 2026", now), 5000)
    })

    it("a date already past means no wait", () => {
      assert.strictEqual(Transport.retryAfter("Sat, 28 Feb 2026 12:00:00 GMT", now), 0)
    })

    it("is undefined when absent or unreadable, even where Date.parse would guess a date", () => {
      for (const header of [undefined, "", "soon", "-5", "1.5", "30s", "Sun 5"])
        assert.isUndefined(Transport.retryAfter(header, now), JSON.stringify(header))
    })
  })
})
