/**
 * The polling loop behind every watch, for any followable job: poll, diff
 * with the previous snapshot against the job's Source, ask the core's `Poll`
 * policy when to ask again, sleep, repeat until the job is over. It knows
 * nothing of HTTP or of any API; the job (a `Followable`) brings its request.
 * Each snapshot keeps what the server stopped saying of a finished task
 * (`Job.carryOver`: a UKSSDC product's last steps and running time).
 *
 * Its state saves to JSON after every poll, and a watcher started from a saved
 * state diffs against the last snapshot seen and waits out the planned delay,
 * so it repeats no event and never polls under the floor.
 *
 * @example
 * ```ts
 * import { Poller } from "@jobscope/fetch"
 * import { Poll } from "@jobscope/core"
 *
 * const updates = Poller.stream({ job, policy: Poll.make(job.source) })
 * ```
 */
import { DecodeError, Job, Pace, Poll } from "@jobscope/core"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { FetchError } from "./FetchError.js"
import * as Followable from "./Followable.js"
import * as Planned from "./internal/planned.js"

/** What a watcher remembers: enough to resume it in another process without repeating itself. */
export const State = Schema.Struct({
  /** The last snapshot seen, which the next poll is diffed against. */
  last: Schema.optionalKey(Job.Snapshot),
  /** The polling policy's own memory. */
  poll: Poll.State,
  /** Polls made so far, answered or not. */
  polls: Schema.Int,
  /** Failed polls in a row. */
  failures: Schema.Int,
  /** When the next poll is due, in epoch milliseconds. */
  nextPollAt: Schema.Finite,
  /** When the watch must end, in epoch milliseconds, if it has a deadline. */
  deadlineAt: Schema.optionalKey(Schema.Finite)
})

/** What a watcher remembers. */
export interface State extends Schema.Schema.Type<typeof State> {}

/** A watcher's state as plain JSON, to save between runs. */
export const StateJson = Schema.toCodecJson(State)

/** When the next poll is planned, and why that long. */
export interface Plan {
  readonly at: Date
  readonly reason: Poll.Reason
  /** The job's remaining time as the policy estimates it, when it can tell. */
  readonly eta?: Duration.Duration
}

/** A poll that got an answer: the job as it is now and what changed since the previous answer. */
export interface Observed<Reply> {
  readonly _tag: "Observed"
  readonly snapshot: Job.Snapshot
  /** What changed since the previous answer; for the first, a `TaskAdded` per task. */
  readonly events: ReadonlyArray<Job.Event>
  /** The reply as the API's client decoded it, for what a snapshot does not hold (a TOO job's result). */
  readonly reply: Reply
  /** The next poll, or `undefined` when the job is over and the watch ends. */
  readonly next: Plan | undefined
  /** The state to save to resume from here. */
  readonly state: State
}

/** A poll that failed in a way worth trying again (network, timeout, 5xx, 429, an unreadable reply). */
export interface PollFailed {
  readonly _tag: "PollFailed"
  readonly error: FetchError
  readonly next: Plan
  readonly state: State
}

/** What a watch emits after each poll. */
export type Update<Reply> = Observed<Reply> | PollFailed

/** The watch ran past its deadline; the last snapshot seen is kept. */
export class DeadlinePassed extends Schema.TaggedError<DeadlinePassed>()("DeadlinePassed", {
  job: Schema.String,
  /** The deadline, as an instant. */
  deadline: Schema.Date,
  /** The job as last seen, when it was seen at all. */
  last: Schema.optionalKey(Job.Snapshot),
  message: Schema.String
}) {}

/** The server kept failing: this many polls in a row failed, the last with `error`. */
export class GaveUp extends Schema.TaggedError<GaveUp>()("GaveUp", {
  job: Schema.String,
  failures: Schema.Int,
  error: FetchError,
  /** The job as last seen, when it was seen at all. */
  last: Schema.optionalKey(Job.Snapshot),
  message: Schema.String
}) {}

/**
 * A poll died instead of failing: a bug, or a reply so strange that the code
 * handling it threw. The watch ends with it rather than as if the job were
 * over; retrying would die the same way.
 */
export class PollDefect extends Schema.TaggedError<PollDefect>()("PollDefect", {
  job: Schema.String,
  /** What the defect said. */
  reason: Schema.String,
  /** The job as last seen, when it was seen at all. */
  last: Schema.optionalKey(Job.Snapshot),
  message: Schema.String
}) {}

/** How a watch can end without the job being over. */
export type WatchError = DeadlinePassed | GaveUp | PollDefect | FetchError

/**
 * What watches learn of their tasks' pace as the tasks end (see the core's
 * `Pace`), shared by every watch given the same one: tasks of one kind go
 * through the same steps from job to job, so each ETA gains from the others. Its
 * `book` is plain JSON (`Pace.Book`), to save with the watches' states
 * and pass back to {@link learning} when resuming.
 */
export interface Learning {
  book: Pace.Book
}

/** A {@link Learning} that starts from `book` (default: nothing learned). */
export const learning = (book: Pace.Book = Pace.empty): Learning => ({ book })

/** What a poller needs. */
export interface Options<Reply, R> {
  /** The job: its name (in errors), its Source (for diffs) and its request. */
  readonly job: Followable.Followable<Reply, R>
  /** The polling policy, usually `Poll.make(job.source, …)`. */
  readonly policy: Poll.Policy
  /** How long the whole watch may take; a poll still in flight then is cut short (default: no limit). */
  readonly deadline?: Duration.Input
  /**
   * How many failed polls in a row are borne before the watch fails with
   * {@link GaveUp} (default: 10). A refusal (`Refused`, `InvalidRequest`) ends it at once.
   */
  readonly maxFailures?: number
  /** A saved state to go on from, as an earlier update gave it. */
  readonly resume?: State
  /** What is learned of the tasks' pace, read for ETAs and added to as tasks end (default: nothing is learned). */
  readonly learning?: Learning
}

/** Errors that no second try can mend: the server refused, or we would not send. */
const isFinal = (error: FetchError): boolean => !transient.has(error._tag)

/**
 * The failures worth polling again for: the network, a timeout, an HTTP
 * status, an unreadable or oversized reply (a broken proxy, a server in
 * trouble: the next poll may be fine, and each costs at most the reply
 * limit). Any other (a request's own failure such as the
 * Promise face's `NotConfigured`) is final too, rather than retried for minutes.
 */
const transient: ReadonlySet<string> = new Set([
  "Unreachable",
  "RequestTimeout",
  "HttpStatusError",
  "InvalidReply",
  "ReplyTooLarge",
  "DeadlineExceeded"
])

/**
 * One watch as two steps a scheduler can drive: `start` gives the state to
 * begin from (fresh, or the saved one), and `step` polls once, now, and gives
 * the updates and the state to go on from (none once the job is over). Whoever
 * drives it waits until `state.nextPollAt` before each step.
 */
export interface Poller<Reply, E, R> {
  readonly start: Effect.Effect<State>
  readonly step: (state: State) => Effect.Effect<Page<Reply>, E, R>
}

/** The steps of one watch, for a scheduler that runs many (`stream` runs one as a stream). */
export const steps = <Reply, R>(options: Options<Reply, R>): Poller<Reply, WatchError, R> => {
  const maxFailures = options.maxFailures ?? 10
  const { policy, job } = options
  const name = job.name
  const poll = Followable.poll(job)
  const start = Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    // A deadline given to a resumed watch counts from now; without one, the saved deadline holds.
    if (options.resume !== undefined)
      return options.deadline === undefined
        ? options.resume
        : {
            ...options.resume,
            deadlineAt: now + Duration.toMillis(Duration.fromInputUnsafe(options.deadline))
          }
    return {
      poll: Poll.initial(policy),
      polls: 0,
      failures: 0,
      nextPollAt: now,
      ...(options.deadline === undefined
        ? {}
        : { deadlineAt: now + Duration.toMillis(Duration.fromInputUnsafe(options.deadline)) })
    } satisfies State
  })

  const deadlinePassed = (state: State, deadlineAt: number): DeadlinePassed =>
    new DeadlinePassed({
      job: name,
      deadline: new Date(deadlineAt),
      ...(state.last === undefined ? {} : { last: state.last }),
      message: `${name}: not over by the deadline (${new Date(deadlineAt).toISOString()})${
        state.last === undefined ? "; it was never seen" : ""
      }`
    })

  /** One poll, cut short at the deadline: a poll that hangs must not keep the watch past it. */
  const pollBefore = (
    state: State,
    now: number
  ): Effect.Effect<Result.Result<Followable.Answer<Reply>, FetchError>, DeadlinePassed | PollDefect, R> => {
    const { deadlineAt } = state
    const answer = catchDefect(state, Effect.result(poll))
    return deadlineAt === undefined
      ? answer
      : Effect.timeoutOrElse(answer, {
          duration: Duration.millis(deadlineAt - now),
          orElse: () => Effect.fail(deadlinePassed(state, deadlineAt))
        })
  }

  /** A poll that dies (throws) fails the watch with `PollDefect`: it never just vanishes. */
  const catchDefect = <A, E>(
    state: State,
    poll: Effect.Effect<A, E, R>
  ): Effect.Effect<A, E | PollDefect, R> =>
    Effect.catchDefect(poll, (defect) => {
      const reason = DecodeError.excerpt(defect instanceof Error ? defect.message : String(defect))
      return Effect.fail(
        new PollDefect({
          job: name,
          reason,
          ...(state.last === undefined ? {} : { last: state.last }),
          message: `${name}: a poll failed unexpectedly: ${reason}`
        })
      )
    })

  const step = (state: State): Effect.Effect<Page<Reply>, WatchError, R> =>
    Effect.gen(function* () {
      const startedAt = yield* Clock.currentTimeMillis
      const { deadlineAt } = state
      if (deadlineAt !== undefined && startedAt >= deadlineAt)
        return yield* Effect.fail(deadlinePassed(state, deadlineAt))
      const answer =
        state.polls === 0 && job.first !== undefined
          ? Result.succeed(yield* catchDefect(state, Followable.answerOf(job, job.first)))
          : yield* pollBefore(state, startedAt)
      // The next poll is timed from the end of this one: a poll that took long
      // (the transport retrying) may have reached the server only just now.
      const now = yield* Clock.currentTimeMillis
      const random = yield* Random.next
      const polls = state.polls + 1
      if (Result.isFailure(answer)) {
        const error = answer.failure
        const failures = state.failures + 1
        if (isFinal(error)) return yield* Effect.fail(error)
        if (failures >= maxFailures) {
          return yield* Effect.fail(
            new GaveUp({
              job: name,
              failures,
              error,
              ...(state.last === undefined ? {} : { last: state.last }),
              message: `${name}: gave up after ${failures} failed polls in a row; the last: ${error.message}`
            })
          )
        }
        const retryAfter = error._tag === "HttpStatusError" ? error.retryAfter : undefined
        const decision = Poll.afterFailure(
          policy,
          state.poll,
          retryAfter === undefined ? undefined : Duration.millis(retryAfter),
          random
        )
        const next = plan(now, decision, state.deadlineAt)
        const after: State = {
          ...state,
          poll: decision.state,
          polls,
          failures,
          nextPollAt: next.at.getTime()
        }
        const update: PollFailed = { _tag: "PollFailed", error, next, state: after }
        return page(update, after)
      }
      const { reply } = answer.success
      // What a server stops saying of a finished task (a UKSSDC product's steps and running time) is kept.
      const snapshot =
        state.last === undefined
          ? answer.success.snapshot
          : Job.carryOver(state.last, answer.success.snapshot)
      const events = Job.diff(state.last ?? { ...snapshot, tasks: [] }, snapshot, job.source)
      const { learning } = options
      const decision = Poll.next(
        policy,
        state.poll,
        learning === undefined ? { snapshot, events } : { snapshot, events, learned: learning.book },
        random
      )
      if (learning !== undefined)
        for (const finished of decision.finished) learning.book = Pace.record(learning.book, finished)
      if (Job.isTerminal(snapshot)) {
        // A watch resumed from here (to look once more) waits out the floor like any other.
        const nextPollAt = now + Duration.toMillis(policy.floor)
        const after: State = { ...state, last: snapshot, polls, failures: 0, nextPollAt }
        const update: Observed<Reply> = {
          _tag: "Observed",
          snapshot,
          events,
          reply,
          next: undefined,
          state: after
        }
        return page(update, undefined)
      }
      const next = plan(now, decision, state.deadlineAt)
      const after: State = {
        ...state,
        last: snapshot,
        poll: decision.state,
        polls,
        failures: 0,
        nextPollAt: next.at.getTime()
      }
      const update: Observed<Reply> = { _tag: "Observed", snapshot, events, reply, next, state: after }
      return page(update, after)
    })

  return { start, step }
}

/** A watch as a stream of updates, one per poll, ending after the poll that finds the job over. */
export const stream = <Reply, R>(options: Options<Reply, R>): Stream.Stream<Update<Reply>, WatchError, R> => {
  const { start, step } = steps(options)
  return Stream.unwrap(
    Effect.map(start, (initial) =>
      Stream.paginate(initial, (state: State) => Effect.andThen(waitUntil(state.nextPollAt), step(state)))
    )
  )
}

/** One poll's output: its updates, and the state to go on from (none once the job is over). */
export type Page<Reply> = readonly [ReadonlyArray<Update<Reply>>, Option.Option<State>]

const page = <Reply>(update: Update<Reply>, after: State | undefined): Page<Reply> => [
  [update],
  after === undefined ? Option.none() : Option.some(after)
]

const plan = (now: number, decision: Poll.Decision, deadlineAt: number | undefined): Plan => {
  const delay = Poll.capToDeadline(
    decision.delay,
    new Date(now),
    deadlineAt === undefined ? undefined : new Date(deadlineAt)
  )
  return {
    at: Planned.at(now, Duration.toMillis(delay)),
    reason: decision.reason,
    ...(decision.eta === undefined ? {} : { eta: decision.eta })
  }
}

/** Sleeps until an instant, by the Effect clock (not at all if it has passed). */
const waitUntil = (at: number) =>
  Effect.flatMap(Clock.currentTimeMillis, (now) =>
    at > now ? Effect.sleep(Duration.millis(at - now)) : Effect.void
  )
