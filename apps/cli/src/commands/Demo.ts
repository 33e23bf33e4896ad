/**
 * `jobscope demo`: everything at once, with no network. Starts the simulator,
 * submits a UKSSDC job for all six products, a Swift TOO visibility query
 * and a TOO request, starts a TOM pipeline, follows the four live, and writes
 * `report.html`, `report.md` and `snapshots.json`.
 */
import { randomBytes } from "node:crypto"
import { mkdirSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { Job, Too } from "@jobscope/core"
import { JobRef, TooClient, UkssdcClient } from "@jobscope/fetch"
import type { Simulator as Simulated } from "@jobscope/simulator"
import { Command, Flag } from "effect/cli"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Clients from "../Clients.js"
import * as Flags from "../Flags.js"
import * as Follow from "../Follow.js"
import * as Output from "../Output.js"
import * as Problem from "../Problem.js"
import * as Report from "../Report.js"
import * as Simulator from "../Simulator.js"
import * as SpeedCheck from "../SpeedCheck.js"
import * as WebPage from "../WebPage.js"
import { summary } from "./Summary.js"

/** The simulator's example TOO request, checked and typed as the client sends it. */
const tooRequest = (example: Readonly<Record<string, unknown>>): TooClient.RequestData => {
  const {
    username: _,
    validate_only: __,
    ...data
  } = Schema.decodeUnknownSync(Too.Request)({
    api_name: "Swift_TOO_Request",
    api_version: "1.2",
    api_data: { username: "demo", ...example }
  }).api_data
  return data
}

const encodeSnapshot = Schema.encodeSync(Job.SnapshotJson)

/**
 * How long the demo's jobs take, in simulated time: 20 to 28 minutes, so
 * that at the default 60 times real time a person sees them move for 20 to
 * 30 seconds (the simulator's own TOO and TOM defaults end in seconds, before
 * the first frame), and CI's run of it stays under a minute.
 */
const pace = {
  ukssdc: { min: "20 minutes", max: "26 minutes" },
  too: { queued: { min: 300, max: 420 }, processing: { min: 900, max: 1200 } },
  pipeline: {
    steps: [
      { after: 240, status: "downloading data", logs: ["Fetching 12 frames from the archive"] },
      { after: 360, status: "calibrating", logs: ["Bias, dark and flat frames applied"] },
      { after: 420, status: "running astrosource", logs: ["Found 214 comparison stars"] },
      { after: 300, status: "making the light curve", logs: ["Light curve of 12 points written"] }
    ],
    end: { after: 120, outcome: "created", logs: ["Pipeline finished"] }
  }
} as const

/** The longest of them, simulated seconds: a TOO job queued 420 s and processed 1200 s. */
const longest = 420 + 1200

/** What the person is looking at, and that it ends by itself. */
const banner = (sim: Simulated, flags: { readonly speed: number; readonly out: string }, web: boolean) =>
  [
    `jobscope demo: a simulated UKSSDC product builder, Swift TOO API and TOM on ${sim.url}, their clocks ${sim.clock.speed} times real time.`,
    `Four jobs are submitted and followed live until each is over (about ${Math.round(longest / flags.speed)} s); then the reports are written to ${flags.out}/.`,
    ...(web ? [`The live status page, while it runs: ${sim.url}/`] : [])
  ].join("\n")

/** `jobscope demo`. */
export const command = Command.make(
  "demo",
  {
    out: Flag.String("out").pipe(Flag.withDescription("Where to write the reports"), Flag.withDefault("out")),
    speed: Flags.clockSpeed("How many times faster than real time the simulated observatories run", 60)
  },
  (flags) =>
    Effect.gen(function* () {
      // Before the simulator starts and anything is submitted.
      if (flags.speed > SpeedCheck.maxSpeed)
        return yield* Problem.usage(`--speed takes a number up to ${SpeedCheck.maxSpeed}, not ${flags.speed}`)
      const { Too: SimulatedToo, Ukssdc: SimulatedUkssdc } = yield* Simulator.load
      const { sixProducts } = SimulatedUkssdc
      const secret = randomBytes(24).toString("base64url")
      const site = WebPage.directory()
      const sim = yield* Simulator.start({
        speed: flags.speed,
        seed: 7,
        // A fixed date keeps the demo's TOO target well away from the Sun, whatever the day.
        start: new Date("2026-03-15T00:00:00Z"),
        ukssdc: { failureProbability: 0, jobDuration: pace.ukssdc },
        too: { users: { demo: secret }, ...pace.too },
        ...(site === undefined ? {} : { site })
      })
      yield* Output.line(banner(sim, flags, site !== undefined))
      const clients = Layer.mergeAll(
        Clients.ukssdc({ baseUrl: sim.url, userId: "demo@example.org" }),
        Clients.too({ baseUrl: sim.url, username: "demo", secret }),
        Clients.tom({ baseUrl: sim.url })
      )
      const jobs = yield* Effect.gen(function* () {
        const ukssdc = yield* UkssdcClient.UkssdcClient
        const too = yield* TooClient.TooClient
        const accepted = yield* ukssdc.submit({ ...sixProducts, UserID: "demo@example.org" })
        yield* Output.line(`Submitted UKSSDC job ${accepted.JobID} for all six products: ${accepted.URL}`)
        const visibility = yield* too.visibility(sixProducts.RA, sixProducts.Dec, {
          begin: sim.clock.now(),
          length: 7
        })
        yield* Output.line(
          `Asked Swift TOO when ${sixProducts.name} is visible: job ${visibility.api_data.jobnumber}`
        )
        const request = yield* too.request(tooRequest(SimulatedToo.supernovaRequest))
        yield* Output.line(`Sent a Swift TOO request for SN 2026abc: job ${request.api_data.jobnumber}`)
        const pipeline = sim.tom.addProcess(1, { kind: "pipeline", script: pace.pipeline })
        yield* Output.line(`Started TOM pipeline ${pipeline.pk} on target 1`)
        return [
          JobRef.fromSubmit(accepted, sixProducts.name, { positions: true }),
          JobRef.fromToo(visibility, `Visibility of ${sixProducts.name}`),
          JobRef.fromToo(request, "TOO request for SN 2026abc"),
          JobRef.tomPipeline(pipeline.pk, "TOM pipeline")
        ]
      }).pipe(Effect.provide(clients))
      const history = new Map<string, Array<Job.Snapshot>>()
      const followed = yield* Follow.run(jobs, {
        format: "text",
        speed: flags.speed,
        deadline: Option.some(Duration.seconds(90)),
        onObserved: (job, observed) => {
          history.set(job.name, [...(history.get(job.name) ?? []), observed.snapshot])
        }
      }).pipe(Effect.provide(clients))
      const out = resolve(flags.out)
      mkdirSync(out, { recursive: true })
      // The simulator stops with the demo: a report read later must not pass its links off as working.
      const report = {
        speed: flags.speed,
        note: `Made by jobscope demo against a simulator at ${sim.url} whose clock ran ${flags.speed}× fast. The simulator stopped when the demo ended: the links to its products and pages no longer answer (run jobscope demo again for a live one).`
      }
      writeFileSync(join(out, "report.html"), Report.html(followed.snapshots, "jobscope demo", report))
      writeFileSync(join(out, "report.md"), Report.markdown(followed.snapshots, "jobscope demo", report))
      writeFileSync(
        join(out, "snapshots.json"),
        `${JSON.stringify(
          Object.fromEntries(
            Array.from(history, ([job, snapshots]) => [job, snapshots.map((s) => encodeSnapshot(s))])
          ),
          null,
          2
        )}\n`
      )
      yield* Output.line(
        `Wrote ${["report.html", "report.md", "snapshots.json"].map((file) => join(flags.out, file)).join(", ")}`
      )
      if (followed.failure !== undefined) return yield* Effect.fail(followed.failure)
    }).pipe(Effect.scoped)
).pipe(
  Command.withDescription(summary.demo),
  Command.withExamples([
    { command: "jobscope demo", description: "Four jobs followed live; reports in out/" },
    { command: "jobscope demo --out /tmp/report --speed 120", description: "Faster, reports elsewhere" }
  ])
)
