import { describe, expect, it } from "@effect/vitest"
import type { Simulator } from "../../src/Simulator.js"
import type * as UwsSim from "../../src/uws/index.js"
import { epoch } from "../support/servers.js"
import { started } from "../support/simulator.js"
import * as Xml from "../support/xml.js"

const uwsNamespace = "http://www.ivoa.net/xml/UWS/v1.0"
const xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"

const completes: UwsSim.Plan = { queue: 10, execution: 60, outcome: { phase: "COMPLETED" } }

/** Starts a simulator whose jobs are never held, suspended or failed unless a test scripts it. */
const simulator = () => started({ uws: { holdProbability: 0, suspendProbability: 0, failureProbability: 0 } })

const form = (entries: Record<string, string>) => new URLSearchParams(entries)

/** Creates a job and answers its URL, checking the 303 the standard asks for. */
const create = async (sim: Simulator, entries: Record<string, string> = {}, base = "/uws/jobs") => {
  const response = await fetch(`${sim.url}${base}`, {
    method: "POST",
    body: form(entries),
    redirect: "manual"
  })
  expect(response.status).toBe(303)
  const location = response.headers.get("location")
  expect(location).toMatch(new RegExp(`^${sim.url}${base}/[a-z0-9]{10}$`))
  return location!
}

const post = (url: string, entries: Record<string, string>) =>
  fetch(url, { method: "POST", body: form(entries), redirect: "manual" })

const read = async (url: string) => {
  const response = await fetch(url)
  const text = await response.text()
  expect(response.status, text).toBe(200)
  return Xml.parse(text)
}

const field = (job: Xml.Element, name: string) => Xml.one(job, name)
const isNil = (element: Xml.Element) => element.attributes["xsi:nil"] === "true"
const phaseOf = async (url: string) => field(await read(url), "phase").text

describe("the UWS 1.1 service", () => {
  it("walks a job from PENDING through QUEUED and EXECUTING to COMPLETED with its results", async () => {
    const sim = await simulator()
    sim.uws.scriptNext(completes)
    const url = await create(sim, { target: "GRB 221009A", band: "0.3-10", RUNID: "night-1" })

    const pending = await read(url)
    expect(pending.uri).toBe(uwsNamespace)
    expect(pending.prefix).toBe("uws")
    expect(pending.name).toBe("job")
    expect(pending.attributes.version).toBe("1.1")
    expect(pending.attributes["xmlns:xlink"]).toBe("http://www.w3.org/1999/xlink")
    expect(pending.attributes["xmlns:xsi"]).toBe(xsiNamespace)
    expect(pending.children.map((child) => child.name)).toEqual([
      "jobId",
      "runId",
      "ownerId",
      "phase",
      "quote",
      "creationTime",
      "startTime",
      "endTime",
      "executionDuration",
      "destruction",
      "parameters",
      "results"
    ])
    expect(field(pending, "jobId").text).toBe(url.split("/").at(-1))
    expect(field(pending, "runId").text).toBe("night-1")
    expect(field(pending, "phase").text).toBe("PENDING")
    expect(isNil(field(pending, "ownerId"))).toBe(true)
    expect(isNil(field(pending, "quote"))).toBe(true)
    expect(isNil(field(pending, "startTime"))).toBe(true)
    expect(isNil(field(pending, "endTime"))).toBe(true)
    expect(field(pending, "creationTime").text).toBe(epoch.toISOString())
    expect(field(pending, "executionDuration").text).toBe("600")
    expect(field(pending, "destruction").text).toBe(new Date(epoch.getTime() + 7 * 86_400_000).toISOString())
    expect(Xml.all(field(pending, "parameters"), "parameter").map((p) => [p.attributes.id, p.text])).toEqual([
      ["target", "GRB 221009A"],
      ["band", "0.3-10"]
    ])

    const run = await post(`${url}/phase`, { PHASE: "RUN" })
    expect(run.status).toBe(303)
    expect(run.headers.get("location")).toBe(url)
    const queued = await read(url)
    expect(field(queued, "phase").text).toBe("QUEUED")
    expect(field(queued, "quote").text).toBe(new Date(epoch.getTime() + 70_000).toISOString())

    sim.advance("10 seconds")
    const executing = await read(url)
    expect(field(executing, "phase").text).toBe("EXECUTING")
    expect(field(executing, "startTime").text).toBe(new Date(epoch.getTime() + 10_000).toISOString())
    expect(Xml.all(field(executing, "results"), "result")).toEqual([])

    sim.advance("60 seconds")
    const completed = await read(url)
    expect(field(completed, "phase").text).toBe("COMPLETED")
    expect(field(completed, "endTime").text).toBe(new Date(epoch.getTime() + 70_000).toISOString())
    const results = Xml.all(field(completed, "results"), "result")
    expect(results.map((result) => result.attributes.id)).toEqual(["result", "log"])
    const [result] = results
    expect(result!.attributes["xlink:href"]).toBe(`${url}/results/result`)
    expect(result!.attributes["mime-type"]).toBe("text/csv")
    const file = await fetch(result!.attributes["xlink:href"]!)
    const body = await file.text()
    expect(file.headers.get("content-type")).toBe("text/csv")
    expect(Number(result!.attributes.size)).toBe(Buffer.byteLength(body))
    expect(body.split("\n")[0]).toBe("time_s,rate_cts_s,rate_error")
  })

  it("serves each part of a job as plain text, and its parameters and results as XML", async () => {
    const sim = await simulator()
    sim.uws.scriptNext(completes)
    const url = await create(sim, { PHASE: "RUN", target: "M31" })
    const text = async (part: string) => (await fetch(`${url}/${part}`)).text()
    expect(await text("phase")).toBe("QUEUED\n")
    expect(await text("executionduration")).toBe("600\n")
    expect(await text("owner")).toBe("")
    expect(await text("quote")).toBe(`${new Date(epoch.getTime() + 70_000).toISOString()}\n`)
    const parameters = Xml.parse(await text("parameters"))
    expect(parameters.name).toBe("parameters")
    expect(Xml.all(parameters, "parameter").map((p) => p.attributes.id)).toEqual(["target"])
    sim.advance("70 seconds")
    const results = Xml.parse(await text("results"))
    expect(Xml.all(results, "result").map((r) => r.attributes.id)).toEqual(["result", "log"])
  })

  it("names the HTTP Basic user as the owner, never the password", async () => {
    const sim = await simulator()
    const response = await fetch(`${sim.url}/uws/jobs`, {
      method: "POST",
      body: form({ target: "M31" }),
      redirect: "manual",
      headers: { authorization: `Basic ${Buffer.from("alice:s3cret-pass").toString("base64")}` }
    })
    const url = response.headers.get("location")!
    const document = await (await fetch(url)).text()
    expect(Xml.one(Xml.parse(document), "ownerId").text).toBe("alice")
    expect(document).not.toContain("s3cret")
    expect(await (await fetch(`${url}/owner`)).text()).toBe("alice\n")
  })

  it("aborts a job, and leaves a finished one as it is", async () => {
    const sim = await simulator()
    sim.uws.scriptNext(completes)
    const url = await create(sim, { PHASE: "RUN" })
    sim.advance("15 seconds")
    expect((await post(url, { PHASE: "ABORT" })).status).toBe(303)
    const aborted = await read(url)
    expect(field(aborted, "phase").text).toBe("ABORTED")
    expect(field(aborted, "endTime").text).toBe(new Date(epoch.getTime() + 15_000).toISOString())
    sim.advance("10 minutes")
    expect(await phaseOf(url)).toBe("ABORTED")
    expect((await post(`${url}/phase`, { PHASE: "RUN" })).status).toBe(303)
    expect(await phaseOf(url)).toBe("ABORTED")
  })

  it("refuses a phase other than RUN or ABORT, and a malformed duration or destruction, with a sentence", async () => {
    const sim = await simulator()
    const url = await create(sim)
    for (const [entries, words] of [
      [{ PHASE: "SUSPENDED" }, "PHASE must be RUN or ABORT"],
      [{ EXECUTIONDURATION: "ten" }, "EXECUTIONDURATION must be a whole number"],
      [{ DESTRUCTION: "next week" }, "DESTRUCTION must be an ISO 8601 date-time"],
      [{ ACTION: "PURGE" }, "ACTION must be DELETE"]
    ] as const) {
      const response = await post(url, entries)
      expect(response.status).toBe(400)
      expect(await response.text()).toContain(words)
    }
    expect(await phaseOf(url)).toBe("PENDING")
  })

  it("stops a job that runs past its execution duration, in ERROR with a detail document", async () => {
    const sim = await simulator()
    sim.uws.scriptNext(completes)
    const url = await create(sim)
    expect((await post(`${url}/executionduration`, { EXECUTIONDURATION: "30" })).status).toBe(303)
    expect(await (await fetch(`${url}/executionduration`)).text()).toBe("30\n")
    await post(`${url}/phase`, { PHASE: "RUN" })
    sim.advance("39 seconds")
    expect(await phaseOf(url)).toBe("EXECUTING")
    const refused = await post(url, { EXECUTIONDURATION: "0" })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain("only change before the job executes")
    sim.advance("1 second")
    const stopped = await read(url)
    expect(field(stopped, "phase").text).toBe("ERROR")
    const summary = field(stopped, "errorSummary")
    expect(summary.attributes).toMatchObject({ type: "fatal", hasDetail: "true" })
    expect(Xml.one(summary, "message").text).toContain("execution duration of 30 s")
    const detail = await fetch(`${url}/error`)
    expect(detail.status).toBe(200)
    expect(await detail.text()).toContain("execution duration of 30 s")
  })

  it("reports a planned failure with its type and the detail at /error", async () => {
    const sim = await simulator()
    sim.uws.scriptNext({
      queue: 1,
      execution: 5,
      outcome: {
        phase: "ERROR",
        type: "transient",
        message: "Archive storage is down",
        detail: "node 7 lost its mount"
      }
    })
    const url = await create(sim, { PHASE: "RUN" })
    expect((await fetch(`${url}/error`)).status).toBe(404)
    sim.advance("6 seconds")
    const failed = await read(url)
    expect(field(failed, "phase").text).toBe("ERROR")
    expect(field(failed, "errorSummary").attributes).toMatchObject({ type: "transient", hasDetail: "true" })
    expect(Xml.one(field(failed, "errorSummary"), "message").text).toBe("Archive storage is down")
    expect(await (await fetch(`${url}/error`)).text()).toBe("node 7 lost its mount\n")
    expect(Xml.all(field(failed, "results"), "result")).toEqual([])
  })

  it("holds a job after RUN until the server queues it, or a second RUN releases it", async () => {
    const sim = await simulator()
    sim.uws.scriptNext({ ...completes, hold: 30 })
    sim.uws.scriptNext({ ...completes, hold: 30 })
    const waited = await create(sim, { PHASE: "RUN" })
    const released = await create(sim, { PHASE: "RUN" })
    expect(await phaseOf(waited)).toBe("HELD")
    expect(isNil(field(await read(waited), "quote"))).toBe(true)
    sim.advance("5 seconds")
    await post(`${released}/phase`, { PHASE: "RUN" })
    expect(await phaseOf(released)).toBe("QUEUED")
    expect(await phaseOf(waited)).toBe("HELD")
    sim.advance("25 seconds")
    expect(await phaseOf(waited)).toBe("QUEUED")
    expect(sim.uws.job(waited.split("/").at(-1)!)?.transitions.map((t) => t.phase)).toEqual([
      "PENDING",
      "HELD",
      "QUEUED",
      "EXECUTING",
      "COMPLETED"
    ])
  })

  it("suspends a job during execution and resumes it, its end moved by the pause", async () => {
    const sim = await simulator()
    sim.uws.scriptNext({ ...completes, suspension: { after: 20, for: 40 } })
    const url = await create(sim, { PHASE: "RUN" })
    sim.advance("30 seconds")
    expect(await phaseOf(url)).toBe("SUSPENDED")
    sim.advance("40 seconds")
    expect(await phaseOf(url)).toBe("EXECUTING")
    sim.advance("39 seconds")
    expect(await phaseOf(url)).toBe("EXECUTING")
    sim.advance("1 second")
    expect(await phaseOf(url)).toBe("COMPLETED")
  })

  it("destroys a job at its destruction time, after which it is a 404", async () => {
    const sim = await simulator()
    const url = await create(sim)
    const at = new Date(epoch.getTime() + 3_600_000).toISOString()
    expect((await post(`${url}/destruction`, { DESTRUCTION: at })).status).toBe(303)
    expect(await (await fetch(`${url}/destruction`)).text()).toBe(`${at}\n`)
    sim.advance("59 minutes")
    expect((await fetch(url)).status).toBe(200)
    sim.advance("1 minute")
    const gone = await fetch(url)
    expect(gone.status).toBe(404)
    expect(await gone.text()).toContain("destroyed")
    expect((await fetch(`${url}/phase`)).status).toBe(404)
    expect(Xml.all(await read(`${sim.url}/uws/jobs`), "jobref")).toEqual([])
  })

  it("deletes a job by DELETE and by POST ACTION=DELETE, each answered 303 to the job list", async () => {
    const sim = await simulator()
    for (const remove of [
      (url: string) => fetch(url, { method: "DELETE", redirect: "manual" }),
      (url: string) => post(url, { ACTION: "DELETE" })
    ]) {
      const url = await create(sim)
      const response = await remove(url)
      expect(response.status).toBe(303)
      expect(response.headers.get("location")).toBe(`${sim.url}/uws/jobs`)
      expect((await fetch(url)).status).toBe(404)
    }
  })
})

describe("the UWS 1.1 job list", () => {
  it("lists jobs with their phase, runId, owner and creation time, filtered by PHASE, AFTER and LAST", async () => {
    const sim = await simulator()
    const ids: Array<string> = []
    for (let index = 0; index < 4; index++) {
      sim.uws.scriptNext(completes)
      const url = await create(sim, { RUNID: `run-${index}`, ...(index % 2 === 0 ? { PHASE: "RUN" } : {}) })
      ids.push(url.split("/").at(-1)!)
      sim.advance("1 second")
    }
    const list = await read(`${sim.url}/uws/jobs`)
    expect(list.name).toBe("jobs")
    expect(list.attributes.version).toBe("1.1")
    const refs = Xml.all(list, "jobref")
    expect(refs.map((ref) => ref.attributes.id)).toEqual(ids)
    expect(refs[0]!.attributes["xlink:href"]).toBe(`${sim.url}/uws/jobs/${ids[0]}`)
    expect(refs[0]!.children.map((child) => [child.name, child.text])).toEqual([
      ["phase", "QUEUED"],
      ["runId", "run-0"],
      ["ownerId", ""],
      ["creationTime", epoch.toISOString()]
    ])

    const idsOf = async (query: string) =>
      Xml.all(await read(`${sim.url}/uws/jobs?${query}`), "jobref").map((ref) => ref.attributes.id)
    expect(await idsOf("PHASE=PENDING")).toEqual([ids[1], ids[3]])
    expect(await idsOf("PHASE=PENDING&PHASE=QUEUED")).toEqual(ids)
    expect(await idsOf(`AFTER=${new Date(epoch.getTime() + 1500).toISOString()}`)).toEqual([ids[2], ids[3]])
    expect(await idsOf("LAST=2")).toEqual([ids[3], ids[2]])
    expect(await idsOf("LAST=3&PHASE=QUEUED")).toEqual([ids[2], ids[0]])
    const refused = await fetch(`${sim.url}/uws/jobs?PHASE=RUNNING`)
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain("PHASE must be a UWS phase")
  })
})

describe("the UWS 1.0 service", () => {
  it("writes 1.0 documents: no version, no creationTime, no result sizes, no filters, no WAIT", async () => {
    const sim = await simulator()
    sim.uws.scriptNext(completes)
    sim.uws.scriptNext(completes)
    const url = await create(sim, { PHASE: "RUN", RUNID: "old" }, "/uws10/jobs")
    await create(sim, {}, "/uws10/jobs")
    const job = await read(`${url}?WAIT=30`)
    expect(job.uri).toBe(uwsNamespace)
    expect(job.attributes.version).toBeUndefined()
    expect(job.children.map((child) => child.name)).not.toContain("creationTime")
    expect(field(job, "phase").text).toBe("QUEUED")
    sim.advance("70 seconds")
    const result = Xml.all(field(await read(url), "results"), "result")[0]!
    expect(result.attributes["xlink:href"]).toBe(`${url}/results/result`)
    expect(result.attributes.size).toBeUndefined()
    expect(result.attributes["mime-type"]).toBeUndefined()
    const list = await read(`${sim.url}/uws10/jobs?PHASE=COMPLETED`)
    expect(list.attributes.version).toBeUndefined()
    expect(Xml.all(list, "jobref").map((ref) => Xml.one(ref, "phase").text)).toEqual(["COMPLETED", "PENDING"])
    expect(Xml.all(list, "jobref")[0]!.children.map((child) => child.name)).toEqual(["phase"])
  })
})
