import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Tom, Too, Ukssdc } from "@jobscope/core"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import { SignJWT } from "jose"
import * as Faults from "../src/faults/index.js"
import * as Simulator from "../src/Simulator.js"
import { epoch } from "./support/servers.js"
import { started } from "./support/simulator.js"

/** Reads a reply as a client would, failing the test when the core cannot decode it. */
const decoded = async <S extends Schema.Decoder<unknown>>(response: Response, schema: S, subject: string) => {
  const text = await response.text()
  return {
    status: response.status,
    text,
    reply: Result.getOrThrow(DecodeError.decodeJson(schema, subject)(text))
  }
}

const user = "YOUR_EMAIL_ADDRESS"

const postJson = (url: string, body: unknown) => fetch(url, { method: "POST", body: JSON.stringify(body) })

const anonymousJwt = (apiName: string, data: Record<string, unknown>) =>
  new SignJWT({
    api_name: apiName,
    api_version: Too.apiVersion,
    api_data: { username: "anonymous", ...data }
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode("anonymous"))

const submitToo = async (url: string, jwt: string) =>
  decoded(
    await fetch(`${url}/toop/submit_json.php`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ jwt })
    }),
    Too.Envelope,
    "TOO reply"
  )

describe("Simulator", () => {
  it("serves all three APIs on one server, and counts what each was asked", async () => {
    const sim = await started({ ukssdc: { failureProbability: 0 } })
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`)

    const submitted = await decoded(
      await postJson(`${sim.url}/user_objects/run_userobject.php`, {
        UserID: user,
        name: "V404 Cyg",
        getCoords: 1,
        getTargs: 1,
        getT0: 1,
        cent: 0,
        lc: 1,
        binMeth: "obsid"
      }),
      Ukssdc.SubmitResponse,
      "UKSSDC submit reply"
    )
    if (submitted.reply.OK !== 1) throw new Error(submitted.reply.ERROR)
    // The job's page is on this server: the API knows where it listens.
    expect(submitted.reply.URL.startsWith(`${sim.url}/user_objects/tprods/`)).toBe(true)
    const jobId = Number(submitted.reply.JobID)
    sim.advance("1 minute")
    const status = await decoded(
      await postJson(`${sim.url}/user_objects/checkProductStatus.php`, {
        UserID: user,
        JobID: jobId,
        what: "lc"
      }),
      Ukssdc.StatusResponse,
      "UKSSDC status reply"
    )
    if (status.reply.OK !== 1) throw new Error(status.reply.ERROR)
    expect(status.reply.products.lc?.statusCode).toBeTypeOf("number")

    const resolve = await submitToo(sim.url, await anonymousJwt("Swift_Resolve", { name: "Crab" }))
    expect(resolve.status).toBe(200)
    const tooStatus = Too.statusOf(resolve.reply)
    expect(tooStatus?.api_data.status).toMatch(/^(Queued|Processing|Accepted)$/)

    sim.tom.addProcess(51, { kind: "pipeline", outcome: "created" })
    const tom = await decoded(
      await fetch(`${sim.url}/api/async/status/51/`),
      Tom.AsyncStatusResponse,
      "TOM status reply"
    )
    expect(tom.reply.processes.map((process) => process.status)).toEqual(["pending"])

    expect(sim.requests.perRoute()).toEqual({
      "ukssdc.submit": 1,
      "ukssdc.status": 1,
      "too.submit": 1,
      "tom.status": 1
    })
    expect(sim.requests.jobs().map((job) => job.job)).toEqual([
      `ukssdc/${jobId}`,
      `too/${tooStatus?.api_data.jobnumber}`,
      "tom/target/51"
    ])
  })

  it("answers /_sim/health with every route, the seed, the speed and the simulated time", async () => {
    const sim = await started({ seed: 42 })
    sim.advance("90 seconds")
    const { reply } = await decoded(await fetch(`${sim.url}/_sim/health`), Simulator.Health, "health")
    expect(reply).toMatchObject({ ok: true, seed: 42, speed: 0, now: "2026-03-01T12:01:30.000Z" })
    const names = reply.routes.map((route) => route.name)
    for (const name of [
      "ukssdc.submit",
      "ukssdc.status",
      "ukssdc.cancel",
      "too.submit",
      "tom.status",
      "tom.logs"
    ])
      expect(names).toContain(name)
    expect(names.filter((name) => name.startsWith("sim."))).toEqual([
      "sim.health",
      "sim.clock",
      "sim.faults",
      "sim.requests"
    ])
    expect(reply.routes.find((route) => route.name === "tom.status")).toEqual({
      name: "tom.status",
      methods: ["GET"],
      pattern: "/api/async/status/:target/"
    })
  })

  it("shares one clock between code, the admin path and every API", async () => {
    const sim = await started()
    sim.tom.addProcess(7, { kind: "timelapse", outcome: "created" })
    sim.advance("2 minutes")
    await postJson(`${sim.url}/_sim/clock`, { advance: "3 minutes" })
    expect(sim.clock.now()).toEqual(new Date(epoch.getTime() + 5 * 60_000))
    const { reply } = await decoded(
      await fetch(`${sim.url}/api/async/status/7/`),
      Tom.AsyncStatusResponse,
      "TOM"
    )
    expect(reply.timestamp).toEqual(sim.clock.now())
    expect(reply.processes[0]?.status).toBe("created")
  })

  it("applies fault rules given at start, as specs or objects, to API routes and never to admin ones", async () => {
    const sim = await started({
      faults: ["*=503", { route: "tom.status", fault: { kind: "rateLimit", retryAfter: 9 } }]
    })
    const created = await postJson(`${sim.url}/_sim/tom/processes`, { target: 3, kind: "timelapse" })
    expect(created.status).toBe(201)
    expect((await fetch(`${sim.url}/api/pipeline/logs/1/`)).status).toBe(503)
    // The first matching rule decides: * comes first.
    expect((await fetch(`${sim.url}/api/async/status/3/`)).status).toBe(503)
    sim.faults.remove(1)
    const limited = await fetch(`${sim.url}/api/async/status/3/`)
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "9"])
    expect((await fetch(`${sim.url}/_sim/health`)).status).toBe(200)
  })

  it("gives the same replies for the same seed, and others for another", async () => {
    const replay = async (seed: number) => {
      const sim = await started({ seed, faults: ["tom.logs=502@0.5"] })
      sim.tom.addProcess(1, { kind: "pipeline" })
      const bodies: Array<string> = []
      for (let minute = 0; minute < 8; minute++) {
        sim.advance("20 seconds")
        const response = await fetch(`${sim.url}/api/pipeline/logs/1/`)
        bodies.push(`${response.status} ${await response.text()}`)
      }
      return bodies
    }
    const first = await replay(5)
    expect(await replay(5)).toEqual(first)
    expect(await replay(6)).not.toEqual(first)
  })

  it("refuses options out of range and faults that cannot be set, before listening", async () => {
    await expect(Simulator.start({ seed: -1 })).rejects.toThrow(
      "seed must be a whole number from 0 to 4294967295, not -1"
    )
    await expect(Simulator.start({ speed: -2 })).rejects.toThrow("speed must be a finite number ≥ 0, not -2")
    await expect(Simulator.start({ faults: ["ukssdc.status=nonsense"] })).rejects.toBeInstanceOf(
      Faults.FaultError
    )
    await expect(Simulator.start({ faults: ["tom.admin.create=503"] })).rejects.toThrow(
      'no route is named "tom.admin.create"'
    )
  })

  it("passes each API its options", async () => {
    const sim = await started({ tom: { firstProcessPk: 100 }, too: { firstJobNumber: 7 } })
    expect(sim.tom.addProcess(2, { kind: "timelapse" }).pk).toBe(100)
    const { reply } = await submitToo(sim.url, await anonymousJwt("Swift_Resolve", { name: "Crab" }))
    expect(Too.statusOf(reply)?.api_data.jobnumber).toBe(7)
  })

  it("runs in real time scaled by speed, from now, unless told", async () => {
    const sim = await Simulator.start({ speed: 1000 })
    try {
      const before = sim.clock.now().getTime()
      await fetch(`${sim.url}/_sim/health`)
      expect(sim.clock.speed).toBe(1000)
      expect(sim.clock.now().getTime()).toBeGreaterThan(before)
      expect(Math.abs(before - Date.now())).toBeLessThan(60_000)
    } finally {
      await sim.close()
    }
  })
})
