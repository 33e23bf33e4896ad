/**
 * A fourth API, mapped the way another observatory's tool would map it: only
 * from the public exports of `@jobscope/core` and `@jobscope/fetch`. It is a
 * small UWS-like job API (the IVOA async-job protocol behind TAP archives, in
 * JSON here): phases PENDING → QUEUED → EXECUTING → SUSPENDED → EXECUTING →
 * COMPLETED → ARCHIVED, results with links, and a `quote` (the server's
 * expected end). A local `node:http` server plays each job from a script, one
 * step per request, so what a watch sees depends on how many polls it made,
 * never on how fast a loaded machine runs them. The jobs are followed through
 * `Follow.watch`, `watchAll`, `waitFor` and the Promise face, in real time,
 * over a Source whose polite floor is 50 ms.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { assert, describe, it } from "@effect/vitest"
import { Job, Lifecycle, type Phase, Source } from "@jobscope/core"
import { createClient, Follow, Followable, type Poller, Transport } from "@jobscope/fetch"
import * as Effect from "effect/Effect"
import { HttpClientRequest } from "effect/http"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

// ---------------------------------------------------------------------------
// The mapping: all a third party writes to follow its API.
// ---------------------------------------------------------------------------

/** A UWS job's phases. */
const UwsPhase = Schema.Literals([
  "PENDING",
  "QUEUED",
  "EXECUTING",
  "HELD",
  "SUSPENDED",
  "COMPLETED",
  "ERROR",
  "ABORTED",
  "ARCHIVED",
  "UNKNOWN"
])

/** A UWS job document. */
const UwsJob = Schema.Struct({
  jobId: Schema.String,
  phase: UwsPhase,
  /** When the server expects the job to end, as an ISO instant. */
  quote: Schema.optionalKey(Schema.String),
  results: Schema.Array(
    Schema.Struct({ id: Schema.String, href: Schema.String, mimeType: Schema.optionalKey(Schema.String) })
  )
})
type UwsJob = typeof UwsJob.Type

/** UWS phases as the core's: ARCHIVED (done, results deleted) is the end the job succeeded in. */
const phaseOf: Record<UwsJob["phase"], Phase.Phase> = {
  PENDING: "pending",
  QUEUED: "queued",
  EXECUTING: "running",
  HELD: "waiting",
  SUSPENDED: "waiting",
  COMPLETED: "succeeded",
  ERROR: "failed",
  ABORTED: "cancelled",
  ARCHIVED: "succeeded",
  UNKNOWN: "unknown"
}

/** The UWS Source: a lifecycle with moves the built-in three lack, and a polite floor of 50 ms. */
const uws = Source.make({
  id: "uws",
  name: "UWS",
  lifecycle: Lifecycle.make("UWS job", [
    ["pending", "queued"],
    ["queued", "running"],
    ["queued", "waiting"],
    ["running", "waiting"],
    ["waiting", "running"],
    ["running", "succeeded"],
    ["succeeded", "succeeded"],
    ...Lifecycle.fromAnyUnfinished(["failed", "cancelled"])
  ]),
  // The policy starts from 60 ms; 50 ms is what the API asks for, which no poll may go under.
  polling: { politeFloor: 50, floor: 60, ceiling: 120 },
  jobNoun: "UWS job"
})

/** A job document as a snapshot: one task, its results as outputs, its quote as the expected end. */
const toSnapshot = (job: UwsJob, options: Job.SnapshotOptions & { readonly url: string }): Job.Snapshot => ({
  source: uws.id,
  jobId: job.jobId,
  url: options.url,
  tasks: [
    {
      id: "job",
      label: "UWS job",
      phase: phaseOf[job.phase],
      code: job.phase,
      text: job.phase.toLowerCase(),
      ...(job.results.length === 0
        ? {}
        : {
            outputs: job.results.map((result) => ({
              id: result.id,
              label: result.id,
              url: result.href,
              ...(result.mimeType === undefined ? {} : { mediaType: result.mimeType })
            }))
          }),
      ...(job.quote === undefined ? {} : { expectedEnd: new Date(job.quote) })
    }
  ],
  observedAt: options.observedAt
})

/** A UWS job to follow: its document, read through the public `Transport`. */
const uwsJob = (base: string, jobId: string) => {
  const url = `${base}/jobs/${jobId}`
  return Followable.make({
    source: uws,
    jobId,
    request: Effect.flatMap(Transport.Transport, (transport) =>
      transport.json({ endpoint: "UWS job", job: jobId, request: HttpClientRequest.get(url) }, UwsJob)
    ),
    toSnapshot: (reply: UwsJob, observedAt) => toSnapshot(reply, { observedAt, url })
  })
}

// ---------------------------------------------------------------------------
// The server, and what the tests expect of it.
// ---------------------------------------------------------------------------

/** One step of a scripted job: its phase, the ids of the results it lists, whether it gives its quote. */
interface Step {
  readonly phase: UwsJob["phase"]
  readonly results?: ReadonlyArray<string>
  readonly quote?: true
}

/** The life of a job that is suspended once and archived after it completes. */
const suspendedOnce: ReadonlyArray<Step> = [
  { phase: "PENDING" },
  { phase: "QUEUED" },
  { phase: "EXECUTING", quote: true },
  { phase: "EXECUTING", quote: true, results: ["table"] },
  { phase: "SUSPENDED", quote: true, results: ["table"] },
  { phase: "EXECUTING", quote: true, results: ["table", "plot"] },
  { phase: "COMPLETED", results: ["table", "plot", "log"] },
  { phase: "ARCHIVED" }
]

/** What a watch of {@link suspendedOnce} reports, poll after poll: each move and each result once. */
const suspendedOnceEvents = [
  "added pending",
  "pending → queued (QUEUED)",
  "queued → running (EXECUTING)",
  "output table",
  "running → waiting (SUSPENDED)",
  "waiting → running (EXECUTING)",
  "output plot",
  "running → succeeded (COMPLETED)",
  "output log"
]

/** A job that comes back to life after it completed, which no UWS server should do. */
const revived: ReadonlyArray<Step> = [
  { phase: "QUEUED" },
  { phase: "EXECUTING" },
  { phase: "COMPLETED", results: ["table"] },
  { phase: "EXECUTING", results: ["table"] },
  { phase: "COMPLETED", results: ["table"] }
]

/** A job that never ends. */
const endless: ReadonlyArray<Step> = [{ phase: "QUEUED" }, { phase: "EXECUTING", quote: true }]

/** An event for people, to compare a watch's events with what it should report. */
const told = (event: Job.Event): string => {
  switch (event._tag) {
    case "TaskAdded":
      return `added ${event.phase}`
    case "PhaseChanged":
      return `${event.from} → ${event.to} (${event.code})`
    case "OutputAdded":
      return `output ${event.output.id}`
    case "Anomaly":
      return `anomaly ${event.from} → ${event.to}`
    default:
      return event._tag
  }
}

/** The events of the answered updates, in order, as {@link told}. */
const eventsOf = (updates: Iterable<Poller.Update<unknown>>): ReadonlyArray<string> =>
  [...updates].flatMap((update) => (update._tag === "Observed" ? update.events.map(told) : []))

/**
 * Serves scripted UWS jobs on 127.0.0.1: each GET of a job answers its next
 * step (the last one again once the script is played), and is logged with
 * its arrival time.
 */
const startUwsServer = async () => {
  const jobs = new Map<string, { steps: ReadonlyArray<Step>; arrivals: Array<number>; quote: string }>()
  const http = createServer((request, response) => {
    const jobId = /^\/jobs\/([\w-]+)$/.exec(request.url ?? "")?.[1] ?? ""
    const job = jobs.get(jobId)
    if (request.method !== "GET" || job === undefined) return void response.writeHead(404).end()
    const step = job.steps[Math.min(job.arrivals.length, job.steps.length - 1)]!
    job.arrivals.push(performance.now())
    const document: UwsJob = {
      jobId,
      phase: step.phase,
      ...(step.quote === true ? { quote: job.quote } : {}),
      results: (step.results ?? []).map((id) => ({
        id,
        href: `results/${id}`,
        mimeType: "application/x-votable+xml"
      }))
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document))
  })
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve))
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  return {
    base,
    /** Scripts a job and answers it, to follow. */
    job: (jobId: string, steps: ReadonlyArray<Step>) => {
      // A quote some seconds ahead: the policy polls at a fraction of the time left, up to the ceiling.
      jobs.set(jobId, { steps, arrivals: [], quote: new Date(Date.now() + 5_000).toISOString() })
      return uwsJob(base, jobId)
    },
    /** How many requests reached a job. */
    requests: (jobId: string) => jobs.get(jobId)?.arrivals.length ?? 0,
    /** The gaps between the requests that reached a job, in milliseconds. */
    gaps: (jobId: string) => {
      const arrivals = jobs.get(jobId)?.arrivals ?? []
      return arrivals.slice(1).map((at, index) => at - arrivals[index]!)
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections()
        http.close(() => resolve())
      })
  }
}

/** The {@link startUwsServer server}, closed when the scope ends. */
const uwsServer = Effect.acquireRelease(Effect.promise(startUwsServer), (server) =>
  Effect.promise(server.close)
)

/** The transport the Effect face's jobs ask through: no retries, so every request is a poll. */
const transport = Transport.layerFetch({ retries: 0 })

/** Checks that no two requests reached a job under the Source's polite floor apart. */
const assertPolite = (gaps: ReadonlyArray<number>) => {
  assert.isNotEmpty(gaps)
  for (const gap of gaps)
    assert.isAtLeast(gap, uws.polling.politeFloor, `requests ${gaps.map(Math.round).join(", ")} ms apart`)
}

describe("A fourth API, mapped from public exports only", () => {
  it.live(
    "Follow.watch: legal moves without an Anomaly, each result once, the quote as the ETA, never under the floor, to the end",
    () =>
      Effect.gen(function* () {
        const server = yield* uwsServer
        const job = server.job("a", suspendedOnce)
        assert.strictEqual(job.key, "uws:a")
        assert.strictEqual(job.name, "UWS job a")
        const updates = yield* Stream.runCollect(Follow.watch(job)).pipe(Effect.provide(transport))

        // One update per poll, the last at COMPLETED, which ends the watch.
        assert.strictEqual(updates.length, 7)
        assert.strictEqual(server.requests("a"), 7)
        const last = updates.at(-1)!
        assert(last._tag === "Observed")
        assert.isUndefined(last.next)
        assert.strictEqual(Job.outcome(last.snapshot), "succeeded")
        assert.isTrue(updates.slice(0, -1).every((update) => update.next !== undefined))
        // Each move once, SUSPENDED and back included, with no Anomaly; each result once.
        assert.deepStrictEqual(eventsOf(updates), suspendedOnceEvents)
        // The built-in lifecycles have no way back from running to waiting: it is this Source that makes it legal.
        const snapshots = updates.flatMap((update) => (update._tag === "Observed" ? [update.snapshot] : []))
        const suspended = snapshots.findIndex((snapshot) => snapshot.tasks[0]?.code === "SUSPENDED")
        const generic = Job.diff(snapshots[suspended - 1]!, snapshots[suspended]!, Source.unknown("uws"))
        assert.deepStrictEqual(generic.map(told), ["anomaly running → waiting"])
        // The results as the snapshot's outputs, with their links.
        assert.deepStrictEqual(
          last.snapshot.tasks[0]?.outputs?.map((output) => output.url),
          ["results/table", "results/plot", "results/log"]
        )
        // From the first poll with a quote, the policy polls toward the server's expected end.
        const quoted = updates.find(
          (update) => update._tag === "Observed" && update.snapshot.tasks[0]?.expectedEnd !== undefined
        )
        assert.strictEqual(quoted?.next?.reason, "eta")
        assert.isDefined(quoted?.next?.eta)
        assertPolite(server.gaps("a"))
      })
  )

  it.live("Follow.watch resumed mid-way from JSON: no event repeated or lost, the floor kept across", () =>
    Effect.gen(function* () {
      const server = yield* uwsServer
      const job = server.job("resumed", suspendedOnce)
      const { before, saved } = yield* Effect.gen(function* () {
        const before = yield* Stream.runCollect(Stream.take(Follow.watch(job), 4))
        // The watch's place, as a program keeps it between runs.
        const saved = JSON.stringify(
          Schema.encodeSync(Follow.SavedJson)({ key: job.key, state: before.at(-1)!.state })
        )
        return { before, saved }
      }).pipe(Effect.provide(transport))
      // Another run makes the job again, finds its place by key, and goes on from there.
      const place = Schema.decodeUnknownSync(Follow.SavedJson)(JSON.parse(saved))
      const again = uwsJob(server.base, "resumed")
      assert.strictEqual(place.key, again.key)
      const after = yield* Stream.runCollect(Follow.watch(again, { resume: place.state })).pipe(
        Effect.provide(transport)
      )

      assert.deepStrictEqual(eventsOf(before), suspendedOnceEvents.slice(0, 4))
      assert.deepStrictEqual([...eventsOf(before), ...eventsOf(after)], suspendedOnceEvents)
      assert.strictEqual(before.length + after.length, 7)
      assert.strictEqual(server.requests("resumed"), 7)
      assertPolite(server.gaps("resumed"))
    })
  )

  it.live(
    "Follow.watchAll: two jobs at once, resumed by key; done → archived is legal, completed → executing an Anomaly, once",
    () =>
      Effect.gen(function* () {
        const server = yield* uwsServer
        const jobs = [server.job("archived", suspendedOnce), server.job("revived", revived)]
        const first = yield* Stream.runCollect(Follow.watchAll(jobs)).pipe(Effect.provide(transport))
        const updatesOf = (items: Iterable<Follow.Many<(typeof jobs)[number]>>, key: string) =>
          [...items].flatMap((item) => {
            assert.strictEqual(item._tag, "Update")
            return item._tag === "Update" && item.job.key === key ? [item.update] : []
          })
        assert.deepStrictEqual(eventsOf(updatesOf(first, "uws:archived")), suspendedOnceEvents)
        assert.deepStrictEqual(eventsOf(updatesOf(first, "uws:revived")), [
          "added queued",
          "queued → running (EXECUTING)",
          "running → succeeded (COMPLETED)",
          "output table"
        ])

        // A program started again from both jobs' last places, saved as JSON, looks once more.
        const json = JSON.stringify(
          jobs.map((job) =>
            Schema.encodeSync(Follow.SavedJson)({
              key: job.key,
              state: updatesOf(first, job.key).at(-1)!.state
            })
          )
        )
        const resume = (JSON.parse(json) as ReadonlyArray<unknown>).map((entry) =>
          Schema.decodeUnknownSync(Follow.SavedJson)(entry)
        )
        const second = yield* Stream.runCollect(Follow.watchAll(jobs, { resume })).pipe(
          Effect.provide(transport)
        )
        // Archived: over at the first poll, still succeeded, its results gone without a word.
        const archived = updatesOf(second, "uws:archived")
        assert.deepStrictEqual(eventsOf(archived), ["succeeded → succeeded (ARCHIVED)"])
        const end = archived.at(-1)!
        assert(end._tag === "Observed")
        assert.isTrue(Job.isTerminal(end.snapshot))
        assert.isUndefined(end.next)
        // Revived: one Anomaly for the illegal move, then the watch goes on to the end.
        assert.deepStrictEqual(eventsOf(updatesOf(second, "uws:revived")), [
          "anomaly succeeded → running",
          "running → succeeded (COMPLETED)"
        ])
        assert.strictEqual(server.requests("archived"), 8)
        assert.strictEqual(server.requests("revived"), 5)
        assertPolite(server.gaps("archived"))
        assertPolite(server.gaps("revived"))
      })
  )

  it.live("Follow.waitFor answers the last update: COMPLETED with its results, or ARCHIVED at once", () =>
    Effect.gen(function* () {
      const server = yield* uwsServer
      const job = server.job("waited", suspendedOnce)
      const { done, archived } = yield* Effect.gen(function* () {
        const done = yield* Follow.waitFor(job)
        const archived = yield* Follow.waitFor(job)
        return { done, archived }
      }).pipe(Effect.provide(transport))
      assert.strictEqual(done.reply.phase, "COMPLETED")
      assert.deepStrictEqual(
        done.snapshot.tasks[0]?.outputs?.map((output) => output.id),
        ["table", "plot", "log"]
      )
      assert.isUndefined(done.next)
      // Asked again once archived: one poll, over, succeeded with the server's own word.
      assert.strictEqual(archived.reply.phase, "ARCHIVED")
      assert.deepStrictEqual(
        archived.snapshot.tasks.map((task) => [task.phase, task.code]),
        [["succeeded", "ARCHIVED"]]
      )
      assert.strictEqual(Job.outcome(archived.snapshot), "succeeded")
      assert.strictEqual(server.requests("waited"), 8)
    })
  )

  it.live(
    "a deadline ends the watch of a job that never ends with DeadlinePassed, keeping the last snapshot",
    () =>
      Effect.gen(function* () {
        const server = yield* uwsServer
        const job = server.job("endless", endless)
        const error = yield* Effect.flip(Stream.runDrain(Follow.watch(job, { deadline: "1 second" }))).pipe(
          Effect.provide(transport)
        )
        assert(error._tag === "DeadlinePassed", `DeadlinePassed, got ${error._tag}`)
        assert.strictEqual(error.job, "UWS job endless")
        // The job as last seen: queued at the first poll, executing from the second on.
        assert.include(["QUEUED", "EXECUTING"], error.last?.tasks[0]?.code)
        assert.isAtLeast(server.requests("endless"), 1)
        // Nothing is asked after the watch ended.
        const asked = server.requests("endless")
        yield* Effect.sleep("250 millis")
        assert.strictEqual(server.requests("endless"), asked)
      })
  )

  it("the Promise face watches and waits for it, its request asking through the client's Transport", async () => {
    const server = await startUwsServer()
    const client = createClient({ transport: { retries: 0 } })
    try {
      const watched: Array<Poller.Update<UwsJob>> = []
      for await (const update of client.watch(server.job("promised", suspendedOnce))) watched.push(update)
      assert.deepStrictEqual(eventsOf(watched), suspendedOnceEvents)
      assert.strictEqual(watched.length, 7)
      assertPolite(server.gaps("promised"))

      const waited = await client.waitFor(server.job("awaited", suspendedOnce))
      assert.strictEqual(waited.reply.phase, "COMPLETED")
      assert.strictEqual(Job.outcome(waited.snapshot), "succeeded")
      assert.strictEqual(server.requests("awaited"), 7)
      assertPolite(server.gaps("awaited"))
    } finally {
      await client.close()
      await server.close()
    }
  })
})
