import { readFileSync } from "node:fs"
import { assert, describe, expect, it } from "@effect/vitest"
import { Job, Too } from "@jobscope/core"
import type { Simulator } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { TestClock } from "effect/testing"
import { compactVerify, decodeProtectedHeader } from "jose"
import type * as FetchError from "../src/FetchError.js"
import * as TooClient from "../src/TooClient.js"
import * as Transport from "../src/Transport.js"
import { epoch, simulator } from "./support/simulated.js"

const secret = "Tardigrade-s3cret-7"

/** A request as it left the client. */
interface Sent {
  readonly method: string
  readonly url: string
  readonly body: string
}

/** A `fetch` that records what it sends before sending it. */
const recording = () => {
  const sent: Array<Sent> = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    sent.push({ method: request.method, url: request.url, body: await request.clone().text() })
    return globalThis.fetch(request)
  }
  return { sent, fetch }
}

/** A TOO client on its own transport (no retries, so a failure shows at once). */
const client = (
  options: TooClient.Options,
  transport: Parameters<typeof Transport.layerFetch>[0] = {}
): Effect.Effect<TooClient.Shape> =>
  Effect.provide(
    TooClient.TooClient,
    TooClient.layer(options).pipe(Layer.provide(Transport.layerFetch({ retries: 0, ...transport })))
  )

/** The token a request carried: the form field of a POST, the query parameter of a GET. */
const tokenOf = (sent: Sent): string => {
  const token =
    sent.method === "POST"
      ? new URLSearchParams(sent.body).get("jwt")
      : new URL(sent.url).searchParams.get("jwt")
  assert.isString(token)
  return token!
}

const payloadOf = (token: string): unknown =>
  JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"))

/** The TOO request of the core's fixture, as a caller gives it. */
const requestData = (): TooClient.RequestData => {
  const json = JSON.parse(
    readFileSync(new URL("../../core/test/fixtures/too/too-request.json", import.meta.url), "utf8")
  )
  const {
    username: _username,
    validate_only: _validateOnly,
    ...data
  } = Schema.decodeUnknownSync(Too.Request)(json).api_data
  return data
}

const statusWord = (status: Too.Status) => status.api_data.status

/** Moves the simulator's clock to an instant. */
const advanceTo = (sim: Simulator, at: Date) =>
  sim.advance(Math.max(0, at.getTime() - sim.clock.now().getTime()))

describe("TooClient", () => {
  it.live("follows a visibility query from Queued through Processing to Accepted, with its windows", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const too = yield* client({ baseUrl: sim.url })

      const first = yield* too.visibility(83.633, 22.0145, { begin: epoch, length: 2 })
      expect(statusWord(first)).toBe("Queued")
      const jobnumber = first.api_data.jobnumber!
      expect(sim.too.job(jobnumber)).toMatchObject({ username: "anonymous", apiName: "Swift_VisQuery" })
      const job = sim.too.job(jobnumber)!

      advanceTo(sim, job.began)
      const processing = yield* too.status(jobnumber)
      expect(statusWord(processing)).toBe("Processing")
      expect(processing.api_data.result).toBeUndefined()

      advanceTo(sim, job.completed)
      const done = yield* too.status(jobnumber)
      expect(done.api_data).toMatchObject({ status: "Accepted", jobnumber, completed: job.completed })
      const result = done.api_data.result
      assert(Schema.is(Too.VisQuery)(result), `a Swift_VisQuery result, got ${result?.api_name}`)
      const windows = result.api_data.windows ?? []
      expect(windows.length).toBeGreaterThan(0)
      const end = epoch.getTime() + 2 * 86_400_000
      for (const { api_data: window } of windows) {
        expect(window.begin.getTime()).toBeLessThan(window.end.getTime())
        expect(window.begin.getTime()).toBeGreaterThanOrEqual(epoch.getTime())
        expect(window.end.getTime()).toBeLessThanOrEqual(end)
      }
      const snapshot = Too.toSnapshot(done, { observedAt: sim.clock.now() })
      expect(snapshot).toMatchObject({ source: "too", jobId: String(jobnumber) })
      expect(Job.isTerminal(snapshot)).toBe(true)

      // The same query signs to the same token, so it reports on the same job: now the result itself.
      const again = yield* too.visibility(83.633, 22.0145, { begin: epoch, length: 2 })
      expect(again.api_data).toMatchObject({ status: "Accepted", jobnumber })
      expect(again.api_data.result?.api_name).toBe("Swift_VisQuery")
      expect(sim.too.jobs()).toHaveLength(1)
    })
  )

  it.effect("asks from now, to the second, for one day when no begin or length is given", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const { sent, fetch } = recording()
      const too = yield* client({ baseUrl: sim.url }, { fetch })
      yield* TestClock.setTime(new Date("2026-03-01T06:07:08.999Z").getTime())

      yield* too.visibility(10, 20)

      expect(sent).toHaveLength(1)
      expect(payloadOf(tokenOf(sent[0]!))).toEqual({
        api_name: "Swift_VisQuery",
        api_version: "1.2",
        api_data: { username: "anonymous", ra: 10, dec: 20, begin: "2026-03-01 06:07:08", length: 1 }
      })
    })
  )

  it.live("resolves a name, and reports a job that ends Rejected as a status, not an error", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const too = yield* client({ baseUrl: sim.url })

      const crab = yield* too.resolve("Crab")
      const unknown = yield* too.resolve("Nowhere In Particular")
      expect([statusWord(crab), statusWord(unknown)]).toEqual(["Queued", "Queued"])
      for (const job of sim.too.jobs()) if (job.completed > sim.clock.now()) advanceTo(sim, job.completed)

      const resolved = yield* too.status(crab.api_data.jobnumber!)
      const result = resolved.api_data.result
      assert(Schema.is(Too.Resolve)(result), `a Swift_Resolve result, got ${result?.api_name}`)
      expect(result.api_data).toMatchObject({ name: "Crab", ra: 83.63308, dec: 22.0145, resolver: "Simbad" })

      const rejected = yield* too.status(unknown.api_data.jobnumber!)
      expect(rejected.api_data.status).toBe("Rejected")
      expect(rejected.api_data.errors).toEqual(['Could not resolve the name "Nowhere In Particular".'])
      expect(Too.toSnapshot(rejected, { observedAt: sim.clock.now() }).tasks[0]?.phase).toBe("failed")
    })
  )

  it.live("submits a registered user's TOO request, which creates a TOO", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ too: { users: { myuser: secret } } })
      const too = yield* client({ baseUrl: sim.url, username: "myuser", secret: Redacted.make(secret) })

      const first = yield* too.request(requestData())
      expect(statusWord(first)).toBe("Queued")
      const jobnumber = first.api_data.jobnumber!
      advanceTo(sim, sim.too.job(jobnumber)!.completed)

      const done = yield* too.status(jobnumber)
      expect(done.api_data).toMatchObject({ status: "Accepted", too_id: 15001 })
      const result = done.api_data.result
      assert(Schema.is(Too.Request)(result), `a Swift_TOO_Request result, got ${result?.api_name}`)
      expect(result.api_data).toMatchObject({ source_name: "GRB 210315A", too_id: 15001, username: "myuser" })
      expect(sim.too.job(jobnumber)?.tooId).toBe(15001)
    })
  )

  it.live(
    "signs as PyJWT does, header {alg, typ}, and learns the too_id from the bare status the server answers a request with",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator({ too: { users: { myuser: secret } } })
        const { sent, fetch } = recording()
        const too = yield* client({ baseUrl: sim.url, username: "myuser", secret }, { fetch })

        const first = yield* too.request({ ...requestData(), xrt_mode: "WT" })
        const [header] = tokenOf(sent[0]!).split(".")
        expect(Buffer.from(header ?? "", "base64url").toString("utf8")).toBe('{"alg":"HS256","typ":"JWT"}')
        expect(payloadOf(tokenOf(sent[0]!))).toMatchObject({ api_data: { xrt_mode: "WT" } })
        advanceTo(sim, sim.too.job(first.api_data.jobnumber!)!.completed)

        // Re-sending the same request is how swift_too follows it: the reply is the status itself.
        const again = yield* too.request({ ...requestData(), xrt_mode: "WT" })
        expect(again.api_data).toMatchObject({ status: "Accepted", too_id: 15001 })
        expect(again.api_data.result).toBeUndefined()
        expect(sim.too.jobs()).toHaveLength(1)
      })
  )

  it.live("sends validate_only when asked, and the server checks the request without creating a TOO", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ too: { users: { myuser: secret } } })
      const { sent, fetch } = recording()
      const too = yield* client({ baseUrl: sim.url, username: "myuser", secret }, { fetch })

      const first = yield* too.request(requestData(), { validateOnly: true })
      const jobnumber = first.api_data.jobnumber!
      expect(payloadOf(tokenOf(sent[0]!))).toMatchObject({
        api_name: "Swift_TOO_Request",
        api_data: { username: "myuser", validate_only: true, grb_triggertime: "2021-03-15 04:05:06" }
      })
      advanceTo(sim, sim.too.job(jobnumber)!.completed)

      const done = yield* too.status(jobnumber)
      expect(done.api_data).toMatchObject({ status: "Accepted", too_id: null })
      expect(done.api_data.warnings).toContain(
        "validate_only was set: the request is valid and no TOO was created."
      )
      expect(sim.too.job(jobnumber)?.tooId).toBeNull()
    })
  )

  it.live("refuses a request that breaks the API's rules before sending anything", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ too: { users: { myuser: secret } } })
      const too = yield* client({ baseUrl: sim.url, username: "myuser", secret })

      const grb = yield* Effect.flip(too.request({ ...requestData(), grb_triggertime: null }))
      expect(grb._tag).toBe("InvalidRequest")
      expect(grb.message).toBe(
        `Swift TOO TOO request (${sim.url}/toop/submit_json.php): at grb_triggertime: a GRB needs grb_triggertime and grb_detector, got null (not sent)`
      )

      const incomplete = { ra: 10, dec: 20 } as unknown as TooClient.RequestData
      const missing = yield* Effect.flip(too.request(incomplete))
      assert(missing._tag === "InvalidRequest")
      expect(missing.problems.filter((problem) => problem.message === "missing").map((p) => p.path)).toEqual([
        "source_name",
        "source_type",
        "science_just",
        "exp_time_just",
        "num_of_visits",
        "obs_type"
      ])

      const outOfRange = yield* Effect.flip(too.request({ ...requestData(), dec: 95, urgency: 7 }))
      assert(outOfRange._tag === "InvalidRequest")
      expect(outOfRange.problems.map((problem) => problem.path)).toEqual(["dec", "urgency"])

      const badJob = yield* Effect.flip(too.status(1.5))
      expect(badJob._tag).toBe("InvalidRequest")
      expect(sim.requests.total()).toBe(0)
    })
  )

  it.live("refuses a TOO request made anonymously before sending it; anonymous queries still go", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const too = yield* client({ baseUrl: sim.url })

      const error = yield* Effect.flip(too.request(requestData()))
      assert(error._tag === "InvalidRequest")
      expect(error.problems).toEqual([
        {
          path: "username",
          message:
            "anonymous users may not submit a Swift_TOO_Request: give the username and shared secret you registered at the Swift TOO site"
        }
      ])
      expect(sim.requests.total()).toBe(0)

      yield* too.resolve("M31")
      expect(sim.requests.perRoute()).toEqual({ "too.submit": 1 })
    })
  )

  it.live("reports a token the server cannot verify as Refused, in the server's words; no job starts", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ too: { users: { myuser: secret } } })
      const too = yield* client({ baseUrl: sim.url, username: "myuser", secret: "not the right one" })

      const error = yield* Effect.flip(too.visibility(83.633, 22.0145, { begin: epoch }))
      assert(error._tag === "Refused")
      const reason =
        'Username/shared secret combination not found: the token\'s signature does not match the shared secret of user "myuser".'
      expect(error.error).toBe(reason)
      expect(error.problems).toEqual([{ label: "Errors", list: [reason] }])
      expect(error.message).toBe(
        `Swift TOO visibility query (${sim.url}/toop/submit_json.php): refused: ${reason}`
      )
      expect(sim.too.jobs()).toHaveLength(0)
    })
  )

  it.live("reports an unknown job number as Refused, naming the job", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const too = yield* client({ baseUrl: sim.url })

      const error = yield* Effect.flip(too.status(99999))
      assert(error._tag === "Refused")
      expect(error.message).toBe(
        `Swift TOO status of job 99999 (${sim.url}/toop/submit_json.php): refused: There is no job 99999.`
      )
    })
  )

  it.live("sends the token as a query parameter with method GET", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const { sent, fetch } = recording()
      const too = yield* client({ baseUrl: `${sim.url}/`, method: "GET" }, { fetch })

      const first = yield* too.resolve("Crab")
      advanceTo(sim, sim.too.job(first.api_data.jobnumber!)!.completed)
      const done = yield* too.status(first.api_data.jobnumber!)

      expect(done.api_data.status).toBe("Accepted")
      expect(sent.map(({ method, body }) => ({ method, body }))).toEqual([
        { method: "GET", body: "" },
        { method: "GET", body: "" }
      ])
      expect(payloadOf(tokenOf(sent[1]!))).toEqual({
        api_name: "Swift_TOO_Status",
        api_version: "1.2",
        api_data: { username: "anonymous", jobnumber: first.api_data.jobnumber, fetchresult: true }
      })
      expect(sim.requests.log().map((entry) => [entry.method, entry.path])).toEqual([
        ["GET", "/toop/submit_json.php"],
        ["GET", "/toop/submit_json.php"]
      ])
    })
  )

  it.live("sends any envelope as it is, and answers the reply as it came", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const { sent, fetch } = recording()
      const too = yield* client({ baseUrl: sim.url }, { fetch })

      const reply = yield* too.send("Swift_VisQuery", {
        ra: 10,
        dec: 20,
        begin: "2026-03-01 00:00:00",
        length: 1
      })
      assert(Too.isStatus(reply))
      expect(reply.api_data.status).toBe("Queued")
      expect(payloadOf(tokenOf(sent[0]!))).toEqual({
        api_name: "Swift_VisQuery",
        api_version: "1.2",
        api_data: { ra: 10, dec: 20, begin: "2026-03-01 00:00:00", length: 1, username: "anonymous" }
      })

      const unknown = yield* Effect.flip(too.send("Swift_Clock", { met: 1 }))
      assert(unknown._tag === "Refused")
      expect(unknown.endpoint).toBe("Swift TOO Swift_Clock")
      expect(unknown.error).toMatch(/^Unknown api_name "Swift_Clock"/)

      const unsignable = yield* Effect.flip(too.send("Swift_Clock", { met: 1n }))
      assert(unsignable._tag === "InvalidRequest")
      expect(unsignable.message).toMatch(/could not be signed as user "anonymous": .*BigInt.* \(not sent\)$/)
      expect(sent).toHaveLength(2)
    })
  )

  it.live(
    "reports an HTML page or cut-short JSON where a reply should be as InvalidReply, naming the job",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator({ faults: ["too.submit=htmlx1", "too.submit=malformedx1"] })
        const too = yield* client({ baseUrl: sim.url })

        const html = yield* Effect.flip(too.status(1001))
        assert(html._tag === "InvalidReply")
        expect(html.message).toMatch(
          new RegExp(
            `^Swift TOO status of job 1001 \\(${sim.url}/toop/submit_json.php\\): an HTML page came instead of JSON`
          )
        )
        const malformed = yield* Effect.flip(too.status(1001))
        assert(malformed._tag === "InvalidReply")
        expect(malformed.message).toMatch(/^Swift TOO status of job 1001 .*: not valid JSON/)
      })
  )

  it.live("reports a reply that holds no status as InvalidReply", () =>
    Effect.gen(function* () {
      const withoutStatus = readFileSync(
        new URL("../../core/test/fixtures/too/visquery-request.json", import.meta.url),
        "utf8"
      )
      const too = yield* client(
        { baseUrl: "http://127.0.0.1:9" },
        { fetch: async () => new Response(withoutStatus, { headers: { "content-type": "text/html" } }) }
      )

      const error = yield* Effect.flip(too.visibility(195.7, -63.8, { begin: epoch }))
      assert(error._tag === "InvalidReply")
      expect(error.message).toBe(
        "Swift TOO visibility query (http://127.0.0.1:9/toop/submit_json.php): at api_data.status: a Swift_VisQuery reply without a Swift_TOO_Status"
      )
    })
  )

  it.live("signs the envelope itself with HS256 and the secret, and never lets the secret out", () =>
    Effect.gen(function* () {
      const wrongSecret = "Wrong-Tardigrade-9"
      const sim = yield* simulator({ too: { users: { myuser: secret } } })
      const { sent, fetch } = recording()
      const too = yield* client({ baseUrl: sim.url, username: "myuser", secret }, { fetch })
      const wrong = yield* client({ baseUrl: sim.url, username: "myuser", secret: wrongSecret }, { fetch })
      const nowhere = yield* client({ baseUrl: "http://127.0.0.1:9", username: "myuser", secret })

      const first = yield* too.visibility(83.633, 22.0145, { begin: epoch, length: 2 })
      const token = tokenOf(sent[0]!)
      expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" })
      expect(payloadOf(token)).toEqual({
        api_name: "Swift_VisQuery",
        api_version: "1.2",
        api_data: { username: "myuser", ra: 83.633, dec: 22.0145, begin: "2026-03-01 00:00:00", length: 2 }
      })
      yield* Effect.promise(() => compactVerify(token, new TextEncoder().encode(secret)))

      sim.faults.add("too.submit=htmlx1")
      const errors: Array<FetchError.FetchError> = [
        yield* Effect.flip(too.status(first.api_data.jobnumber!)),
        yield* Effect.flip(too.status(424242)),
        yield* Effect.flip(too.request({ ...requestData(), obs_type: "Imaging" as "Timing" })),
        yield* Effect.flip(too.send("Swift_Clock", { met: 1n })),
        yield* Effect.flip(wrong.resolve("Crab")),
        yield* Effect.flip(nowhere.resolve("Crab"))
      ]
      expect(errors.map((error) => error._tag)).toEqual([
        "InvalidReply",
        "Refused",
        "InvalidRequest",
        "InvalidRequest",
        "Refused",
        "Unreachable"
      ])
      const everything = [
        ...errors.flatMap((error) => [error.message, String(error), JSON.stringify(error)]),
        ...sent.flatMap((request) => [
          request.url,
          request.body,
          JSON.stringify(decodeProtectedHeader(tokenOf(request))),
          JSON.stringify(payloadOf(tokenOf(request)))
        ])
      ]
      expect(sent.length).toBeGreaterThan(3)
      for (const text of everything) {
        expect(text).not.toContain(secret)
        expect(text).not.toContain(wrongSecret)
      }
    })
  )
})
