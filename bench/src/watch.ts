/**
 * Part `watch`: how politely and how promptly the watcher follows jobs.
 *
 * 1. Policies. The same UKSSDC jobs (six products each, 10–30 min, a few
 *    failing, one seed) are followed to their end three times against the
 *    simulator, in lockstep simulated time: polling every 10 s, every 60 s
 *    (what the Python client's docs do) and with our default policy. For
 *    each: status requests per job, and the completion-detection delay (from
 *    the instant a poll could first see a job over to the poll that saw it).
 * 2. Scale. 10,000 UKSSDC jobs watched at once, in real time, by a process
 *    that does nothing else (`watch/many.ts`), against the simulator in
 *    another: peak RSS, and CPU time per poll as a ratio to a bare `fetch` +
 *    `JSON.parse` of the same request, timed in this process in the same run.
 */
import { execFile, spawn } from "node:child_process"
import { once } from "node:events"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { Follow, JobRef, Transport, UkssdcClient } from "@jobscope/fetch"
import { Lockstep, start } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"
import * as Stream from "effect/Stream"
import { TestClock } from "effect/testing"
import { build } from "esbuild"
import type { Options } from "./measure.js"
import { type PartReport, table, verdict } from "./report.js"
import { everything, user } from "./watch/jobs.js"
import type { Many } from "./watch/many.js"

/** When the simulated world starts. */
const epoch = new Date("2026-03-01T00:00:00Z")

/** Runs a program on TestClock with a seeded Random, as `Lockstep.run` needs. */
const runSimulated = <A, E>(program: Effect.Effect<A, E>, seed: number): Promise<A> =>
  Effect.runPromise(program.pipe(Random.withSeed(seed), Effect.provide(TestClock.layer())))

/** The strategies compared, as policy options of the watcher. */
const strategies = {
  "fixed 10 s": { floor: "10 seconds", ceiling: "10 seconds", jitter: 0 },
  "fixed 60 s": { floor: "60 seconds", ceiling: "60 seconds", jitter: 0 },
  "jobscope default": {}
} as const

type Strategy = keyof typeof strategies

/** How one strategy did over all the jobs. */
interface Outcome {
  readonly jobs: number
  readonly requestsPerJob: number
  readonly medianDelaySeconds: number
  readonly p90DelaySeconds: number
  readonly maxDelaySeconds: number
  /** The shortest time between two status requests for one job. */
  readonly minIntervalSeconds: number
}

const quantile = (sorted: ReadonlyArray<number>, q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN

/** Follows `jobs` UKSSDC jobs to their end with one strategy; same seed, same jobs, every time. */
const follow = async (strategy: Strategy, jobs: number): Promise<Outcome> => {
  const sim = await start({ speed: 0, seed: 42, start: epoch })
  try {
    for (let index = 0; index < jobs; index++) {
      const reply = sim.ukssdc.submit({ ...everything, name: `bench ${index}` })
      if (reply.OK !== 1) throw new Error(`submit refused: ${reply.ERROR}`)
    }
    const followed = sim.ukssdc
      .jobs()
      .map((job) =>
        JobRef.ukssdc(job.jobId, { url: job.url, products: job.products.map((product) => product.product) })
      )
    const lockstep = Lockstep.forSimulator(sim)
    const client = UkssdcClient.layer({ baseUrl: sim.url, userId: user }).pipe(
      Layer.provide(Transport.layerFetch({ fetch: lockstep.fetch }))
    )
    const seenOver = new Map<string, number>()
    await runSimulated(
      lockstep.run(
        Stream.runForEach(Follow.watchAll(followed, { policy: strategies[strategy] }), (item) =>
          Effect.sync(() => {
            if (item._tag === "Failed") throw new Error(`${item.job.name}: ${item.error.message}`)
            if (item.update._tag === "Observed" && item.update.next === undefined)
              seenOver.set(item.job.ref.jobId, item.update.snapshot.observedAt.getTime())
          })
        ).pipe(Effect.provide(client))
      ),
      7
    )
    const delays = sim.ukssdc
      .jobs()
      .map((job) => {
        const seen = seenOver.get(String(job.jobId))
        if (seen === undefined) throw new Error(`job ${job.jobId} was never seen over`)
        return (seen - job.endsAt.getTime()) / 1000
      })
      .sort((a, b) => a - b)
    const stats = sim.requests.jobs()
    return {
      jobs,
      requestsPerJob: (sim.requests.perRoute()["ukssdc.status"] ?? 0) / jobs,
      medianDelaySeconds: quantile(delays, 0.5),
      p90DelaySeconds: quantile(delays, 0.9),
      maxDelaySeconds: delays.at(-1) ?? Number.NaN,
      minIntervalSeconds: Math.min(...stats.map((job) => job.minInterval ?? Number.POSITIVE_INFINITY)) / 1000
    }
  } finally {
    await sim.close()
  }
}

/** The simulator in a child process, so that its memory and CPU are not the watcher's. */
export const childSimulator = async (speed: number) => {
  const bin = fileURLToPath(new URL("../../packages/simulator/bin/jobscope-sim.js", import.meta.url))
  const child = spawn(process.execPath, [bin, "--port", "0", "--speed", String(speed), "--seed", "42"], {
    stdio: ["ignore", "pipe", "inherit"]
  })
  // Read its banner, then keep draining its output so that it never writes into a closed pipe.
  const banner = await new Promise<string>((resolve) => {
    let text = ""
    child.stdout.on("data", (chunk) => {
      text += String(chunk)
      if (text.includes("\n")) resolve(text)
    })
  })
  const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1]
  if (url === undefined) throw new Error(`the simulator did not say where it listens: ${banner}`)
  const close = async () => {
    child.kill("SIGINT")
    await once(child, "exit")
  }
  return { url, close }
}

/**
 * A script of this part compiled to plain JavaScript (our packages and Effect
 * left as imports), so that it runs without tsx, whose loader thread would
 * add its own memory to the RSS measured.
 */
export const compiled = async (entry: string): Promise<string> => {
  const outfile = fileURLToPath(new URL(`../results/${entry.replace(/\W/g, "-")}.mjs`, import.meta.url))
  await build({
    entryPoints: [fileURLToPath(new URL(`./${entry}`, import.meta.url))],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node22",
    outfile
  })
  return outfile
}

/** CPU time (user + system) of this process in microseconds spent by `work`. */
const cpuOf = async (work: () => Promise<void>): Promise<number> => {
  const before = process.cpuUsage()
  await work()
  const used = process.cpuUsage(before)
  return used.user + used.system
}

/**
 * How the watching process talks HTTP: `NodeHttp` from `@jobscope/fetch/node`
 * (Effect's `NodeHttpClient.layerNodeHttp`), as a Node process should; Effect's
 * undici client, which it was chosen over for memory; then `fetch` for comparison.
 */
const runs = {
  "NodeHttp (node:http)": "node",
  "Effect NodeHttpClient.layerUndici": "effect-undici",
  "fetch (undici)": "fetch"
} as const

/** How 10,000 jobs at once went over each HTTP client, and the bare request they are compared with. */
interface Scale {
  readonly runs: Record<keyof typeof runs, Many & { readonly cpuRatio: number }>
  /** CPU time of a bare `fetch` + `JSON.parse` of a status request, in microseconds. */
  readonly baselineCpuMicrosPerRequest: number
}

/**
 * Submits `jobs` jobs to a simulator in a child process (at real speed), times
 * bare status requests as the baseline, then watches every job for `seconds`
 * in a third process (`watch/many.ts`), once over each of the {@link runs}
 * (the second run finds the jobs a little further along).
 */
const watchMany = async (jobs: number, seconds: number): Promise<Scale> => {
  const sim = await childSimulator(1)
  try {
    const post = (path: string, body: unknown) =>
      fetch(`${sim.url}/user_objects/${path}`, { method: "POST", body: JSON.stringify(body) }).then(
        (response) => response.json() as Promise<Record<string, unknown>>
      )
    let first: unknown
    for (let index = 0; index < jobs; index++) {
      const reply = await post("run_userobject.php", { ...everything, name: `many ${index}` })
      if (reply.OK !== 1) throw new Error(`submit refused: ${JSON.stringify(reply)}`)
      first ??= reply.JobID
    }
    const status = { UserID: user, JobID: first, what: "lc,spec,psf,enh,xastrom,image" }
    const baselineRequests = 2000
    const baseline = await cpuOf(async () => {
      for (let index = 0; index < baselineRequests; index++) await post("checkProductStatus.php", status)
    })
    const baselineCpuMicrosPerRequest = baseline / baselineRequests
    const script = await compiled("watch/many.ts")
    const measured = {} as Record<keyof typeof runs, Many & { readonly cpuRatio: number }>
    for (const [name, over] of Object.entries(runs) as ReadonlyArray<[keyof typeof runs, string]>) {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--expose-gc", script, sim.url, String(first), String(jobs), String(seconds), over],
        { maxBuffer: 1 << 20 }
      )
      const many = JSON.parse(stdout.trim().split("\n").at(-1)!) as Many
      measured[name] = { ...many, cpuRatio: many.cpuMicrosPerPoll / baselineCpuMicrosPerRequest }
    }
    return { runs: measured, baselineCpuMicrosPerRequest }
  } finally {
    await sim.close()
  }
}

/** What the watch part must reach (issue 20). */
export const targets = {
  /** Status requests per job of the default policy, at most this fraction of fixed 10 s polling's. */
  requestRatio: 0.25,
  /** Completion-detection delay of the default policy, at most, in seconds. */
  medianDelaySeconds: 7,
  p90DelaySeconds: 12,
  maxDelaySeconds: 30,
  /** Never two status requests for one job closer than the floor, in seconds. */
  minIntervalSeconds: 10,
  /** Jobs watched at once by one process, and its peak RSS then, at most. */
  scaleJobs: 100_000,
  peakRssMb: 1024,
  /** CPU per poll, at most this multiple of a bare request + `JSON.parse`. */
  cpuRatio: 1.1
} as const

export const run = async (_options: Options): Promise<PartReport> => {
  const jobs = Number(process.env.FOLLOW_JOBS ?? 120)
  const outcomes = {} as Record<Strategy, Outcome>
  for (const strategy of Object.keys(strategies) as ReadonlyArray<Strategy>)
    outcomes[strategy] = await follow(strategy, jobs)
  const fixed10 = outcomes["fixed 10 s"]
  const ours = outcomes["jobscope default"]
  const requestRatio = ours.requestsPerJob / fixed10.requestsPerJob
  const pass = {
    requests: requestRatio <= targets.requestRatio,
    medianDelay: ours.medianDelaySeconds <= targets.medianDelaySeconds,
    p90Delay: ours.p90DelaySeconds <= targets.p90DelaySeconds,
    maxDelay: ours.maxDelaySeconds <= targets.maxDelaySeconds,
    floor: ours.minIntervalSeconds >= targets.minIntervalSeconds
  }
  console.log(
    `${jobs} UKSSDC jobs (six products, 10–30 min, seed 42), each followed to its end in simulated time\n${table(
      [
        "policy",
        "requests/job",
        "× fixed 10 s",
        "median delay s",
        "p90 delay s",
        "max delay s",
        "min interval s"
      ],
      Object.entries(outcomes).map(([name, outcome]) => [
        name,
        outcome.requestsPerJob.toFixed(1),
        `${(outcome.requestsPerJob / fixed10.requestsPerJob).toFixed(2)}×`,
        outcome.medianDelaySeconds.toFixed(1),
        outcome.p90DelaySeconds.toFixed(1),
        outcome.maxDelaySeconds.toFixed(1),
        outcome.minIntervalSeconds.toFixed(1)
      ])
    )}\n` +
      `default policy: ${requestRatio.toFixed(2)}× the requests of fixed 10 s (target ≤ ${targets.requestRatio}×) ${verdict(pass.requests)}; ` +
      `delay median ${ours.medianDelaySeconds.toFixed(1)} s (≤ ${targets.medianDelaySeconds}) ${verdict(pass.medianDelay)}, ` +
      `p90 ${ours.p90DelaySeconds.toFixed(1)} s (≤ ${targets.p90DelaySeconds}) ${verdict(pass.p90Delay)}, ` +
      `max ${ours.maxDelaySeconds.toFixed(1)} s (≤ ${targets.maxDelaySeconds}) ${verdict(pass.maxDelay)}; ` +
      `never under the 10 s floor ${verdict(pass.floor)}\n` +
      "(simulated time from one seed: the same jobs, requests and delays every run, so no per-round range)\n"
  )

  // 100,000 jobs take long to submit and need the memory: CI runs 10,000 and judges the projection.
  const scale = await watchMany(Number(process.env.WATCH_JOBS ?? 10_000), 45)
  const byDefault = scale.runs["NodeHttp (node:http)"]
  const perJobMb = (byDefault.peakRssMb - byDefault.rssBeforeMb) / byDefault.jobs
  const projectedPeakRssMb = byDefault.rssBeforeMb + perJobMb * targets.scaleJobs
  const measuredAtTarget = byDefault.jobs >= targets.scaleJobs
  const judgedRssMb = measuredAtTarget ? byDefault.peakRssMb : projectedPeakRssMb
  const scalePass = { rss: judgedRssMb <= targets.peakRssMb, cpu: byDefault.cpuRatio <= targets.cpuRatio }
  const column = (pick: (run: Many & { readonly cpuRatio: number }) => string) =>
    Object.values(scale.runs).map(pick)
  console.log(
    `${byDefault.jobs.toLocaleString("en-US")} UKSSDC jobs watched at once for ${byDefault.seconds} s in real time, in a process of their own (simulator in another, at real speed)\n${table(
      ["figure", ...Object.keys(scale.runs), "target"],
      [
        ["polls", ...column((run) => run.polls.toLocaleString("en-US")), ""],
        ["jobs seen over", ...column((run) => run.finished.toLocaleString("en-US")), ""],
        ["RSS before watching", ...column((run) => `${run.rssBeforeMb.toFixed(0)} MB`), ""],
        ["live heap halfway (after a GC)", ...column((run) => `${run.liveHeapMb.toFixed(0)} MB`), ""],
        ["peak RSS", ...column((run) => `${run.peakRssMb.toFixed(0)} MB`), ""],
        [
          `peak RSS at ${targets.scaleJobs.toLocaleString("en-US")} jobs${measuredAtTarget ? "" : " (projected: before + per-job growth × jobs)"}`,
          ...column((run) =>
            measuredAtTarget
              ? `${run.peakRssMb.toFixed(0)} MB`
              : `${(run.rssBeforeMb + ((run.peakRssMb - run.rssBeforeMb) / run.jobs) * targets.scaleJobs).toFixed(0)} MB`
          ),
          `≤ ${targets.peakRssMb} MB  ${verdict(scalePass.rss)}`
        ],
        ["CPU per poll", ...column((run) => `${run.cpuMicrosPerPoll.toFixed(0)} µs`), ""],
        [
          "CPU per poll ÷ bare fetch + JSON.parse",
          ...column((run) => `${run.cpuRatio.toFixed(2)}×`),
          `≤ ${targets.cpuRatio}×  ${verdict(scalePass.cpu)}`
        ]
      ]
    )}\nWATCH_JOBS=100000 measures ${targets.scaleJobs.toLocaleString("en-US")} jobs for real (minutes of submitting, and the memory); by default 10,000 and the projection.\nbare fetch + JSON.parse of the same status request: ${scale.baselineCpuMicrosPerRequest.toFixed(0)} µs of CPU; the target is judged on NodeHttp, the client a Node process should use; both run with Node's default flags`
  )
  return {
    figures: { policies: outcomes, requestRatio, scale: { ...scale, projectedPeakRssMb, measuredAtTarget } },
    targets,
    pass: { ...pass, ...scalePass }
  }
}
