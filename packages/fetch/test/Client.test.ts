/**
 * The Promise face, as someone who does not use Effect calls it: real time,
 * against a simulator whose clock runs 200 or 2,000 times faster, with a tiny
 * polling floor (`unsafeFloor`) for TOO and TOM jobs of a few simulated
 * seconds, and UKSSDC jobs that are already over when watched.
 */

import { readFileSync } from "node:fs"
import { assert, describe, expect, it } from "@effect/vitest"
import { Job, Too } from "@jobscope/core"
import {
  createClient,
  type Follow,
  JobRef,
  NotConfigured,
  type Poller,
  type TooClient,
  UkssdcClient
} from "@jobscope/fetch"
import { Ukssdc as SimUkssdc, type Simulator, type StartOptions, start } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { afterEach } from "vitest"
import { counting, eventsOf, lastObserved, phasesOf, tooUser, user } from "./support/simulated.js"

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()))
})

/** A simulator whose clock runs `speed` times faster than real time (no random UKSSDC failures), closed after the test. */
const simulator = async (speed: number, options: StartOptions = {}): Promise<Simulator> => {
  const sim = await start({
    speed,
    seed: 1,
    ...options,
    ukssdc: { failureProbability: 0 },
    too: { users: { [tooUser.username]: tooUser.secret }, ...options.too }
  })
  open.push(sim)
  return sim
}

/** A client of all three APIs of `sim`, counting its requests, closed after the test. */
const clientOf = (sim: Simulator) => {
  const { counts, fetch } = counting(globalThis.fetch)
  const client = createClient({
    ukssdc: { baseUrl: sim.url, userId: user },
    too: { baseUrl: sim.url, ...tooUser },
    tom: { baseUrl: sim.url },
    transport: { retries: 0 },
    fetch
  })
  open.unshift(client)
  return { client, counts }
}

/** Polls TOO and TOM jobs every 20 to 100 ms of real time: for a simulator 200 times faster. */
const quick = { policy: { unsafeFloor: "20 millis", ceiling: "100 millis" } } as const

/** Waits a little real time: long enough for several polls, were any still planned. */
const pause = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis))

/** A TOM pipeline of a minute and a half of simulated time: 450 ms at 200 times. */
const slowPipeline = {
  kind: "pipeline",
  identifier: "astrosource_slow",
  script: {
    steps: [
      { after: 5, status: "running astrosource", logs: ["Copying 3 files"] },
      { after: 40, status: "Reducing frame 1 of 3", logs: ["Reducing frame 1 of 3"] }
    ],
    end: { after: 45, outcome: "created", logs: ["Saving outputs"] }
  }
} as const

describe("createClient", () => {
  it("submits, asks and cancels with Promises", async () => {
    const sim = await simulator(2000)
    const { client } = clientOf(sim)
    const accepted = await client.ukssdc.submit(SimUkssdc.sixProducts)
    expect(accepted.OK).toBe(1)
    expect(await client.ukssdc.numJobs()).toBe(1)
    const snapshot = await client.status(JobRef.fromSubmit(accepted))
    expect(snapshot).toMatchObject({ source: "ukssdc", jobId: String(accepted.JobID), label: "GRB 200101A" })
    expect(snapshot.tasks.map((task) => task.id)).toEqual(["lc", "spec", "enh", "psf", "xastrom", "image"])
    const cancelled = await client.ukssdc.cancel(accepted.JobID)
    expect(Object.keys(cancelled.products)).toHaveLength(7)
    expect(client.ukssdc.archiveUrl(accepted.URL, "lc")).toBe(`${accepted.URL}/lc.tar.gz`)
    const visibility = await client.too.visibility(83.633, 22.0145)
    expect(visibility.api_data.jobnumber).toBe(sim.too.jobs()[0]?.jobnumber)
  })

  it("rejects with the same typed errors as the Effect face", async () => {
    const sim = await simulator(2000)
    const { client } = clientOf(sim)
    const error: unknown = await client.status(JobRef.ukssdc(99)).catch((error: unknown) => error)
    expect(error).toMatchObject({ _tag: "Refused", error: "Job 99 does not exist." })
    await expect(client.tom.status(404)).rejects.toMatchObject({ _tag: "Refused" })
  })

  it("waits for a job already over with one poll", async () => {
    const sim = await simulator(2000)
    const { client, counts } = clientOf(sim)
    const accepted = await client.ukssdc.submit(SimUkssdc.sixProducts)
    sim.advance("1 hour")
    const final = await client.waitFor(JobRef.fromSubmit(accepted))
    expect(Job.outcome(final.snapshot)).toBe("succeeded")
    expect(final.next).toBeUndefined()
    expect(String(final.reply.JobID)).toBe(String(accepted.JobID))
    expect(counts.total).toBe(2)
  })

  it("watches a TOO job through Queued and Processing with for await, to its result", async () => {
    // Queued 10 s and processed 40 s: 50 ms and 200 ms of real time.
    const sim = await simulator(200, {
      too: { queued: { min: 10, max: 10 }, processing: { min: 40, max: 40 } }
    })
    const { client } = clientOf(sim)
    const first = await client.too.visibility(83.633, 22.0145, { length: 2 })
    const updates: Array<Poller.Update<Too.Status>> = []
    for await (const update of client.watch(JobRef.too(first.api_data.jobnumber!), quick))
      updates.push(update)
    expect(updates.length).toBeGreaterThanOrEqual(3)
    const phases = phasesOf(eventsOf(updates)).get("request")
    expect(phases?.at(-1)).toBe("succeeded")
    expect(phases).toEqual(["queued", "running", "succeeded"].filter((phase) => phases?.includes(phase)))
    const result = lastObserved(updates).reply.api_data.result
    assert(Schema.is(Too.VisQuery)(result), `a Swift_VisQuery result, got ${result?.api_name}`)
    expect(result.api_data.windows?.length).toBeGreaterThan(0)
  })

  it("stops polling when the loop breaks", async () => {
    const sim = await simulator(200)
    sim.tom.addProcess(7, slowPipeline)
    const { client, counts } = clientOf(sim)
    let seen = 0
    for await (const update of client.watch(JobRef.tomTarget(7), quick)) {
      expect(update._tag).toBe("Observed")
      if (++seen === 2) break
    }
    const asked = counts.total
    await pause(150)
    expect(asked).toBe(2)
    expect(counts.total).toBe(asked)
    expect(counts.now).toBe(0)
  })

  it("ends a watch and a wait with the signal's reason when it aborts, and asks no more", async () => {
    const sim = await simulator(200)
    const { pk } = sim.tom.addProcess(7, slowPipeline)
    const { client, counts } = clientOf(sim)
    const reason = new Error("the user closed the page")

    const waiting = new AbortController()
    const waited = client.waitFor(JobRef.tomPipeline(pk), { ...quick, signal: waiting.signal })
    setTimeout(() => waiting.abort(reason), 60)
    await expect(waited).rejects.toBe(reason)

    const watching = new AbortController()
    const updates: Array<unknown> = []
    const watched = (async () => {
      for await (const update of client.watch(JobRef.tomPipeline(pk), {
        ...quick,
        signal: watching.signal
      })) {
        updates.push(update)
        if (updates.length === 2) watching.abort(reason)
      }
    })()
    await expect(watched).rejects.toBe(reason)
    expect(updates).toHaveLength(2)

    const asked = counts.total
    await pause(150)
    expect(counts.total).toBe(asked)
    // The pipeline was still running: the watch ended because it was told to.
    expect(sim.tom.processes(7)[0]?.terminal).toBeNull()
  })

  it("rejects a call to an API it has no settings for, saying which are missing", async () => {
    const client = createClient({})
    open.push(client)
    const submitted: unknown = await client.ukssdc
      .submit(SimUkssdc.sixProducts)
      .catch((error: unknown) => error)
    assert(submitted instanceof NotConfigured)
    // A typed failure, told apart by its tag as every other error of the Promise face.
    expect(submitted).toMatchObject({ _tag: "NotConfigured", settings: "ukssdc: { userId }" })
    expect(submitted.message).toBe("createClient was given no ukssdc: { userId }, so submit cannot be called")
    await expect(client.status(JobRef.tomTarget(7))).rejects.toMatchObject({
      _tag: "NotConfigured",
      settings: "tom: { baseUrl }",
      message: "createClient was given no tom: { baseUrl }, so status cannot be called"
    })
    await expect(client.tom.logs(7)).rejects.toMatchObject({ _tag: "NotConfigured" })
    await expect(client.waitFor(JobRef.ukssdc(14))).rejects.toMatchObject({ _tag: "NotConfigured" })
    // What needs no settings still works.
    expect(client.ukssdc.archiveUrl("https://www.swift.ac.uk/user_objects/tprods/1", "spec", "zip")).toBe(
      "https://www.swift.ac.uk/user_objects/tprods/1/spec.zip"
    )
  })

  it("runs Effect programs over its clients, and closes", async () => {
    const sim = await simulator(2000)
    const { client } = clientOf(sim)
    const jobs = await client.run(
      Effect.gen(function* () {
        const ukssdc = yield* UkssdcClient.UkssdcClient
        yield* ukssdc.submit(SimUkssdc.sixProducts)
        yield* ukssdc.submit({ ...SimUkssdc.sixProducts, name: "GRB 200102B" })
        return yield* ukssdc.listOldJobs()
      })
    )
    expect(jobs).toHaveLength(2)
    await client.close()
    await expect(client.ukssdc.numJobs()).rejects.toThrow()
  })

  it("follows many jobs at once with watchAll, each to its end, and ends it with the signal's reason", async () => {
    const sim = await simulator(200)
    const { client } = clientOf(sim)
    const submitted = [
      await client.ukssdc.submit(SimUkssdc.sixProducts),
      await client.ukssdc.submit({ ...SimUkssdc.sixProducts, name: "GRB 200102B" })
    ]
    sim.advance("1 hour")
    sim.tom.addProcess(7, slowPipeline)
    const jobs = [...submitted.map((accepted) => JobRef.fromSubmit(accepted)), JobRef.tomTarget(7)]
    const items: Array<Follow.Many<(typeof jobs)[number]>> = []
    for await (const item of client.watchAll(jobs, quick)) items.push(item)
    for (const job of jobs) {
      const updates = items.flatMap((item) =>
        item._tag === "Update" && item.job === job ? [item.update] : []
      )
      eventsOf(updates)
      expect(Job.outcome(lastObserved(updates).snapshot), job.name).toBe("succeeded")
    }
    expect(items.every((item) => item._tag === "Update")).toBe(true)
    // The finished UKSSDC jobs took one poll each; the pipeline several.
    expect(items.filter((item) => item.job === jobs[0]).length).toBe(1)
    expect(items.filter((item) => item.job === jobs[2]).length).toBeGreaterThan(2)

    const { pk } = sim.tom.addProcess(8, slowPipeline)
    const controller = new AbortController()
    const reason = new Error("enough")
    const seen: Array<unknown> = []
    const watched = (async () => {
      for await (const item of client.watchAll([JobRef.tomPipeline(pk), JobRef.tomTarget(8)], {
        ...quick,
        signal: controller.signal
      })) {
        seen.push(item)
        if (seen.length === 3) controller.abort(reason)
      }
    })()
    await expect(watched).rejects.toBe(reason)
    expect(seen).toHaveLength(3)
  })

  it("keeps a call's own optional arguments before its call options", async () => {
    const sim = await simulator(2000)
    const { client } = clientOf(sim)
    const { signal } = new AbortController()
    const accepted = await client.ukssdc.submit(SimUkssdc.sixProducts, { signal })
    const status = await client.ukssdc.status(accepted.JobID, { products: ["lc"] }, { signal })
    expect(Object.keys(status.products)).toEqual(["lc"])
    const cancelled = await client.ukssdc.cancel(accepted.JobID, ["spec"], { signal })
    expect(Object.keys(cancelled.products)).toEqual(["spec"])
    expect(client.ukssdc.archiveUrl(accepted.URL, "lc", "zip")).toBe(`${accepted.URL}/lc.zip`)
  })
})

describe("createClient, aborted", () => {
  /** A `fetch` that never answers until its request is aborted; `reached` runs as each request leaves. */
  const hanging =
    (reached: () => void): typeof globalThis.fetch =>
    (_input, init) =>
      new Promise<Response>((_, reject) => {
        const signal = init?.signal
        if (signal?.aborted) return reject(signal.reason)
        signal?.addEventListener("abort", () => reject(signal.reason))
        reached()
      })
  /** A TOO request the client would send. */
  const tooRequest = (): TooClient.RequestData => {
    const {
      username: _username,
      validate_only: _validateOnly,
      ...data
    } = Schema.decodeUnknownSync(Too.Request)(
      JSON.parse(
        readFileSync(new URL("../../core/test/fixtures/too/too-request.json", import.meta.url), "utf8")
      )
    ).api_data
    return data
  }
  const jobUrl = "http://127.0.0.1:9/user_objects/tprods/USERPROD_14"
  /** Every API call of the Promise face, as a user makes it, with call options last. */
  const calls: ReadonlyArray<
    readonly [
      string,
      (client: ReturnType<typeof createClient>, options: { signal: AbortSignal }) => Promise<unknown>
    ]
  > = [
    ["ukssdc.submit", (client, options) => client.ukssdc.submit(SimUkssdc.sixProducts, options)],
    ["ukssdc.status", (client, options) => client.ukssdc.status(14, { products: ["lc"] }, options)],
    ["ukssdc.cancel", (client, options) => client.ukssdc.cancel(14, ["lc"], options)],
    ["ukssdc.numJobs", (client, options) => client.ukssdc.numJobs(options)],
    ["ukssdc.listOldJobs", (client, options) => client.ukssdc.listOldJobs(options)],
    ["ukssdc.copyOldJob", (client, options) => client.ukssdc.copyOldJob(3, options)],
    ["ukssdc.position", (client, options) => client.ukssdc.position(14, "psf", options)],
    ["ukssdc.download", (client, options) => client.ukssdc.download(jobUrl, "lc", "zip", options)],
    ["too.send", (client, options) => client.too.send("Swift_Resolve", { name: "Crab" }, options)],
    ["too.request", (client, options) => client.too.request(tooRequest(), {}, options)],
    ["too.visibility", (client, options) => client.too.visibility(83.633, 22.0145, { length: 2 }, options)],
    ["too.resolve", (client, options) => client.too.resolve("Crab", options)],
    ["too.status", (client, options) => client.too.status(1001, options)],
    ["tom.status", (client, options) => client.tom.status(7, options)],
    ["tom.logs", (client, options) => client.tom.logs(7, options)],
    ["status", (client, options) => client.status(JobRef.too(1001), options)],
    ["run", (client, options) => client.run(Effect.never, options)]
  ]

  it("rejects every call with the signal's reason when it aborts in flight, or had aborted before", async () => {
    let requests = 0
    let abortNow = () => {}
    const client = createClient({
      ukssdc: { baseUrl: "http://127.0.0.1:9", userId: user },
      too: { baseUrl: "http://127.0.0.1:9", ...tooUser },
      tom: { baseUrl: "http://127.0.0.1:9" },
      transport: { retries: 0 },
      fetch: hanging(() => {
        requests++
        abortNow()
      })
    })
    open.push(client)
    for (const [name, call] of calls) {
      const controller = new AbortController()
      const reason = new Error(`stop ${name}`)
      const before = requests
      abortNow = () => controller.abort(reason)
      if (name === "run") setTimeout(() => controller.abort(reason), 10)
      await expect(call(client, { signal: controller.signal }), name).rejects.toBe(reason)
      // It was in flight: its request had left (but for `run`, which sends none).
      expect(requests - before, name).toBe(name === "run" ? 0 : 1)

      abortNow = () => {}
      const early = new AbortController()
      early.abort(reason)
      await expect(call(client, { signal: early.signal }), `${name}, aborted before`).rejects.toBe(reason)
    }
  })
})
