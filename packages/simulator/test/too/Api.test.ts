import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Job, Too } from "@jobscope/core"
import * as Result from "effect/Result"
import { SignJWT } from "jose"
import type { Simulator } from "../../src/Simulator.js"
import * as Sky from "../../src/too/Sky.js"
import { started } from "../support/simulator.js"

const fixture = (
  name: string
): { api_name: string; api_version: string; api_data: Record<string, unknown> } =>
  JSON.parse(readFileSync(new URL(`../../../core/test/fixtures/too/${name}.json`, import.meta.url), "utf8"))

const users = { myuser: "mysharedsecret", other: "another secret" }

type Payload = { readonly api_name: string; readonly api_version: string; readonly api_data: object }

const sign = (payload: Payload, secret: string, alg = "HS256") =>
  new SignJWT({ ...payload }).setProtectedHeader({ alg, typ: "JWT" }).sign(new TextEncoder().encode(secret))

/** A payload as `username` sends it, signed with their secret. */
const signedBy = (username: keyof typeof users | "anonymous", payload: Payload, data: object = {}) =>
  sign(
    { ...payload, api_data: { ...payload.api_data, ...data, username } },
    username === "anonymous" ? "anonymous" : users[username]
  )

const endpoint = (sim: Simulator) => `${sim.url}/toop/submit_json.php`

const post = (sim: Simulator, token: string) =>
  fetch(endpoint(sim), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ jwt: token })
  })

const get = (sim: Simulator, token: string) => fetch(`${endpoint(sim)}?jwt=${encodeURIComponent(token)}`)

/** The reply decoded with the core's schema, as every client reads it. */
const decode = async (response: Response): Promise<Too.Envelope> => {
  expect(response.status).toBe(200)
  return Result.getOrThrow(DecodeError.decodeJson(Too.Envelope, "Swift TOO reply")(await response.text()))
}

const send = async (sim: Simulator, token: string) => decode(await post(sim, token))

const statusOf = (reply: Too.Envelope): Too.StatusData => {
  const status = Too.statusOf(reply)
  expect(status, `a status in ${JSON.stringify(reply)}`).toBeDefined()
  return status!.api_data
}

const snapshot = (sim: Simulator, reply: Too.Envelope, request?: Too.Envelope) =>
  Too.toSnapshot(reply, { observedAt: sim.clock.now(), ...(request === undefined ? {} : { request }) })

const visQuery = fixture("visquery-request")

/** Sends a token and steps the clock a second at a time until its job is no longer Queued or Processing. */
const untilDone = async (sim: Simulator, token: string): Promise<Too.Envelope> => {
  for (let seconds = 0; seconds < 120; seconds++) {
    const reply = await send(sim, token)
    const status = statusOf(reply).status
    if (status === "Accepted" || status === "Rejected") return reply
    sim.advance("1 second")
  }
  throw new Error("the job did not finish in 2 simulated minutes")
}

describe("too.submit", () => {
  it("takes a job from Queued through Processing to Accepted with its result, and re-sending the JWT reports on it", async () => {
    const sim = await started({ too: { users } })
    const token = await signedBy("myuser", visQuery, { begin: "2026-03-02 00:00:00", length: 2, hires: true })

    const queued = await send(sim, token)
    expect(Too.isStatus(queued)).toBe(true)
    const first = statusOf(queued)
    expect(first).toMatchObject({
      status: "Queued",
      username: "myuser",
      errors: [],
      warnings: [],
      began: null
    })
    expect(first.timestamp).toEqual(sim.clock.now())
    const jobnumber = first.jobnumber
    expect(jobnumber).toBeGreaterThanOrEqual(1001)

    const seen: Array<Job.Snapshot> = [snapshot(sim, queued, queued)]
    let reply = queued
    for (let seconds = 0; seconds < 60 && statusOf(reply).status !== "Accepted"; seconds++) {
      sim.advance("1 second")
      reply = await send(sim, token)
      expect(statusOf(reply).jobnumber, "the same JWT reports on the same job").toBe(jobnumber)
      const next = snapshot(sim, reply)
      if (next.tasks[0]?.phase !== seen.at(-1)?.tasks[0]?.phase) seen.push(next)
    }
    expect(seen.map((s) => s.tasks[0]?.code)).toEqual(["Queued", "Processing", "Accepted"])
    const events = seen.slice(1).flatMap((next, i) => Job.diff(seen[i]!, next, Too.source))
    expect(events.filter((e) => e._tag === "PhaseChanged").map((e) => `${e.from}→${e.to}`)).toEqual([
      "queued→running",
      "running→succeeded"
    ])
    expect(events.some((e) => e._tag === "Anomaly")).toBe(false)

    // Accepted: the query echoed, its windows filled in, the status nested.
    expect(reply.api_name).toBe("Swift_VisQuery")
    const accepted = reply as Too.VisQuery
    expect(accepted.api_data.ra).toBe(visQuery.api_data.ra)
    expect(accepted.api_data.windows?.length).toBeGreaterThan(20)
    const done = statusOf(reply)
    expect(done.began!.getTime()).toBeGreaterThan(done.timestamp!.getTime())
    expect(done.completed!.getTime()).toBeGreaterThan(done.began!.getTime())
    expect(done.completed!.getTime()).toBeLessThanOrEqual(sim.clock.now().getTime())
    expect(sim.too.job(jobnumber!)).toMatchObject({ status: "Accepted", apiName: "Swift_VisQuery" })

    // Still the same job, and the same answer, long after.
    sim.advance("1 day")
    expect(await send(sim, token)).toEqual(reply)
  })

  it('answers a query as swift_too sends it: no begin (the minute it arrived is used and echoed), hires as ["True"], windows of begin and end only', async () => {
    const sim = await started({ too: { users }, start: new Date("2026-03-02T10:27:11Z") })
    const { begin: _, ...withoutBegin } = visQuery.api_data
    const token = await sign(
      { ...visQuery, api_data: { ...withoutBegin, username: "anonymous", length: 1, hires: ["True"] } },
      "anonymous"
    )
    await untilDone(sim, token)
    // The raw JSON: a decoder would drop a length, which is exactly what swift_too cannot do.
    const raw = JSON.parse(await (await post(sim, token)).text())
    expect(raw.api_name).toBe("Swift_VisQuery")
    expect(raw.api_data.begin).toBe("2026-03-02 10:27:00")
    expect(raw.api_data.hires).toEqual(["True"])
    expect(raw.api_data.status.api_data.status).toBe("Accepted")
    // hires ["True"] is high resolution: a window per orbit, not one for the day.
    expect(raw.api_data.windows.length).toBeGreaterThan(10)
    for (const window of raw.api_data.windows) expect(Object.keys(window.api_data)).toEqual(["begin", "end"])
  })

  it("answers the same over GET ?jwt= as over a POST form", async () => {
    const sim = await started({ too: { users } })
    const token = await signedBy("myuser", fixture("status-request"), { jobnumber: 99 })
    const viaGet = await decode(await get(sim, token))
    const viaPost = await decode(await post(sim, token))
    expect(viaGet).toEqual(viaPost)
    expect(statusOf(viaGet).errors).toEqual(["There is no job 99."])

    const job = await signedBy("anonymous", visQuery)
    const viaGetFirst = statusOf(await decode(await get(sim, job)))
    expect(statusOf(await send(sim, job)).jobnumber).toBe(viaGetFirst.jobnumber)
  })

  it("gives each distinct token its own job, numbered in order", async () => {
    const sim = await started({ too: { users, firstJobNumber: 3130 } })
    const a = statusOf(await send(sim, await signedBy("myuser", visQuery)))
    const b = statusOf(await send(sim, await signedBy("myuser", visQuery, { length: 3 })))
    const aAgain = statusOf(await send(sim, await signedBy("myuser", visQuery)))
    expect([a.jobnumber, b.jobnumber, aAgain.jobnumber]).toEqual([3130, 3131, 3130])
    expect(sim.too.jobs().map((job) => job.jobnumber)).toEqual([3130, 3131])
  })
})

describe("Swift_TOO_Status", () => {
  it("reports on a job by jobnumber, with the nested result when fetchresult is set", async () => {
    const sim = await started({ too: { users } })
    const query = await signedBy("myuser", visQuery, { begin: "2026-03-02 00:00:00", length: 1 })
    const { jobnumber } = statusOf(await send(sim, query))
    const ask = (fetchresult: boolean) =>
      signedBy("myuser", fixture("status-request"), { jobnumber, fetchresult }).then((t) => send(sim, t))

    const early = await ask(true)
    expect(early.api_name).toBe("Swift_TOO_Status")
    expect(statusOf(early)).toMatchObject({ status: "Queued", jobnumber, fetchresult: true })
    expect(statusOf(early).result).toBeUndefined()

    const accepted = await untilDone(sim, query)
    const fetched = await ask(true)
    const data = statusOf(fetched)
    expect(data.status).toBe("Accepted")
    expect(data.result?.api_name).toBe("Swift_VisQuery")
    const { status: _nested, ...answer } = (accepted as Too.VisQuery).api_data
    expect((data.result as Too.VisQuery).api_data).toEqual(answer)
    expect(Too.toSnapshot(fetched, { observedAt: sim.clock.now() })).toMatchObject({
      jobId: String(jobnumber),
      label: "Visibility query",
      tasks: [{ phase: "succeeded", label: "Visibility query" }]
    })

    const plain = statusOf(await ask(false))
    expect(plain).toMatchObject({ status: "Accepted", fetchresult: false })
    expect(plain.result).toBeUndefined()
  })

  it("refuses an unknown job, another user's job, and a status without a jobnumber", async () => {
    const sim = await started({ too: { users } })
    const { jobnumber } = statusOf(await send(sim, await signedBy("myuser", visQuery)))
    const status = fixture("status-request")
    const refusals = await Promise.all([
      signedBy("myuser", status, { jobnumber: 4242 }),
      signedBy("other", status, { jobnumber }),
      signedBy("myuser", { ...status, api_data: {} })
    ]).then((tokens) => Promise.all(tokens.map((token) => send(sim, token))))
    expect(refusals.map((reply) => statusOf(reply))).toMatchObject([
      { status: "Rejected", jobnumber: null, errors: ["There is no job 4242."] },
      { status: "Rejected", jobnumber: null, errors: [`Job ${jobnumber} belongs to another user.`] },
      {
        status: "Rejected",
        errors: ["A Swift_TOO_Status needs the jobnumber of the job to report on (or its too_id)."]
      }
    ])
  })
})

describe("tokens", () => {
  it("refuses a bad signature, an unknown user, a wrong algorithm and garbage, saying what is wrong and never the secret", async () => {
    const sim = await started({ too: { users } })
    const cases: Array<[string, string | RegExp]> = [
      [
        await sign({ ...visQuery, api_data: { ...visQuery.api_data, username: "myuser" } }, "not the secret"),
        'Username/shared secret combination not found: the token\'s signature does not match the shared secret of user "myuser".'
      ],
      [
        await sign({ ...visQuery, api_data: { ...visQuery.api_data, username: "nobody" } }, "x"),
        'Username/shared secret combination not found: there is no user "nobody".'
      ],
      [
        await sign(
          { ...visQuery, api_data: { ...visQuery.api_data, username: "myuser" } },
          users.myuser,
          "HS512"
        ),
        'The token is signed with alg "HS512"; the Swift TOO API takes HS256 only.'
      ],
      ["not-a-token", /^The jwt is not a JSON Web Token/],
      ["a.b.c", "The token's header is not base64url-encoded JSON."],
      [
        await sign({ hello: "world" } as unknown as Payload, users.myuser),
        /^The token's payload is not a Swift TOO API envelope/
      ],
      [await sign({ ...visQuery, api_data: { ra: 1 } }, users.myuser), /^api_data.username is required/]
    ]
    for (const [token, error] of cases) {
      const response = await post(sim, token)
      const text = await response.clone().text()
      expect(text).not.toContain(users.myuser)
      const data = statusOf(await decode(response))
      expect(data).toMatchObject({ status: "Rejected", jobnumber: null, began: null, completed: null })
      expect(data.errors).toHaveLength(1)
      expect(data.errors![0]).toMatch(error)
    }
    expect(sim.too.jobs()).toEqual([])
  })

  it("refuses a request without a jwt, by either method", async () => {
    const sim = await started()
    const replies = [
      await decode(await fetch(endpoint(sim))),
      await decode(await fetch(endpoint(sim), { method: "POST", body: "token=abc" }))
    ]
    for (const reply of replies) {
      expect(statusOf(reply)).toMatchObject({
        status: "Rejected",
        errors: [
          "No jwt: send the signed envelope as the form field jwt= (POST) or the query parameter ?jwt= (GET)."
        ]
      })
    }
  })

  it("knows users added and removed while it runs, and anonymous always", async () => {
    const sim = await started()
    const token = await sign({ ...visQuery, api_data: { ...visQuery.api_data, username: "late" } }, "s3cret")
    expect(statusOf(await send(sim, token)).errors?.[0]).toMatch(/there is no user "late"/)
    sim.too.setUser("late", "s3cret")
    expect(statusOf(await send(sim, token)).status).toBe("Queued")
    sim.too.removeUser("late")
    const another = await sign(
      { ...visQuery, api_data: { ...visQuery.api_data, username: "late", length: 5 } },
      "s3cret"
    )
    expect(statusOf(await send(sim, another)).status).toBe("Rejected")
    expect(() => sim.too.setUser("anonymous", "x")).toThrow(/anonymous/)
    expect(statusOf(await send(sim, await signedBy("anonymous", visQuery))).status).toBe("Queued")
  })

  it("refuses an api_name it does not answer", async () => {
    const sim = await started()
    const reply = await send(sim, await signedBy("anonymous", fixture("unknown-clock")))
    expect(statusOf(reply)).toMatchObject({ status: "Rejected", username: "anonymous" })
    expect(statusOf(reply).errors?.[0]).toMatch(/^Unknown api_name "Swift_Clock": the simulator answers /)
  })
})

describe("Swift_TOO_Request", () => {
  const request = fixture("too-request")

  it("answers an accepted request with a bare status carrying its too_id, as swift_too reads it; validate_only creates no TOO", async () => {
    const sim = await started({ too: { users, firstTooId: 15872 } })
    const submitted = await untilDone(sim, await signedBy("myuser", request, { validate_only: false }))
    // swift_too learns too.status.too_id only from a bare Swift_TOO_Status; a status nested in an echo it ignores.
    expect(submitted.api_name).toBe("Swift_TOO_Status")
    expect(statusOf(submitted)).toMatchObject({ status: "Accepted", too_id: 15872, errors: [] })
    expect(statusOf(submitted)).not.toHaveProperty("result")

    // The echo, with what the server filled in, is the job's result.
    const fetched = await send(
      sim,
      await signedBy("myuser", fixture("status-request"), {
        jobnumber: statusOf(submitted).jobnumber,
        fetchresult: true
      })
    )
    const echo = statusOf(fetched).result as Too.Request
    expect(echo.api_name).toBe("Swift_TOO_Request")
    expect(echo.api_data).toMatchObject({
      source_name: "GRB 210315A",
      too_id: 15872,
      decision: null,
      done: false
    })
    expect(echo.api_data.target_id).toBeGreaterThan(0)

    const validated = await untilDone(sim, await signedBy("myuser", request))
    expect(validated.api_name).toBe("Swift_TOO_Status")
    expect(statusOf(validated)).toMatchObject({
      status: "Accepted",
      too_id: null,
      warnings: ["validate_only was set: the request is valid and no TOO was created."]
    })
    expect(sim.too.jobs().map((job) => job.tooId)).toEqual([15872, null])

    // A status by too_id finds the job.
    const byTooId = await send(
      sim,
      await signedBy("myuser", fixture("status-request"), { jobnumber: null, too_id: 15872 })
    )
    expect(statusOf(byTooId).jobnumber).toBe(sim.too.jobs()[0]?.jobnumber)
  })

  it("accepts xrt_mode by name, as swift_too sends it", async () => {
    const sim = await started({ too: { users } })
    for (const xrt_mode of ["WT", "PC", "Auto", 6]) {
      const done = await untilDone(sim, await signedBy("myuser", request, { xrt_mode, validate_only: true }))
      expect(statusOf(done), String(xrt_mode)).toMatchObject({ status: "Accepted", errors: [] })
    }
    const bad = await untilDone(sim, await signedBy("myuser", request, { xrt_mode: "Bananas" }))
    expect(statusOf(bad).status).toBe("Rejected")
  })

  it("rejects an invalid request, after processing, with a sentence per problem", async () => {
    const sim = await started({ too: { users } })
    const { source_name: _, ...data } = request.api_data
    const token = await sign(
      { ...request, api_data: { ...data, username: "myuser", ra: 400, urgency: 7, obs_type: "Imaging" } },
      users.myuser
    )
    expect(statusOf(await send(sim, token)).status).toBe("Queued")
    const rejected = await untilDone(sim, token)
    expect(Too.isStatus(rejected)).toBe(true)
    const status = statusOf(rejected)
    expect(status.status).toBe("Rejected")
    expect(status.completed).not.toBeNull()
    expect(status.errors).toEqual([
      "source_name is required",
      "ra must be in decimal degrees from 0 to 360, got 400",
      "urgency must be a whole number from 1 to 4, got 7",
      "obs_type must be Spectroscopy, Light Curve, Position or Timing"
    ])
    expect(
      Too.toSnapshot(rejected, { observedAt: sim.clock.now(), request: request as Too.Envelope }).tasks[0]
    ).toMatchObject({
      phase: "failed",
      message: status.errors?.join("; ")
    })
  })

  it("rejects a GRB without its trigger details, a target near the Sun, and anonymous users", async () => {
    const sim = await started({ too: { users } })
    const sun = Sky.sun(sim.clock.now())
    const tokens = await Promise.all([
      signedBy("myuser", request, { grb_detector: null }),
      signedBy("myuser", request, { ra: sun.ra, dec: sun.dec + 10 }),
      signedBy("anonymous", request)
    ])
    const errors = []
    for (const token of tokens) errors.push(statusOf(await untilDone(sim, token)).errors)
    expect(errors[0]).toEqual(["grb_detector: a GRB needs grb_triggertime and grb_detector, got null"])
    expect(errors[1]?.[0]).toMatch(
      /^Source position is within 46 degrees of the Sun \(10\.\d degrees on 2026-03-01\)\.$/
    )
    expect(errors[2]?.[0]).toMatch(/^Anonymous users may not submit a Swift_TOO_Request/)
  })
})

describe("Swift_AFST and Swift_Resolve", () => {
  it("lists as-flown pointings near a position within the window asked", async () => {
    const sim = await started()
    const token = await signedBy("anonymous", fixture("afst-accepted"), {
      begin: "2026-02-20 00:00:00",
      end: "2026-02-23 00:00:00",
      entries: undefined,
      status: undefined,
      ra: 83.633,
      dec: 22.0145
    })
    const reply = await untilDone(sim, token)
    expect(reply.api_name).toBe("Swift_AFST")
    const entries = (reply as Too.AFST).api_data.entries ?? []
    expect(entries.length).toBeGreaterThan(0)
    for (const { api_data: entry } of entries) {
      expect(entry.targname).toBe("Crab")
      expect(entry.begin!.getTime()).toBeLessThan(entry.settle!.getTime())
      expect(entry.settle!.getTime()).toBeLessThan(entry.end!.getTime())
      expect(entry.end!.getTime()).toBeGreaterThan(Date.parse("2026-02-20T00:00:00Z"))
      expect(entry.begin!.getTime()).toBeLessThan(Date.parse("2026-02-23T00:00:00Z"))
      expect(Sky.separation({ ra: entry.ra!, dec: entry.dec! }, { ra: 83.633, dec: 22.0145 })).toBeLessThan(
        0.05
      )
    }
    const begins = entries.map((entry) => entry.api_data.begin!.getTime())
    expect(begins).toEqual([...begins].sort((a, b) => a - b))
  })

  it("lists nothing after the time of the query: the timeline is as flown", async () => {
    const sim = await started()
    const token = await signedBy(
      "anonymous",
      { api_name: "Swift_AFST", api_version: "1.2", api_data: {} },
      {
        begin: "2026-03-01 00:00:00",
        end: "2026-03-03 00:00:00"
      }
    )
    const reply = (await untilDone(sim, token)) as Too.AFST
    const entries = reply.api_data.entries ?? []
    expect(entries.length).toBeGreaterThan(5)
    for (const entry of entries)
      expect(entry.api_data.begin!.getTime()).toBeLessThan(Date.parse("2026-03-01T12:00:00Z"))
    expect(statusOf(reply).warnings).toEqual([
      "The timeline is as flown: nothing after 2026-03-01 12:00:00 is listed."
    ])
  })

  it("resolves well-known names, and rejects one it does not know", async () => {
    const sim = await started()
    const resolve = fixture("resolve-accepted")
    const crab = (await untilDone(
      sim,
      await signedBy("anonymous", resolve, { status: undefined, ra: null, dec: null })
    )) as Too.Resolve
    expect(crab.api_data).toMatchObject({ name: "Crab", ra: 83.63308, dec: 22.0145, resolver: "Simbad" })
    const sgr = (await untilDone(
      sim,
      await signedBy("anonymous", resolve, { name: "sgr a*", status: undefined })
    )) as Too.Resolve
    expect(sgr.api_data).toMatchObject({ name: "sgr a*", ra: 266.41684, dec: -29.00781 })
    const unknown = await untilDone(
      sim,
      await signedBy("anonymous", resolve, { name: "Planet X", status: undefined })
    )
    expect(statusOf(unknown)).toMatchObject({
      status: "Rejected",
      errors: ['Could not resolve the name "Planet X".']
    })
    const hostile = await untilDone(
      sim,
      await signedBy("anonymous", resolve, { name: `Planet ${"X".repeat(10_000)}`, status: undefined })
    )
    const [error] = statusOf(hostile).errors ?? []
    expect(error).toMatch(/^Could not resolve the name "Planet X+…"\.$/)
    expect(error!.length).toBeLessThan(200)
  })
})

describe("controls", () => {
  it("refuses options out of range, saying which", async () => {
    await expect(started({ too: { queued: { min: 5, max: 1 } } })).rejects.toThrow(
      /^queued must be whole seconds/
    )
    await expect(started({ too: { firstJobNumber: 0.5 } })).rejects.toThrow(
      /^firstJobNumber must be a whole number/
    )
    await expect(started({ too: { users: { bob: "" } } })).rejects.toThrow(
      /shared secret of bob must not be empty/
    )
  })

  it("scripts a running job, or the next one, to be Rejected", async () => {
    const sim = await started({ too: { users } })
    const token = await signedBy("myuser", visQuery)
    const { jobnumber } = statusOf(await send(sim, token))
    sim.too.reject(jobnumber!, ["The TOO API is down for maintenance."])
    expect(statusOf(await untilDone(sim, token))).toMatchObject({
      status: "Rejected",
      errors: ["The TOO API is down for maintenance."]
    })
    expect(() => sim.too.reject(jobnumber!, ["too late"])).toThrow(/already finished/)
    expect(() => sim.too.reject(9999, ["x"])).toThrow(/no TOO job 9999/)

    sim.too.rejectNext(["Queue full."])
    const next = await signedBy("myuser", visQuery, { length: 3 })
    expect(statusOf(await untilDone(sim, next))).toMatchObject({
      status: "Rejected",
      errors: ["Queue full."]
    })
    expect(sim.too.jobs().map((job) => job.status)).toEqual(["Rejected", "Rejected"])
  })
})

describe("determinism", () => {
  /** Every reply of a fixed exchange, as text. */
  const transcript = async (seed: number): Promise<Array<string>> => {
    const sim = await started({ too: { users }, seed })
    const tokens = await Promise.all([
      signedBy("myuser", visQuery, { hires: true, length: 1 }),
      signedBy("myuser", fixture("too-request"), { validate_only: false }),
      signedBy("anonymous", fixture("resolve-accepted"), { status: undefined })
    ])
    const texts: Array<string> = []
    for (let step = 0; step < 40; step++) {
      for (const token of tokens) texts.push(await (await post(sim, token)).text())
      sim.advance("1 second")
    }
    return texts
  }

  it("gives the same replies for the same seed, and other timings for another", async () => {
    const [a, b, c] = await Promise.all([transcript(7), transcript(7), transcript(8)])
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
  })
})
