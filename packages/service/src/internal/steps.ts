/**
 * The two steps of a watch workflow, each run as an Activity: submitting the
 * job (once, ever) and one poll. Both are idempotent against the store, so a
 * step that ran to its write but died before the journal recorded it gives
 * the stored answer instead of asking the server again.
 */
import { Job, Poll, Ukssdc } from "@jobscope/core"
import { type FetchError, Followable, JobRef, UkssdcClient } from "@jobscope/fetch"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Schema from "effect/Schema"
import * as Credentials from "../Credentials.js"
import * as Sealing from "../Sealing.js"
import * as Store from "../Store.js"
import * as Upstreams from "../Upstreams.js"
import * as WatchEvent from "../WatchEvent.js"

/** Consecutive failed polls after which a watch gives up. */
export const maxFailures = 10

/**
 * What a poll step answers the workflow, and its journal keeps: how long to
 * wait and whether the watch is over. The snapshot is not in it: it is kept
 * once, in the poll's row of the store (a journal written by an earlier
 * version, with the snapshot in it, still decodes: the extra key is ignored).
 */
export const PollOutcome = Schema.Struct({
  delay: Schema.Finite,
  finished: Schema.Boolean
})

/** What a poll step answers the workflow. */
export interface PollOutcome extends Schema.Schema.Type<typeof PollOutcome> {}

/** A submit-and-watch's first step, as stored. */
export const Submission = Schema.Struct({ ukssdc: Ukssdc.JobParameters })

/** A submit-and-watch's first step. */
export interface Submission extends Schema.Schema.Type<typeof Submission> {}

/** What the policy and the watch remember between polls (the `state` column). */
const Remembered = Schema.Struct({ poll: Poll.State, failures: Schema.Int })
const RememberedJson = Schema.fromJsonString(Remembered)
const encodeRemembered = Schema.encodeSync(RememberedJson)
const decodeRemembered = Schema.decodeUnknownSync(RememberedJson)

const SnapshotText = Schema.fromJsonString(Job.SnapshotJson)
const encodeSnapshot = Schema.encodeSync(SnapshotText)
const decodeSnapshot = Schema.decodeUnknownSync(SnapshotText)

const RefText = Schema.fromJsonString(Schema.toCodecJson(JobRef.JobRef))
/** A job reference as stored. */
export const encodeRef = Schema.encodeSync(RefText)
/** A job reference from its stored text. */
export const decodeRef = Schema.decodeUnknownSync(RefText)
const decodeSubmission = Schema.decodeUnknownSync(Schema.fromJsonString(Submission))

const outcomeOf = (row: Store.PollRow): PollOutcome => ({
  delay: row.delay,
  finished: row.finished
})

const over: PollOutcome = { delay: 0, finished: true }

/** The steps, with a per-runner cache of the jobs being followed (a UKSSDC job remembers what it already read). */
export const make = Effect.gen(function* () {
  const store = yield* Store.Store
  const upstreams = yield* Upstreams.Upstreams
  const sealing = yield* Sealing.Sealing
  const following = new Map<string, Followable.Any>()

  /** Ends a watch whose step cannot go on, with a `WatchEnded` failed event. */
  const giveUp = (watch: Store.WatchRow, poll: number, reason: string, at: number, nextSeq: number) =>
    Effect.as(
      store.recordPoll({
        poll: {
          watchId: watch.id,
          poll,
          sentAt: at,
          at,
          snapshot: null,
          error: reason,
          delay: 0,
          reason: "failure",
          state: encodeRemembered({
            poll: { wait: 0, quietPolls: 0, overduePolls: 0, tasks: [] },
            failures: 0
          }),
          nextSeq: nextSeq + 1,
          finished: true
        },
        events: [ended(watch.id, nextSeq, poll, at, "failed")],
        status: "failed",
        outcome: "failed"
      }),
      over
    )

  const submit = (watchId: string) =>
    Effect.gen(function* () {
      const watch = Option.getOrThrow(yield* store.watch(watchId))
      if (watch.ref !== null) return watch.ref
      const at = yield* Clock.currentTimeMillis
      if (watch.lastRequestAt !== null) {
        // An earlier life sent the submission and died before its answer was kept: sending it again could make a second job.
        yield* giveUp(
          watch,
          0,
          "the service stopped while submitting; not submitted again, so as not to make a second job (see your UKSSDC job list)",
          at,
          1
        )
        return null
      }
      const credentials = yield* Credentials.open(sealing, watch.credentials)
      const lacking = upstreams.missing("ukssdc", credentials)
      if (lacking !== undefined) {
        yield* giveUp(watch, 0, lacking, at, 1)
        return null
      }
      const submission = decodeSubmission(watch.submit)
      yield* store.markRequest(watchId, at)
      const clients = yield* upstreams.clients(credentials)
      const accepted = yield* Effect.result(
        Effect.flatMap(UkssdcClient.UkssdcClient, (client) => client.submit(submission.ukssdc)).pipe(
          Effect.provideContext(clients)
        )
      )
      if (accepted._tag === "Failure") {
        yield* giveUp(
          watch,
          0,
          upstreams.scrub(credentials)(accepted.failure.message),
          yield* Clock.currentTimeMillis,
          1
        )
        return null
      }
      const ref = encodeRef(JobRef.fromSubmit(accepted.success, watch.label ?? undefined).ref)
      yield* store.setRef(watchId, ref, "ukssdc")
      return ref
    })

  const poll = (watchId: string, index: number) =>
    Effect.gen(function* () {
      const stored = yield* store.poll(watchId, index)
      if (Option.isSome(stored)) return outcomeOf(stored.value)
      const watch = Option.getOrThrow(yield* store.watch(watchId))
      const previous = index === 0 ? Option.none() : yield* store.poll(watchId, index - 1)
      const nextSeq = Option.match(previous, { onNone: () => 1, onSome: (row) => row.nextSeq })
      if (watch.status !== "active" || watch.ref === null) return over
      const ref = decodeRef(watch.ref)
      const job: Followable.Any = following.get(watchId) ?? JobRef.follow(ref)
      following.set(watchId, job)
      const credentials = yield* Credentials.open(sealing, watch.credentials)
      const start = yield* Clock.currentTimeMillis
      const lacking = upstreams.missing(job.source.id, credentials)
      if (lacking !== undefined) {
        following.delete(watchId)
        return yield* giveUp(watch, index, lacking, start, nextSeq)
      }
      const policy = upstreams.policy(job.source)
      const remembered = Option.match(previous, {
        onNone: () => ({ poll: Poll.initial(policy), failures: 0 }),
        onSome: (row) => decodeRemembered(row.state)
      })
      // The floor holds against the last request sent, whichever life or runner sent it.
      const floor = Duration.toMillis(policy.floor)
      if (watch.lastRequestAt !== null && start < watch.lastRequestAt + floor)
        yield* Effect.sleep(Duration.millis(watch.lastRequestAt + floor - start))
      const sentAt = yield* Clock.currentTimeMillis
      yield* store.markRequest(watchId, sentAt)
      const clients = yield* upstreams.clients(credentials)
      // A built-in job asks one of the three clients; which one its ref says.
      const request = Followable.poll(job) as Effect.Effect<
        Followable.Answer<unknown>,
        FetchError.FetchError,
        Upstreams.Clients
      >
      const answer = yield* Effect.result(Effect.provideContext(request, clients))
      const random = yield* Random.next
      const at = yield* Clock.currentTimeMillis
      if (answer._tag === "Failure") {
        const error = answer.failure
        const failures = remembered.failures + 1
        if (failures >= maxFailures) {
          following.delete(watchId)
          return yield* giveUp(watch, index, upstreams.scrub(credentials)(error.message), at, nextSeq)
        }
        const retryAfter = error._tag === "HttpStatusError" ? error.retryAfter : undefined
        const decision = Poll.afterFailure(
          policy,
          remembered.poll,
          retryAfter === undefined ? undefined : Duration.millis(retryAfter),
          random
        )
        const row: Store.PollRow = {
          watchId,
          poll: index,
          sentAt,
          at,
          snapshot: null,
          error: upstreams.scrub(credentials)(error.message),
          delay: Duration.toMillis(decision.delay),
          reason: decision.reason,
          state: encodeRemembered({ poll: decision.state, failures }),
          nextSeq,
          finished: false
        }
        yield* store.recordPoll({ poll: row, events: [], status: "active", outcome: null })
        return outcomeOf(row)
      }
      const snapshot = answer.success.snapshot
      const before = yield* store.lastSnapshot(watchId)
      const previousSnapshot = Option.match(before, {
        onNone: () => ({ ...snapshot, tasks: [] }),
        onSome: (row) => decodeSnapshot(row.snapshot)
      })
      const found = Job.diff(previousSnapshot, snapshot, job.source)
      const decision = Poll.next(policy, remembered.poll, { snapshot, events: found }, random)
      const outcome = Job.isTerminal(snapshot) ? (Job.outcome(snapshot) ?? "succeeded") : undefined
      const events: Array<Store.EventRow> = found.map((event, i) => ({
        watchId,
        seq: nextSeq + i,
        poll: index,
        at,
        kind: event._tag,
        event: WatchEvent.encode(event)
      }))
      if (outcome !== undefined) events.push(ended(watchId, nextSeq + events.length, index, at, outcome))
      const text = encodeSnapshot(snapshot)
      const row: Store.PollRow = {
        watchId,
        poll: index,
        sentAt,
        at,
        snapshot: text,
        error: null,
        delay: Duration.toMillis(decision.delay),
        reason: decision.reason,
        state: encodeRemembered({ poll: decision.state, failures: 0 }),
        nextSeq: nextSeq + events.length,
        finished: outcome !== undefined
      }
      yield* store.recordPoll({
        poll: row,
        events,
        status: outcome === undefined ? "active" : "finished",
        outcome: outcome ?? null
      })
      if (outcome !== undefined) following.delete(watchId)
      return outcomeOf(row)
    })

  return { submit, poll }
})

/** The `WatchEnded` event as stored. */
export const ended = (
  watchId: string,
  seq: number,
  poll: number,
  at: number,
  outcome: WatchEvent.WatchEnded["outcome"]
): Store.EventRow => ({
  watchId,
  seq,
  poll,
  at,
  kind: "WatchEnded",
  event: WatchEvent.encode(WatchEvent.WatchEnded.make({ outcome }))
})
