/**
 * The simulator on a stepped clock, as the client tests start it: alone, or
 * with the clients kept in lockstep with it on TestClock, for tests of
 * anything that polls (every request goes through the lockstep's `fetch`, and
 * `run` moves both clocks together).
 * Also what those tests check over and over: that a watch's events are the
 * diffs of its snapshots, and when requests reached the simulator.
 */
import { assert } from "@effect/vitest"
import { Job, KnownSources, type Phase, type Ukssdc } from "@jobscope/core"
import {
  JobRef,
  type Poller,
  TomClient,
  TooClient,
  TooRestClient,
  Transport,
  UkssdcClient
} from "@jobscope/fetch"
import { Lockstep, Ukssdc as SimUkssdc, type Simulator, type StartOptions, start } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"

/** The user UKSSDC jobs are submitted as: an e-mail address, which must never show in an error. */
export const user = "grb.observer@example.org"

/** When the simulated world starts. */
export const epoch = new Date("2026-03-01T00:00:00Z")

/** The TOO user the tests sign as, and their shared secret. */
export const tooUser = { username: "observer", secret: "s3cr3t-shared-key" }

/** The clients a program can ask for. */
export type Clients =
  | UkssdcClient.UkssdcClient
  | TooClient.TooClient
  | TooRestClient.TooRestClient
  | TomClient.TomClient

/** A simulator and its lockstep, and a way to run a program on the clients in step with it. */
export interface Simulated {
  readonly sim: Simulator
  readonly lockstep: Lockstep.Lockstep
  /** Runs `program` to its end with the clients over the lockstep's `fetch`, as `lockstep.run` does. */
  readonly run: <A, E>(program: Effect.Effect<A, E, Clients>) => Effect.Effect<A, E>
}

/** Wraps the lockstep's `fetch`, to count or spoil what goes through it. */
export type Through = (fetch: typeof globalThis.fetch, sim: Simulator) => typeof globalThis.fetch

/**
 * Starts the simulator on a stepped clock at {@link epoch}, seed 1, with no
 * random UKSSDC failures unless asked and {@link tooUser} the TOO user unless
 * `options.too.users` names others; closed when the scope ends.
 */
export const simulator = (options: StartOptions = {}): Effect.Effect<Simulator, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() =>
      start({
        speed: 0,
        seed: 1,
        start: epoch,
        ...options,
        ukssdc: { failureProbability: 0, ...options.ukssdc },
        too: { users: { [tooUser.username]: tooUser.secret }, ...options.too },
        tooRest: { users: { [tooUser.username]: tooUser.secret }, ...options.tooRest }
      })
    ),
    (sim) => Effect.promise(() => sim.close())
  )

/**
 * Starts the {@link simulator} with `options`, with clients over the
 * lockstep's `fetch` (wrapped by `through`, when given).
 */
export const simulated = (
  options: StartOptions = {},
  transport: Transport.Options = {},
  through?: Through
): Effect.Effect<Simulated, never, Scope.Scope> =>
  Effect.gen(function* () {
    const sim = yield* simulator(options)
    const lockstep = Lockstep.forSimulator(sim)
    const fetch = through === undefined ? lockstep.fetch : through(lockstep.fetch, sim)
    const clients = clientsOver(sim, fetch, transport)
    return { sim, lockstep, run: (program) => lockstep.run(program.pipe(Effect.provide(clients))) }
  })

/** The clients, talking to `sim` through `fetch`. */
const clientsOver = (
  sim: Simulator,
  fetch: typeof globalThis.fetch,
  transport: Transport.Options
): Layer.Layer<Clients> =>
  Layer.mergeAll(
    UkssdcClient.layer({ baseUrl: sim.url, userId: user }),
    Layer.effect(
      TooClient.TooClient,
      Effect.map(TooClient.make({ baseUrl: sim.url, ...tooUser }), busyWhileSigning)
    ),
    TooRestClient.layer({ apiUrl: `${sim.url}/api/v2`, ...tooUser }),
    TomClient.layer({ baseUrl: sim.url })
  ).pipe(Layer.provide(Transport.layerFetch({ fetch, ...transport })))

/**
 * The TOO client signs each request (WebCrypto, on another thread) before it
 * sends it: work the lockstep cannot see, so each call runs `whileBusy`.
 */
const busyWhileSigning = (too: TooClient.Shape): TooClient.Shape => ({
  send: (apiName, data) => Lockstep.whileBusy(too.send(apiName, data)),
  request: (data, options) => Lockstep.whileBusy(too.request(data, options)),
  visibility: (ra, dec, options) => Lockstep.whileBusy(too.visibility(ra, dec, options)),
  asFlown: (query) => Lockstep.whileBusy(too.asFlown(query)),
  resolve: (name) => Lockstep.whileBusy(too.resolve(name)),
  status: (jobnumber) => Lockstep.whileBusy(too.status(jobnumber))
})

/** Submits a UKSSDC job through the client (by default, one asking for all six products): the job to watch. */
export const submit = (parameters: Ukssdc.JobParameters = SimUkssdc.sixProducts) =>
  Effect.gen(function* () {
    const client = yield* UkssdcClient.UkssdcClient
    return JobRef.fromSubmit(yield* client.submit(parameters))
  })

/** The updates that got an answer. */
export const observed = <Reply>(
  updates: ReadonlyArray<Poller.Update<Reply>>
): ReadonlyArray<Poller.Observed<Reply>> =>
  updates.filter((update): update is Poller.Observed<Reply> => update._tag === "Observed")

/** The updates of failed polls. */
export const failed = (updates: ReadonlyArray<Poller.Update<unknown>>): ReadonlyArray<Poller.PollFailed> =>
  updates.filter((update): update is Poller.PollFailed => update._tag === "PollFailed")

/**
 * Every event of a watch, in order, after checking that each answered poll's
 * events are exactly `Job.diff` of the previous answer's snapshot and its own
 * (for the first, of no tasks), however many failed polls came between: so
 * nothing seen is lost and nothing is reported twice.
 */
export const eventsOf = (
  updates: ReadonlyArray<Poller.Update<unknown>>,
  before?: Job.Snapshot
): ReadonlyArray<Job.Event> => {
  let previous = before
  const events: Array<Job.Event> = []
  for (const update of observed(updates)) {
    const source = KnownSources.registry.get(update.snapshot.source)
    const expected = Job.diff(previous ?? { ...update.snapshot, tasks: [] }, update.snapshot, source)
    assert.deepStrictEqual(update.events, expected)
    events.push(...update.events)
    previous = update.snapshot
  }
  return events
}

/** The last update, which must be an answer: the job as the watch last saw it. */
export const lastObserved = <Reply>(updates: ReadonlyArray<Poller.Update<Reply>>): Poller.Observed<Reply> => {
  const last = updates.at(-1)
  assert(last?._tag === "Observed", `the watch ended on ${last?._tag ?? "nothing"}, not an answer`)
  assert.isUndefined(last.next, "the last update plans no further poll")
  return last
}

/** How many events of each task have this tag, keyed `task:detail`. */
export const tally = (events: ReadonlyArray<Job.Event>, key: (event: Job.Event) => string | undefined) => {
  const counts = new Map<string, number>()
  for (const event of events) {
    const name = key(event)
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  return counts
}

/** The phases each task went through, as the events tell it: `TaskAdded`'s, then every change. */
export const phasesOf = (events: ReadonlyArray<Job.Event>): ReadonlyMap<string, ReadonlyArray<string>> => {
  const phases = new Map<string, Array<string>>()
  for (const event of events) {
    if (event._tag === "TaskAdded") phases.set(event.taskId, [event.phase])
    else if (event._tag === "PhaseChanged" && event.from !== event.to)
      phases.get(event.taskId)?.push(event.to)
  }
  return phases
}

/** The simulated instants, in epoch milliseconds, at which requests on `route` (about `job`) reached the simulator. */
export const arrivals = (sim: Simulator, route: string, job?: string): ReadonlyArray<number> =>
  sim.requests
    .log({ route, ...(job === undefined ? {} : { job }) })
    .map((entry) => Date.parse(entry.at))
    .sort((a, b) => a - b)

/** The gaps between consecutive instants. */
export const gaps = (instants: ReadonlyArray<number>): ReadonlyArray<number> =>
  instants.slice(1).map((instant, index) => instant - instants[index]!)

/**
 * A `fetch` that counts the requests in flight through it, and the most at
 * once: to check a per-host limit.
 */
export const counting = (fetch: typeof globalThis.fetch) => {
  const counts = { now: 0, most: 0, total: 0 }
  const counted: typeof globalThis.fetch = async (input, init) => {
    counts.now++
    counts.total++
    counts.most = Math.max(counts.most, counts.now)
    try {
      return await fetch(input, init)
    } finally {
      counts.now--
    }
  }
  return { counts, fetch: counted }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * A `fetch` for a simulator with `stall` fault rules, for one job polled one
 * request at a time. A stalled reply never comes, and a request in flight
 * keeps the lockstep from moving the clock, so the transport's timeout would
 * never come either. Once the simulator has stalled the request (a stall
 * rule fired), it is taken off the lockstep's books: the caller's promise
 * stays pending, as a stalled one does, until the caller aborts it (its
 * timeout), and the lockstep moves the clock to that timeout. Rules that
 * retire (`stall x3`) vanish from the list and with them their count: use
 * rules that stay (`stall@0.3`).
 */
export const stallAware: Through = (fetch, sim) => {
  const stalls = () =>
    sim.faults.list().reduce((sum, rule) => (rule.fault.kind === "stall" ? sum + rule.fired : sum), 0)
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const caller = init?.signal ?? undefined
      if (caller?.aborted) return reject(caller.reason)
      const before = stalls()
      const ours = new AbortController()
      let settled = false
      let stalled = false
      caller?.addEventListener("abort", () => {
        ours.abort(caller.reason)
        reject(caller.reason)
      })
      fetch(input, { ...init, signal: ours.signal }).then(
        (response) => {
          settled = true
          resolve(response)
        },
        (error: unknown) => {
          settled = true
          if (!stalled) reject(error)
        }
      )
      const check = async () => {
        while (!settled) {
          if (stalls() > before) {
            stalled = true
            ours.abort()
            return
          }
          await nextTurn()
        }
      }
      void check()
    })
}

const outcomePhase = { 4: "succeeded", [-3]: "failed", [-4]: "cancelled" } as const

/**
 * The phase the simulator gives a UKSSDC product at an instant, read off its
 * plan (when it queues, starts, runs and ends): the ground truth a watch's
 * snapshots are checked against.
 */
export const productPhaseAt = (product: SimUkssdc.ProductView, at: number): Phase.Phase =>
  at >= product.endsAt.getTime()
    ? outcomePhase[product.outcome]
    : at >= product.runningAt.getTime()
      ? "running"
      : at >= product.startedAt.getTime()
        ? "waiting"
        : at >= product.queuedAt.getTime()
          ? "queued"
          : "pending"

/** The order a UKSSDC product's phases come in. */
const lifecycle: ReadonlyArray<Phase.Phase> = ["pending", "queued", "waiting", "running"]

/**
 * Checks a finished watch of a UKSSDC job against the simulator: each
 * answer's events are the diff of its snapshots; every snapshot shows each
 * product in the phase the simulator had it in then; each product was added
 * once and went through its phases in order, each change once, ending where
 * the simulator ended it; a single-pass product's steps were each done at
 * most once. Answers the events.
 */
export const checkUkssdcWatch = (
  sim: Simulator,
  jobId: number | string,
  updates: ReadonlyArray<Poller.Update<unknown>>
): ReadonlyArray<Job.Event> => {
  const job = sim.ukssdc.job(Number(jobId))
  assert(job !== undefined, `the simulator has no job ${jobId}`)
  const events = eventsOf(updates)
  const last = lastObserved(updates)
  for (const update of observed(updates)) {
    const at = update.snapshot.observedAt.getTime()
    for (const product of job.products) {
      assert.strictEqual(
        Job.task(update.snapshot, product.product)?.phase,
        productPhaseAt(product, at),
        `${product.product} at ${update.snapshot.observedAt.toISOString()}`
      )
    }
  }
  const added = tally(events, (event) => (event._tag === "TaskAdded" ? event.taskId : undefined))
  const phases = phasesOf(events)
  for (const product of job.products) {
    assert.strictEqual(added.get(product.product), 1, `${product.product} added once`)
    const seen = phases.get(product.product) ?? []
    const end = outcomePhase[product.outcome]
    assert.strictEqual(seen.at(-1), end, `${product.product} ends ${end}`)
    assert.deepStrictEqual(
      seen.slice(0, -1),
      lifecycle.filter((phase) => seen.includes(phase)),
      `${product.product} went through ${seen.join(" → ")}`
    )
    const endedAt = last.snapshot.observedAt.getTime()
    assert.isAtLeast(endedAt, product.endsAt.getTime())
  }
  const done = tally(events, (event) =>
    event._tag === "StepDone" && event.at.indices.length === 1 && event.taskId !== "enh"
      ? `${event.taskId}: ${event.at.labels[0]}`
      : undefined
  )
  for (const [step, count] of done) assert.strictEqual(count, 1, `${step} done once`)
  return events
}
