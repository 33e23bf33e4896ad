/**
 * The simulated Swift TOO REST API over real HTTP: cookie login, a TOO
 * request posted as the official client posts it (form fields), FastAPI's
 * errors, and a request that moves through decision, calendar, observation
 * and archive on the stepped clock; every reply decodes with the core's schemas.
 */
import { describe, expect, it } from "@effect/vitest"
import { DecodeError, TooRest } from "@jobscope/core"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import type { Simulator } from "../../src/Simulator.js"
import { started } from "../support/simulator.js"

const users = { alice: "alice-shared-s3cret" }
const api = (sim: Simulator) => `${sim.url}/api/v2`

const decode = async <S extends Schema.Decoder<unknown>>(response: Response, schema: S): Promise<S["Type"]> =>
  Result.getOrThrow(DecodeError.decodeJson(schema, "reply")(await response.text()))

const login = async (sim: Simulator, password = users.alice): Promise<Response> =>
  fetch(`${api(sim)}/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "alice", password })
  })

/** Logs alice in and answers her cookie. */
const session = async (sim: Simulator): Promise<string> => {
  const response = await login(sim)
  expect(response.status).toBe(200)
  const cookie = response.headers.get("set-cookie") ?? ""
  expect(cookie).toMatch(/^session=[^;]+;.*HttpOnly/)
  return cookie.split(";")[0]!
}

/** A TOO request as swift_too 2.0 posts it (httpx form fields; booleans as true/false). */
const form = (overrides: Record<string, string> = {}): Record<string, string> => ({
  target_name: "SN 2026abc",
  target_type: "Supernova",
  ra: "219.2875",
  dec: "-60.8333",
  instrument: "XRT",
  obs_type: "Light Curve",
  urgency: "3",
  xrt_countrate: "0.02",
  uvot_mode: "0x9999",
  science_just: "Early X-rays trace the progenitor's mass loss.",
  immediate_objective: "Follow the X-ray light curve.",
  exposure: "6000",
  proposal: "false",
  uvot_just: "",
  xrt_mode: "7",
  tiling: "false",
  exp_time_just: "2 ks per visit detects the expected flux.",
  exp_time_per_visit: "2000.0",
  num_of_visits: "3",
  monitoring_freq: "1 day",
  username: "alice",
  debug: "false",
  quiet: "true",
  validate_only: "false",
  ...overrides
})

const post = (sim: Simulator, cookie: string | undefined, fields: Record<string, string>) =>
  fetch(`${api(sim)}/swift/too`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(cookie === undefined ? {} : { cookie })
    },
    body: new URLSearchParams(fields)
  })

const get = (sim: Simulator, path: string, query: Record<string, string>, cookie?: string) =>
  fetch(
    `${api(sim)}${path}?${new URLSearchParams(query)}`,
    cookie === undefined ? {} : { headers: { cookie } }
  )

describe("the simulated TOO REST API", () => {
  it("logs in with the shared secret as password, setting a session cookie; 401 and 422 as FastAPI", async () => {
    const sim = await started({ tooRest: { users } })
    await session(sim)
    const wrong = await login(sim, "nope")
    expect(wrong.status).toBe(401)
    expect(await decode(wrong, TooRest.Detail)).toEqual({ detail: "Invalid username or password" })
    const malformed = await fetch(`${api(sim)}/login`, { method: "POST", body: "{not json" })
    expect(malformed.status).toBe(422)
    const detail = await decode(malformed, TooRest.Detail)
    expect(typeof detail.detail === "string" ? [] : detail.detail.map((issue) => issue.type)).toEqual([
      "json_invalid"
    ])
    const empty = await fetch(`${api(sim)}/login`, { method: "POST", body: "{}" })
    expect(TooRest.detailMessages((await decode(empty, TooRest.Detail)).detail)).toEqual([
      "username: Field required",
      "password: Field required"
    ])
  })

  it("takes a TOO request from a logged-in user only, answering 201 with its too_id", async () => {
    const sim = await started({ tooRest: { users, seeded: false } })
    const anonymous = await post(sim, undefined, form())
    expect(anonymous.status).toBe(401)
    const cookie = await session(sim)
    const validated = await post(sim, cookie, form({ validate_only: "true" }))
    expect(validated.status).toBe(200)
    expect(await validated.json()).toEqual({ status: "Validated" })
    expect(sim.tooRest.requests()).toEqual([])
    const created = await post(sim, cookie, form())
    expect(created.status).toBe(201)
    const reply = await decode(created, TooRest.SubmitReply)
    expect(reply).toEqual({
      status: "Accepted",
      too_id: 22680,
      jobnumber: 23472400,
      errors: [],
      warnings: []
    })
    expect(sim.requests.perRoute()["tooRest.too"]).toBe(3)
  })

  it("answers a bad request with FastAPI's 422 and a refused one with a status object", async () => {
    const sim = await started({ tooRest: { users, seeded: false } })
    const cookie = await session(sim)
    const issues = async (fields: Record<string, string>) => {
      const response = await post(sim, cookie, fields)
      expect(response.status).toBe(422)
      return TooRest.detailMessages((await decode(response, TooRest.Detail)).detail)
    }
    const { target_name: _, ...nameless } = form()
    expect(await issues(nameless)).toEqual(["body: Value error, Missing required field: target_name"])
    expect(await issues(form({ ra: "400", urgency: "x" }))).toEqual([
      "ra: Input should be less than or equal to 360",
      "urgency: Input should be a valid integer, unable to parse string as an integer"
    ])
    expect(await issues(form({ xrt_countrate: "" }))).toEqual([
      "body: Value error, Must specify at least one brightness value. If specifying optical brightness, ensure filter is set."
    ])
    const sunward = await post(sim, cookie, form({ ra: "355", dec: "-4" }))
    expect(sunward.status).toBe(400)
    const refusal = await decode(sunward, TooRest.StatusRefusal)
    expect(refusal.status.status).toBe("Rejected")
    expect(refusal.status.errors?.[0]).toMatch(/Sun/)
    expect(sim.tooRest.requests()).toEqual([])
  })

  it("moves a request through decision, calendar, observation and archive on the clock", async () => {
    const sim = await started({ tooRest: { users, seeded: false, rejection: 0, interruption: 0 } })
    const cookie = await session(sim)
    const { too_id } = await decode(await post(sim, cookie, form()), TooRest.SubmitReply)
    const tooId = String(too_id)
    const plan = sim.tooRest.request(Number(tooId))!
    const record = async () => {
      const reply = await decode(
        await get(sim, "/swift/too", { too_id: tooId, detail: "true" }, cookie),
        TooRest.TooRequests
      )
      expect(reply.entries).toHaveLength(1)
      return reply.entries[0]!
    }
    const to = (date: Date) => sim.advance(Math.max(0, date.getTime() - sim.clock.now().getTime()))
    expect((await record()).decision).toBeNull()
    // Undecided, it is its owner's business: the public list does not show it.
    expect(
      (await decode(await get(sim, "/swift/too", { too_id: tooId }), TooRest.TooRequests)).entries
    ).toEqual([])
    to(plan.decidedAt)
    const decided = await record()
    expect(decided.decision).toBe("Approved")
    expect(decided.calendar?.entries).toEqual([])
    expect(decided.target_id).toBeTypeOf("number")
    to(plan.scheduledAt)
    const scheduled = await record()
    expect(scheduled.calendar?.entries.map((visit) => [visit.duration, visit.asflown])).toEqual([
      [2000, 0],
      [2000, 0],
      [2000, 0]
    ])
    expect(scheduled.date_begin).toBe(plan.visits[0]!.begin.toISOString().slice(0, 10))
    const calendar = await decode(await get(sim, "/swift/calendar", { too_id: tooId }), TooRest.Calendar)
    expect(calendar.entries).toEqual(scheduled.calendar?.entries)
    to(new Date(plan.visits[0]!.begin.getTime() + 30 * 60_000))
    const flying = (await record()).calendar!.entries[0]!.asflown!
    expect(flying).toBeGreaterThan(0)
    expect(flying).toBeLessThan(2000)
    to(plan.visits.at(-1)!.end)
    const observed = await record()
    expect(observed.done).toBe(1)
    expect(observed.calendar?.entries.map((visit) => visit.asflown)).toEqual([2000, 2000, 2000])
    const timeline = await decode(
      await get(sim, "/swift/obsquery", { target_id: String(observed.target_id) }),
      TooRest.ObsQuery
    )
    expect([...new Set(timeline.entries.map((snapshot) => snapshot.obs_id))]).toEqual(
      plan.visits.map((visit) => visit.obsId)
    )
    const lastObs = plan.visits.at(-1)!
    const before = await decode(await get(sim, "/swift/data", { obs_id: lastObs.obsId }), TooRest.Data)
    expect(before.entries).toEqual([])
    to(lastObs.archivedAt)
    const archived = await decode(
      await get(sim, "/swift/data", { obs_id: lastObs.obsId, xrt: "true" }),
      TooRest.Data
    )
    expect(archived.entries.map((file) => file.path)).toEqual([
      `${lastObs.obsId}/auxil`,
      `${lastObs.obsId}/auxil`,
      `${lastObs.obsId}/xrt/event`
    ])
    const file = await fetch(archived.entries[0]!.url)
    expect(file.status).toBe(200)
    expect((await file.text()).startsWith("SIMPLE  =")).toBe(true)
    expect(sim.requests.log({ job: `too-request/${tooId}` }).length).toBeGreaterThan(5)
  })

  it("starts with seeded requests: rejected ones, one flown in three visits, one visit cut short by a GRB", async () => {
    const sim = await started({ tooRest: { users } })
    const seeded = sim.tooRest.requests()
    expect(seeded.filter((request) => request.decision === "Rejected").length).toBeGreaterThanOrEqual(2)
    expect(seeded.some((request) => request.visits.length === 3)).toBe(true)
    expect(seeded.some((request) => request.visits.some((visit) => visit.interrupted))).toBe(true)
    const list = await decode(await get(sim, "/swift/too", { limit: "10" }), TooRest.TooRequests)
    // The public list holds the approved ones, newest first.
    expect(list.entries.map((entry) => entry.decision)).toEqual(list.entries.map(() => "Approved"))
    const ids = list.entries.map((entry) => entry.too_id!)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    const cut = seeded.find((request) => request.visits.some((visit) => visit.interrupted))!
    const [record] = (
      await decode(await get(sim, "/swift/too", { too_id: String(cut.tooId) }), TooRest.TooRequests)
    ).entries
    const first = record!.calendar!.entries[0]!
    expect(first.asflown).toBeLessThan(first.duration!)
    expect(record!.done).toBe(1)
    const paged = await decode(await get(sim, "/swift/too", { limit: "1", page: "2" }), TooRest.TooRequests)
    expect(paged.entries.map((entry) => entry.too_id)).toEqual([ids[1]])
  })

  it("answers the list's, calendar's and timeline's filters, and refuses a query with none (422)", async () => {
    const sim = await started({ tooRest: { users } })
    const none = await get(sim, "/swift/too", {})
    expect(none.status).toBe(422)
    expect(TooRest.detailMessages((await decode(none, TooRest.Detail)).detail)).toEqual([
      "query: Value error, At least one parameter must be set"
    ])
    expect((await get(sim, "/swift/obsquery", {})).status).toBe(422)
    expect((await get(sim, "/swift/calendar", { too_id: "x" })).status).toBe(422)
    const near = await decode(
      await get(sim, "/swift/too", { ra: "201.36", dec: "-43.02", radius: "0.2" }),
      TooRest.TooRequests
    )
    expect(near.entries.map((entry) => entry.target_name)).toEqual(["AT 2026bqz"])
    const year = await decode(await get(sim, "/swift/too", { year: "1999" }), TooRest.TooRequests)
    expect(year.entries).toEqual([])
    const missing = await get(sim, "/swift/data", {})
    expect(TooRest.detailMessages((await decode(missing, TooRest.Detail)).detail)).toEqual([
      "obs_id: Field required"
    ])
  })

  it("answers visibility windows and name resolution; an unknown name is a 404 with a status object", async () => {
    const sim = await started({ tooRest: { users } })
    const vis = await decode(
      await get(sim, "/swift/visquery", {
        ra: "219.2875",
        dec: "-60.8333",
        begin: "2026-03-15 00:00:00",
        length: "2"
      }),
      TooRest.VisQuery
    )
    expect(vis.windows.length).toBeGreaterThan(0)
    expect((await get(sim, "/swift/visquery", { dec: "5" })).status).toBe(422)
    const crab = await decode(await get(sim, "/resolve", { name: "Crab" }), TooRest.Resolve)
    expect(crab.ra).toBeCloseTo(83.63, 1)
    const unknown = await get(sim, "/resolve", { name: "No Such Thing" })
    expect(unknown.status).toBe(404)
    expect((await decode(unknown, TooRest.StatusRefusal)).status.errors).toEqual([
      "Could not resolve name: No Such Thing"
    ])
  })
})

describe("the simulated TOO REST API's sessions", () => {
  it("answers 401 to a session it does not know, so the client logs in again", async () => {
    const sim = await started({ tooRest: { users } })
    const stale = await get(sim, "/swift/too", { limit: "1" }, "session=forgotten")
    expect(stale.status).toBe(401)
    expect(await decode(stale, TooRest.Detail)).toEqual({
      detail: "Session expired or unknown: log in again"
    })
    const fresh = await get(sim, "/swift/too", { limit: "1" }, await session(sim))
    expect(fresh.status).toBe(200)
  })
})
