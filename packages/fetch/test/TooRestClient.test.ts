/**
 * The Swift TOO REST API client over real HTTP to the simulator: cookie
 * login (once, then reused, and again when the server forgets a session),
 * every endpoint a submitter and a follower use, each of the server's error
 * shapes as a `Refused` in its own words, and the shared secret kept out of
 * every error.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, expect, it } from "@effect/vitest"
import { TooRest } from "@jobscope/core"
import { TooRest as SimTooRest, type Simulator } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { SessionFile } from "../src/node.js"
import * as TooRestClient from "../src/TooRestClient.js"
import * as Transport from "../src/Transport.js"
import { simulator, tooUser } from "./support/simulated.js"

/** A TOO request a submitter gives: three visits of a young supernova. */
const supernova: TooRestClient.Submission = SimTooRest.supernovaSubmission

/** A REST client of the simulator on its own transport (no retries, so a failure shows at once). */
const client = (sim: Simulator, options: Partial<TooRestClient.Options> = tooUser) =>
  Effect.provide(
    TooRestClient.TooRestClient,
    TooRestClient.layer({ apiUrl: `${sim.url}/api/v2`, ...options } as TooRestClient.Options).pipe(
      Layer.provide(Transport.layerFetch({ retries: 0 }))
    )
  )

const routes = (sim: Simulator) => sim.requests.perRoute()

const scratch = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "jobscope-too-session-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

describe("TooRestClient", () => {
  it.effect("logs in once and sends the session cookie with every later request", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ tooRest: { seeded: false, rejection: 0 } })
      const too = yield* client(sim)
      const reply = yield* too.submit(supernova)
      expect(reply).toMatchObject({ status: "Accepted", too_id: 22680 })
      const record = yield* too.request(reply.too_id!)
      expect(record).toMatchObject({ too_id: 22680, target_name: "SN 2026abc", decision: null })
      // The owner sees the request in detail, as the public does not.
      expect(record.science_just).toBe(supernova.science_just)
      expect(routes(sim)).toEqual({ "tooRest.login": 1, "tooRest.too": 2 })
      const view = sim.tooRest.request(22680)!
      expect(view.visits.map((visit) => visit.duration)).toEqual([2000, 2000, 2000])
    })
  )

  it.effect("checks a request without creating one (validate only)", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ tooRest: { seeded: false } })
      const too = yield* client(sim)
      expect(yield* too.submit(supernova, { validateOnly: true })).toEqual({ status: "Validated" })
      expect(sim.tooRest.requests()).toEqual([])
    })
  )

  it.effect("logs in again, once, when the server no longer knows the kept session", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const sessions = TooRestClient.memorySessions()
      yield* sessions.save(Redacted.make("a-session-the-server-forgot"))
      const too = yield* client(sim, { ...tooUser, sessions })
      const list = yield* too.requests({ limit: 2, detail: true })
      expect(list.entries.length).toBe(2)
      expect(routes(sim)).toEqual({ "tooRest.login": 1, "tooRest.too": 2 })
      const kept = yield* sessions.load
      assert(Option.isSome(kept))
      expect(Redacted.value(kept.value)).not.toBe("a-session-the-server-forgot")
    })
  )

  it.effect("answers bad credentials with Refused, the secret in no part of the error", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const secret = "wrong-but-secret-words"
      const too = yield* client(sim, { username: tooUser.username, secret })
      const error = yield* Effect.flip(too.requests({ limit: 1 }))
      assert(error._tag === "Refused")
      expect(error.error).toMatch(/^authentication failed \(Invalid username or password\)/)
      expect(JSON.stringify(error)).not.toContain(secret)
      expect(error.message).not.toContain(secret)
    })
  )

  it.effect("answers FastAPI's 422 with each field's problem, and a status object's errors", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ tooRest: { seeded: false } })
      const too = yield* client(sim)
      const invalid = yield* Effect.flip(
        too.submit({ ...supernova, ra: 400, xrt_countrate: undefined as never })
      )
      assert(invalid._tag === "Refused")
      expect(invalid.problems).toEqual([
        { label: "Validation errors", list: ["ra: Input should be less than or equal to 360"] }
      ])
      const noBrightness = yield* Effect.flip(too.submit({ ...supernova, xrt_countrate: undefined as never }))
      assert(noBrightness._tag === "Refused")
      expect(noBrightness.error).toMatch(/^body: Value error, Must specify at least one brightness value/)
      const sunward = yield* Effect.flip(too.submit({ ...supernova, ra: 340, dec: -8 }))
      assert(sunward._tag === "Refused")
      expect(sunward.problems[0]?.label).toBe("Errors")
      expect(sunward.error).toMatch(/Sun/)
      const unknown = yield* Effect.flip(too.resolve("No Such Thing"))
      assert(unknown._tag === "Refused")
      expect(unknown.error).toBe("Could not resolve name: No Such Thing")
      const none = yield* Effect.flip(too.observations({}))
      assert(none._tag === "Refused")
      expect(none.error).toBe("query: Value error, At least one parameter must be set")
    })
  )

  it.effect(
    "turns an HTML page or malformed JSON where a reply should be into InvalidReply, the secret in neither",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator({ faults: ["tooRest.too=htmlx1", "tooRest.calendar=malformedx1"] })
        const too = yield* client(sim)
        const page = yield* Effect.flip(too.requests({ limit: 1, detail: true }))
        assert(page._tag === "InvalidReply")
        const broken = yield* Effect.flip(too.calendar({ tooId: 22680 }))
        assert(broken._tag === "InvalidReply")
        for (const error of [page, broken]) expect(JSON.stringify(error)).not.toContain(tooUser.secret)
        // The faults spent, the same calls answer.
        expect((yield* too.requests({ limit: 1 })).entries.length).toBe(1)
      })
  )

  it.effect("refuses to submit anonymously before sending anything", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const too = yield* client(sim, {})
      const error = yield* Effect.flip(too.submit(supernova))
      expect(error._tag).toBe("InvalidRequest")
      expect(sim.requests.total()).toBe(0)
    })
  )

  it.effect("reads the calendar, the as-flown timeline, the data, visibility and names, anonymously", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const too = yield* client(sim, {})
      const seeded = sim.tooRest.requests().find((request) => request.visits.length === 3)!
      const [record] = (yield* too.requests({ tooId: seeded.tooId })).entries
      assert(record !== undefined)
      expect(record.decision).toBe("Approved")
      const calendar = yield* too.calendar({ tooId: seeded.tooId })
      expect(calendar.entries.map((visit) => visit.duration)).toEqual(
        seeded.visits.map((visit) => visit.duration)
      )
      const flown = yield* too.observations({ targetIds: [record.target_id!] })
      expect(TooRest.observationIds(flown.entries)).toEqual(seeded.visits.map((visit) => visit.obsId))
      const data = yield* too.data(seeded.visits[0]!.obsId, { xrt: true })
      expect(data.entries.map((file) => file.type)).toContain("XRT cleaned event file")
      const windows = yield* too.visibility(219.2875, -60.8333, {
        begin: new Date("2026-03-01T00:00:00Z"),
        length: 3
      })
      expect(windows.windows.length).toBeGreaterThan(0)
      const crab = yield* too.resolve("Crab")
      expect(crab.resolver).toBeTypeOf("string")
      expect(routes(sim)["tooRest.login"]).toBeUndefined()
    })
  )

  it.effect("keeps the session in an owner-only file, and a later client reuses it without logging in", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const dir = yield* scratch
      const path = join(dir, "cache", "too-session.json")
      const first = yield* client(sim, { ...tooUser, sessions: yield* SessionFile.make(path) })
      yield* first.requests({ limit: 1, detail: true })
      expect(statSync(path).mode & 0o777).toBe(0o600)
      const saved = readFileSync(path, "utf8")
      expect(saved).toMatch(/^\{"session":"[^"]+"\}\n$/)
      expect(saved).not.toContain(tooUser.secret)
      const second = yield* client(sim, { ...tooUser, sessions: yield* SessionFile.make(path) })
      yield* second.requests({ limit: 1, detail: true })
      expect(routes(sim)["tooRest.login"]).toBe(1)
      // A file someone else could read is made owner-only again.
      writeFileSync(path, saved, { mode: 0o644 })
      yield* SessionFile.make(path)
      expect(statSync(path).mode & 0o777).toBe(0o600)
    })
  )

  it.effect("says why it cannot keep a session file", () =>
    Effect.gen(function* () {
      const dir = yield* scratch
      writeFileSync(join(dir, "not-a-directory"), "")
      const error = yield* Effect.flip(SessionFile.make(join(dir, "not-a-directory", "session.json")))
      expect(error._tag).toBe("FileError")
      expect(error.message).toMatch(/cannot keep the session in/)
    })
  )
})
