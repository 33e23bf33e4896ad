/**
 * Part `uws`: how UWS jobs are followed, and what reading their XML costs.
 *
 * 1. Schedules. The same seeded archive-query jobs (queued 10–120 s, then
 *    executing 5–30 min, on the simulator's UWS 1.1 service, which holds a
 *    `WAIT` up to 600 s) are followed to their end three ways at once, in the
 *    same run, on a scaled clock: jobscope's `UwsJob` through the follow
 *    layer (blocking `WAIT`, one request per phase change), fixed polling
 *    every 10 s, and pyvo's `wait()` schedule (1 s growing ×1.2 up to 120 s).
 *    For each: job-document requests per job, and the delay from each phase
 *    change (QUEUED → EXECUTING, EXECUTING → COMPLETED) to the first reply
 *    the server sent after it, in simulated seconds, from the simulator's
 *    request log (arrival plus time to answer): what the schedule costs,
 *    without the client's own lag on a busy machine, which a scaled clock
 *    would multiply by its speed.
 * 2. Decoding. A UWS 1.1 job document decoded by `Uws.decodeJob` (and read
 *    into a tree by `Xml.parse`), as a ratio to saxes parsing it alone, with
 *    the same options, timed in the same rounds.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Follow, Transport } from "@jobscope/fetch"
import { start, type UwsSim } from "@jobscope/simulator"
import { Uws, UwsClient, UwsJob, Xml } from "@jobscope/uws"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { SaxesParser } from "saxes"
import { type Contender, type Options, throughput } from "./measure.js"
import { type PartReport, table, throughputTable, verdict } from "./report.js"

/** What the part must show. */
export const targets = {
  /** Blocking WAIT asks at most this fraction of the requests fixed 10 s polling asks. */
  waitRequestsVsFixed10: 0.1,
  /** Blocking WAIT sees a phase change within this many seconds, at the median. */
  waitMedianDelaySeconds: 1
} as const

/** Simulated seconds per real second: half-hour jobs in a minute and a half, a millisecond of lag 0.02 s. */
const speed = 20

/** How many jobs each schedule follows, and the seed of their plans. */
const jobCount = 10
const seed = 20261207

/** A small, seeded random stream (mulberry32): the same jobs on every run. */
const seeded = (initial: number) => {
  let state = initial >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The plans of the jobs: archive queries that queue a while, then run minutes to half an hour. */
const plans = (): ReadonlyArray<UwsSim.Plan> => {
  const random = seeded(seed)
  const between = (min: number, max: number) => Math.round(min + random() * (max - min))
  return Array.from({ length: jobCount }, () => ({
    queue: between(10, 120),
    execution: between(300, 1800),
    outcome: { phase: "COMPLETED" as const }
  }))
}

type Schedule = "blocking WAIT (jobscope)" | "fixed 10 s" | "pyvo 1 s ×1.2 to 120 s"

/** Sleeps simulated seconds on the scaled clock. */
const sleepSimulated = (seconds: number) => Effect.sleep(`${(seconds * 1000) / speed} millis`)

/** Polls a job on a schedule of waits (simulated seconds) until it is over. */
const poll = (url: string, waits: () => number) =>
  Effect.gen(function* () {
    const uws = yield* UwsClient.UwsClient
    for (;;) {
      yield* sleepSimulated(waits())
      if (Uws.isFinal((yield* uws.read(url)).phase)) return
    }
  })

/** pyvo's `AsyncTAPJob.wait()`: 1 s, growing ×1.2 after each poll, never over 120 s. */
const pyvoWaits = () => {
  let interval = 1
  return () => {
    const wait = interval
    interval = Math.min(interval * 1.2, 120)
    return wait
  }
}

const quantile = (sorted: ReadonlyArray<number>, q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN

/** Follows the same jobs three ways at once against one simulator, and sums up each way. */
const schedules = async () => {
  const sim = await start({
    speed,
    uws: {
      maxWait: 600,
      holdProbability: 0,
      suspendProbability: 0,
      failureProbability: 0,
      executionDuration: 0
    }
  })
  try {
    const live = Layer.provideMerge(UwsClient.layer(), Transport.layerFetch())
    const names: ReadonlyArray<Schedule> = [
      "blocking WAIT (jobscope)",
      "fixed 10 s",
      "pyvo 1 s ×1.2 to 120 s"
    ]
    const jobIds = new Map<Schedule, Array<string>>(names.map((name) => [name, []]))
    const program = Effect.gen(function* () {
      const uws = yield* UwsClient.UwsClient
      const follows: Array<Effect.Effect<void, unknown, UwsClient.UwsClient | Transport.Transport>> = []
      // Each job three times, one per schedule, run one after the other: each takes the same plan.
      for (const plan of plans()) {
        for (const name of names) {
          sim.uws.scriptNext(plan)
          const created = yield* uws.create(
            `${sim.url}/uws/jobs`,
            { QUERY: "SELECT * FROM ivoa.obscore" },
            { run: true }
          )
          jobIds.get(name)!.push(created.job.jobId)
          follows.push(
            name === "blocking WAIT (jobscope)"
              ? Stream.runDrain(
                  Follow.watch(
                    UwsJob.make(created.url, {
                      blocking: true,
                      wait: "600 seconds",
                      first: { job: created.job }
                    }),
                    { policy: { speed } }
                  )
                )
              : poll(created.url, name === "fixed 10 s" ? () => 10 : pyvoWaits())
          )
        }
      }
      yield* Effect.all(follows, { concurrency: "unbounded", discard: true })
    })
    await Effect.runPromise(program.pipe(Effect.provide(live)))
    return Object.fromEntries(
      names.map((name) => {
        const jobs = jobIds.get(name)!
        const delays: Array<number> = []
        let requests = 0
        for (const id of jobs) {
          const view = sim.uws.job(id)
          if (view === undefined) throw new Error(`job ${id} is gone`)
          // When the server answered each job-document request but the creation's redirect to it.
          const answers = sim.requests
            .log({ job: `uws/${id}`, route: "uws.job" })
            .slice(1)
            .map((entry) => Date.parse(entry.at) + entry.duration * speed)
          requests += answers.length
          for (const transition of view.transitions) {
            if (transition.phase !== "EXECUTING" && transition.phase !== "COMPLETED") continue
            const answeredAt = answers.find((at) => at >= transition.at)
            if (answeredAt === undefined)
              throw new Error(`${name}: job ${id} was never seen ${transition.phase}`)
            delays.push((answeredAt - transition.at) / 1000)
          }
        }
        const sorted = delays.sort((a, b) => a - b)
        return [
          name,
          {
            jobs: jobs.length,
            requestsPerJob: requests / jobs.length,
            medianDelaySeconds: quantile(sorted, 0.5),
            p90DelaySeconds: quantile(sorted, 0.9),
            maxDelaySeconds: sorted.at(-1) ?? Number.NaN
          }
        ]
      })
    ) as Record<
      Schedule,
      {
        jobs: number
        requestsPerJob: number
        medianDelaySeconds: number
        p90DelaySeconds: number
        maxDelaySeconds: number
      }
    >
  } finally {
    await sim.close()
  }
}

const jobDocument = readFileSync(
  fileURLToPath(new URL("../../packages/uws/test/fixtures/job-1.1-completed.xml", import.meta.url)),
  "utf8"
)

/** The decoders timed, the parser alone first as the baseline; each checked to work before it is timed. */
const decoders = (): ReadonlyArray<Contender> => {
  const decoded = Uws.decodeJob(jobDocument)
  if (decoded._tag !== "Success" || decoded.success.results.length !== 2)
    throw new Error("decodeJob is wrong")
  return [
    {
      name: "saxes",
      label: "saxes alone (namespaces on, no handlers)",
      run: () => new SaxesParser({ xmlns: true, position: false }).write(jobDocument).close()
    },
    {
      name: "xmlTree",
      label: "Xml.parse (the neutral tree, limits checked)",
      run: () => Xml.parse(jobDocument)
    },
    { name: "decodeJob", label: "Uws.decodeJob (XML → Effect Schema)", run: () => Uws.decodeJob(jobDocument) }
  ]
}

export const run = async (options: Options): Promise<PartReport> => {
  console.log(
    `${jobCount} seeded jobs (queued 10–120 s, executing 5–30 min) followed three ways at once, at ${speed}× real time\n`
  )
  const outcomes = await schedules()
  console.log(
    table(
      ["schedule", "requests/job", "median delay", "p90 delay", "max delay"],
      Object.entries(outcomes).map(([name, outcome]) => [
        name,
        outcome.requestsPerJob.toFixed(1),
        `${outcome.medianDelaySeconds.toFixed(2)} s`,
        `${outcome.p90DelaySeconds.toFixed(2)} s`,
        `${outcome.maxDelaySeconds.toFixed(2)} s`
      ])
    )
  )
  const wait = outcomes["blocking WAIT (jobscope)"]
  const fixed = outcomes["fixed 10 s"]
  const requestRatio = wait.requestsPerJob / fixed.requestsPerJob
  const pass = {
    waitRequestsVsFixed10: requestRatio <= targets.waitRequestsVsFixed10,
    waitMedianDelaySeconds: wait.medianDelaySeconds <= targets.waitMedianDelaySeconds
  }
  console.log(
    `\nWAIT asks ${requestRatio.toFixed(3)}× the requests of fixed 10 s polling (target ≤ ${targets.waitRequestsVsFixed10}): ${verdict(pass.waitRequestsVsFixed10)}`
  )
  console.log(
    `WAIT's median delay ${wait.medianDelaySeconds.toFixed(2)} s (target ≤ ${targets.waitMedianDelaySeconds} s): ${verdict(pass.waitMedianDelaySeconds)}\n`
  )
  const measured = throughput(decoders(), options)
  console.log(throughputTable(measured, "× saxes alone"))
  return {
    figures: { speed, jobs: jobCount, seed, schedules: outcomes, waitRequestsVsFixed10: requestRatio },
    throughput: measured,
    targets,
    pass
  }
}
