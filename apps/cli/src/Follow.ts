/**
 * Follows jobs until they are over and shows them as they go: the live view
 * (redrawn in place on a terminal, one line per event elsewhere), one JSON
 * object per update, or a Markdown or HTML report of the end. Ends with the
 * error that decides the exit code: a deadline, a watch that failed, or jobs
 * that did not succeed.
 */
import { Job } from "@jobscope/core"
import { Follow, type Followable, type Poller } from "@jobscope/fetch"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as ExitCode from "./ExitCode.js"
import type { Format } from "./Flags.js"
import * as JsonText from "./JsonText.js"
import * as Live from "./Live.js"
import * as Report from "./Report.js"
import * as RetryNotice from "./RetryNotice.js"
import * as Screen from "./Screen.js"
import * as SpeedCheck from "./SpeedCheck.js"
import * as Style from "./Style.js"
import * as WatchState from "./WatchState.js"

/** How to follow. */
export interface Options {
  readonly format: Format
  /** How long the whole watch may take (default: no limit). */
  readonly deadline?: Option.Option<Duration.Duration> | undefined
  /** The server's clock speed, for a simulator (default: 1). */
  readonly speed?: number | undefined
  /** Where to show it (default: standard output). */
  readonly screen?: Live.Screen
  /** A title for md/html reports (default: the jobs' names). */
  readonly title?: string
  /** A file to save the watch's place to after every poll, and to go on from when it exists (default: none). */
  readonly state?: Option.Option<string> | undefined
  /** Called with every answered poll, e.g. to keep the history (default: nothing). */
  readonly onObserved?: (job: Followable.Any, observed: Poller.Observed<unknown>) => void
  /**
   * What to do next, once every job is over, shown under the live view:
   * "Download the products: jobscope ukssdc download 14" (default: nothing).
   */
  readonly nextSteps?: (snapshots: ReadonlyArray<Job.Snapshot>) => ReadonlyArray<string>
}

/**
 * What following gave: the last snapshot of each job that answered at least
 * once, in the order asked, and what makes the command fail, if anything:
 * a watch that ended early (a deadline first), or jobs that did not succeed.
 */
export interface Followed {
  readonly snapshots: ReadonlyArray<Job.Snapshot>
  readonly failure: Poller.WatchError | ExitCode.JobsUnsuccessful | ExitCode.WatchUnfinished | undefined
}

const encodeEvents = Schema.encodeSync(Schema.Array(Schema.toCodecJson(Job.Event)))
const encodeSnapshot = Schema.encodeSync(Job.SnapshotJson)

const planJson = (plan: Poller.Plan | undefined) =>
  plan === undefined
    ? null
    : {
        at: plan.at.toISOString(),
        reason: plan.reason,
        ...(plan.eta === undefined ? {} : { etaMillis: Duration.toMillis(plan.eta) })
      }

/** One update as a line of JSON, for programs (`--format json`). */
const jsonLine = (job: string, item: Follow.Many<Followable.Any>): string => {
  if (item._tag === "Failed")
    return JsonText.stringify({
      job,
      type: "ended",
      error: { _tag: item.error._tag, message: item.error.message }
    })
  const update = item.update
  return update._tag === "Observed"
    ? JsonText.stringify({
        job,
        type: "observed",
        snapshot: encodeSnapshot(update.snapshot),
        events: encodeEvents(update.events),
        next: planJson(update.next)
      })
    : JsonText.stringify({
        job,
        type: "pollFailed",
        error: { _tag: update.error._tag, message: update.error.message },
        next: planJson(update.next)
      })
}

/** A view of the updates, by format. */
interface Sink {
  readonly item: (job: string, item: Follow.Many<Followable.Any>) => void
  readonly tick: () => void
  readonly close: (snapshots: ReadonlyArray<Job.Snapshot>, interrupted: boolean) => void
}

/**
 * What to run to go on after Ctrl-C: the same command, which with `--state`
 * goes on where it was. `state` is the command's `--state` (`undefined` for
 * a command without one).
 */
const resumeHint = (state: Option.Option<string> | undefined): string =>
  state === undefined
    ? "Interrupted: stopped polling."
    : Option.isSome(state)
      ? `Interrupted: stopped polling. Run the same command to go on where it stopped (its place is in ${state.value}).`
      : "Interrupted: stopped polling. Run the same command to follow again (add --state FILE to go on where it stopped)."

const liveSink = (
  screen: Live.Screen,
  jobs: ReadonlyArray<string>,
  state: Options["state"],
  nextSteps: Options["nextSteps"],
  speed: number | undefined
): Sink => {
  const live = Live.make(screen, {
    now: () => new Date(),
    jobs: jobs.map((key) => ({ key, label: key })),
    speed
  })
  // On a terminal, a retry's line goes above the frame, which a line of its own would break.
  const restore = screen.isTTY ? RetryNotice.redirect(live.note) : () => {}
  return {
    item: (job, item) => {
      if (item._tag === "Failed") return live.ended(job)
      const update = item.update
      if (update._tag === "Observed") live.observed(job, update.snapshot, update.events, update.next)
      else live.pollFailed(job, update.error.message, update.next)
    },
    tick: live.tick,
    close: (snapshots, interrupted) => {
      restore()
      if (interrupted) live.note(resumeHint(state))
      live.close()
      const over = snapshots.length === jobs.length && snapshots.every(Job.isTerminal)
      if (!interrupted && over) for (const step of nextSteps?.(snapshots) ?? []) live.note(step)
    }
  }
}

const jsonSink = (screen: Live.Screen): Sink => ({
  item: (job, item) => screen.write(`${jsonLine(job, item)}\n`),
  tick: () => {},
  close: () => {}
})

const reportSink = (
  screen: Live.Screen,
  format: "md" | "html",
  title: string,
  speed: number | undefined
): Sink => ({
  item: () => {},
  tick: () => {},
  close: (snapshots) =>
    screen.write(
      format === "md"
        ? Report.markdown(snapshots, title, { speed })
        : Report.html(snapshots, title, { speed })
    )
})

/**
 * Follows `jobs` until each is over (or its watch ends), showing them as
 * `options.format` says, and tells how it went. Each job is shown and
 * reported under its name ("UKSSDC job 14").
 */
export const run = <J extends Followable.Any>(jobs: ReadonlyArray<J>, options: Options) =>
  Effect.gen(function* () {
    yield* SpeedCheck.check(options.speed ?? 1)
    const screen = options.screen ?? Screen.stdout()
    const keys = jobs.map((job) => job.name)
    const title = options.title ?? keys.join(", ")
    const statePath =
      options.state !== undefined && Option.isSome(options.state) ? options.state.value : undefined
    // A speed other than 1 is accepted only for a simulator (SpeedCheck): its clock is the simulator's.
    const simulated = options.speed === undefined || options.speed === 1 ? undefined : options.speed
    const sink =
      options.format === "json"
        ? jsonSink(screen)
        : options.format === "text"
          ? liveSink(screen, keys, options.state, options.nextSteps, simulated)
          : reportSink(screen, options.format, title, simulated)
    const last = new Map<string, Job.Snapshot>()
    const errors: Array<Poller.WatchError> = []
    const snapshots = () => keys.flatMap((key) => last.get(key) ?? [])
    const resumed = statePath === undefined ? [] : yield* WatchState.read(statePath)
    const places = new Map(resumed.map((saved) => [saved.key, saved]))
    const updates = Follow.watchAll(jobs, {
      policy: { speed: options.speed ?? 1 },
      resume: resumed,
      ...(options.deadline !== undefined && Option.isSome(options.deadline)
        ? { deadline: options.deadline.value }
        : {})
    })
    const run = Stream.runForEach(updates, (item) =>
      Effect.sync(() => {
        const job = item.job.name
        if (item._tag === "Update" && statePath !== undefined) {
          places.set(item.job.key, { key: item.job.key, state: item.update.state })
          WatchState.write(statePath, places)
        }
        if (item._tag === "Failed") errors.push(item.error)
        else if (item.update._tag === "Observed") {
          last.set(job, item.update.snapshot)
          options.onObserved?.(item.job, item.update)
        }
        sink.item(job, item)
      })
    )
    const ticking = screen.isTTY && options.format === "text"
    yield* (ticking ? Effect.raceFirst(run, ticker(sink)) : run).pipe(
      Effect.onExit((exit) => Effect.sync(() => sink.close(snapshots(), Exit.hasInterrupts(exit))))
    )
    const failure =
      errors.find((error) => error._tag === "DeadlinePassed") ??
      errors[0] ??
      // A watch that ended without its job's final snapshot is never a success.
      ExitCode.unfinished(
        keys.filter((job) => {
          const snapshot = last.get(job)
          return snapshot === undefined || !Job.isTerminal(snapshot)
        })
      ) ??
      ExitCode.unsuccessful(
        keys.flatMap((job) => {
          const snapshot = last.get(job)
          const outcome = snapshot === undefined ? undefined : Job.outcome(snapshot)
          return outcome === undefined ? [] : [{ job, outcome }]
        })
      )
    // The command shows its failure; every other job's watch error is shown here, each once.
    for (const error of errors)
      if (error !== failure)
        process.stderr.write(`jobscope: ${Style.sanitize(error.message, { singleLine: true })}\n`)
    return { snapshots: snapshots(), failure } satisfies Followed
  })

/**
 * Follows `jobs` as {@link run} does, and fails with what went wrong: the
 * first watch error (a deadline first), else `JobsUnsuccessful` when a job
 * failed, was rejected or cancelled.
 */
export const follow = <J extends Followable.Any>(jobs: ReadonlyArray<J>, options: Options) =>
  Effect.flatMap(run(jobs, options), (followed) =>
    followed.failure === undefined ? Effect.succeed(followed.snapshots) : Effect.fail(followed.failure)
  )

/** Redraws the live view every second, so running times and countdowns move. */
const ticker = (sink: Sink) =>
  Effect.sync(() => sink.tick()).pipe(
    Effect.repeat(Schedule.spaced("1 second")),
    Effect.andThen(Effect.never)
  )
