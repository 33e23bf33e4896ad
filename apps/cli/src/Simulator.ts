/**
 * The simulator as a scoped resource of a command (`sim`, `demo`): loaded on
 * demand, so that other commands start without it, and closed when the
 * command ends, however it ends.
 */
import type { Simulator, StartOptions } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/** The simulator could not start: a port in use, a bad fault rule, an option out of range. */
export class StartFailed extends Schema.TaggedError<StartFailed>()("StartFailed", {
  message: Schema.String
}) {}

/** The simulator's module, loaded on first use. */
export const load = Effect.promise(() => import("@jobscope/simulator"))

/** Starts a simulator for the rest of the scope. */
export const start = (options: StartOptions) =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => (await import("@jobscope/simulator")).start(options),
      catch: (error) =>
        new StartFailed({
          message: `the simulator did not start: ${error instanceof Error ? error.message : String(error)}`
        })
    }),
    (sim) => Effect.promise(() => sim.close())
  )

/** What a simulator was started with that people need to know of, besides its APIs. */
export interface BannerOptions {
  /** Whether it serves the live status page. */
  readonly web: boolean
  /** A registered TOO user (whose secret is never shown). */
  readonly tooUser?: string
  /** Pipelines started on TOM targets. */
  readonly pipelines?: ReadonlyArray<{ readonly target: number; readonly pk: number }>
}

/** Where each API of a running simulator lives, and what it holds, for people. */
export const banner = (sim: Simulator, options: BannerOptions): string =>
  [
    `Simulator on ${sim.url} (speed ${sim.clock.speed}, seed ${sim.seed})`,
    ...(options.web ? [`  Live status page  ${sim.url}/`] : []),
    `  UKSSDC  jobscope ukssdc … --base-url ${sim.url}`,
    `  TOO     jobscope too … --base-url ${sim.url}`,
    ...(options.tooUser === undefined
      ? []
      : [
          `          user ${options.tooUser}, with the shared secret given; jobscope too … --username ${options.tooUser}`
        ]),
    `  TOM     jobscope tom … --base-url ${sim.url}`,
    ...(options.pipelines ?? []).map(
      ({ target, pk }) =>
        `          pipeline ${pk} on target ${target}: jobscope tom watch --pipeline ${pk} --base-url ${sim.url}`
    ),
    `  UWS     ${sim.url}/uws/jobs (UWS 1.1), ${sim.url}/uws10/jobs (UWS 1.0)`,
    `  TAP     ${sim.url}/tap (a TAP 1.1 service: pyvo.dal.TAPService("${sim.url}/tap"))`,
    ...(sim.clock.speed === 1
      ? []
      : [`  Add --speed ${sim.clock.speed} to watch commands, to poll at its pace.`]),
    "Stop with Ctrl+C."
  ].join("\n")
