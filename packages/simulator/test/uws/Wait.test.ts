import { describe, expect, it } from "@effect/vitest"
import type * as Duration from "effect/Duration"
import type { Simulator } from "../../src/Simulator.js"
import type * as UwsSim from "../../src/uws/index.js"
import { epoch } from "../support/servers.js"
import { started } from "../support/simulator.js"
import * as Xml from "../support/xml.js"

const plan: UwsSim.Plan = { queue: 10, execution: 50, outcome: { phase: "COMPLETED" } }

const create = async (sim: Simulator, entries: Record<string, string> = {}) => {
  const response = await fetch(`${sim.url}/uws/jobs`, {
    method: "POST",
    body: new URLSearchParams(entries),
    redirect: "manual"
  })
  return response.headers.get("location")!
}

/** Resolves once the simulator holds `count` WAIT requests: only then may the clock move for them. */
const held = async (sim: Simulator, count = 1) => {
  while (sim.uws.held() !== count) await new Promise((resolve) => setTimeout(resolve, 2))
}

/** A turn of the event loop for an answer already sent to arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

/**
 * Sends a WAIT request and, once it is held, checks it is still held after
 * the clock moves by `before`, then moves the clock by `more` and answers
 * the body it gets. (A slow machine can only make "still held" easier to
 * see, never fail the test.)
 */
const heldThrough = async (
  sim: Simulator,
  request: Promise<Response>,
  before: Duration.Input,
  more: Duration.Input
) => {
  let answered = false
  const body = request.then(async (response) => {
    answered = true
    expect(response.status).toBe(200)
    return response.text()
  })
  await held(sim)
  sim.advance(before)
  await settle()
  expect(answered).toBe(false)
  sim.advance(more)
  return body
}

const phaseIn = (body: string) => Xml.one(Xml.parse(body), "phase").text

describe("blocking WAIT (UWS 1.1)", () => {
  it("answers as soon as the phase changes on a stepped clock, one request per change", async () => {
    const sim = await started({ uws: { maxWait: 120 } })
    sim.uws.scriptNext(plan)
    const url = await create(sim, { PHASE: "RUN" })
    const id = url.split("/").at(-1)!
    const executing = await heldThrough(sim, fetch(`${url}?WAIT=120&PHASE=QUEUED`), "9999 millis", "1 millis")
    expect(phaseIn(executing)).toBe("EXECUTING")
    const completed = await heldThrough(
      sim,
      fetch(`${url}?WAIT=120&PHASE=EXECUTING`),
      "49999 millis",
      "1 millis"
    )
    expect(phaseIn(completed)).toBe("COMPLETED")
    expect(sim.requests.job(`uws/${id}`)?.routes["uws.job"]).toBe(2)
  })

  it("holds no longer than WAIT seconds, capped by the server's maxWait", async () => {
    const sim = await started({ uws: { maxWait: 20 } })
    sim.uws.scriptNext({ ...plan, queue: 300 })
    const url = await create(sim, { PHASE: "RUN" })
    expect(phaseIn(await heldThrough(sim, fetch(`${url}?WAIT=5`), "4999 millis", "1 millis"))).toBe("QUEUED")
    expect(phaseIn(await heldThrough(sim, fetch(`${url}?WAIT=-1`), "19999 millis", "1 millis"))).toBe(
      "QUEUED"
    )
    expect(phaseIn(await heldThrough(sim, fetch(`${url}?WAIT=600`), "19999 millis", "1 millis"))).toBe(
      "QUEUED"
    )
  })

  it("answers at once when the job is not in the PHASE given, or in no active phase", async () => {
    const sim = await started()
    sim.uws.scriptNext({ ...plan, hold: 100 })
    sim.uws.scriptNext(plan)
    const held = await create(sim, { PHASE: "RUN" })
    const queued = await create(sim, { PHASE: "RUN" })
    // Both are answered without the clock moving: it is stepped and nobody steps it.
    expect(phaseIn(await (await fetch(`${held}?WAIT=60`)).text())).toBe("HELD")
    expect(phaseIn(await (await fetch(`${queued}?WAIT=60&PHASE=EXECUTING`)).text())).toBe("QUEUED")
    expect(phaseIn(await (await fetch(`${queued}?WAIT=0`)).text())).toBe("QUEUED")
    const refused = await fetch(`${queued}?WAIT=soon`)
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain("WAIT must be a whole number of seconds")
  })

  it("answers a held request when another request aborts the job, or deletes it", async () => {
    const sim = await started()
    sim.uws.scriptNext({ ...plan, queue: 500 })
    const url = await create(sim, { PHASE: "RUN" })
    const waiting = fetch(`${url}?WAIT=60`).then(async (response) => phaseIn(await response.text()))
    await held(sim)
    await fetch(`${url}/phase`, {
      method: "POST",
      body: new URLSearchParams({ PHASE: "ABORT" }),
      redirect: "manual"
    })
    expect(await waiting).toBe("ABORTED")

    const other = await create(sim)
    const gone = fetch(`${other}?WAIT=60`)
    await held(sim)
    await fetch(other, { method: "DELETE", redirect: "manual" })
    expect((await gone).status).toBe(404)
  })

  it("answers on the phase change on a scaled clock too", async () => {
    const sim = await started({ speed: 2_000, uws: { maxWait: 3_600 } })
    sim.uws.scriptNext({ queue: 20, execution: 40, outcome: { phase: "COMPLETED" } })
    const url = await create(sim, { PHASE: "RUN" })
    const id = url.split("/").at(-1)!
    const first = await fetch(`${url}?WAIT=-1&PHASE=QUEUED`)
    expect(phaseIn(await first.text())).toBe("EXECUTING")
    const second = await fetch(`${url}?WAIT=-1&PHASE=EXECUTING`)
    expect(phaseIn(await second.text())).toBe("COMPLETED")
    // Answered at the change, not at the end of the hour the client allowed.
    expect(sim.clock.now().getTime() - epoch.getTime()).toBeLessThan(3_600_000)
    expect(sim.requests.job(`uws/${id}`)?.routes["uws.job"]).toBe(2)
  })

  it("stops holding a request when the client leaves", async () => {
    const sim = await started()
    const url = await create(sim)
    const leaving = new AbortController()
    const request = fetch(`${url}?WAIT=60`, { signal: leaving.signal }).catch((error: unknown) => error)
    await held(sim)
    leaving.abort()
    expect(await request).toBeInstanceOf(Error)
    await held(sim, 0)
    await sim.close()
    const [entry] = sim.requests.log({ route: "uws.job" })
    expect(entry?.path).toBe(new URL(url).pathname)
  })
})
