/**
 * What the service does for its users, as Effects another tool can call
 * directly (the HTTP API is a thin layer over them): create a watch or a
 * submit-and-watch, list and read watches, stream their events, read their
 * delivery log, cancel them. Every operation takes the user it acts for: a
 * watch of another user is "not found", never shown.
 */
import { Job, Ukssdc } from "@jobscope/core"
import { JobRef, UkssdcClient } from "@jobscope/fetch"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { SqlError } from "effect/sql"
import type { WorkflowEngine } from "effect/workflow"
import * as Credentials from "./Credentials.js"
import * as Steps from "./internal/steps.js"
import * as Sealing from "./Sealing.js"
import * as Store from "./Store.js"
import * as Topic from "./Topic.js"
import * as Upstreams from "./Upstreams.js"
import * as WatchEvent from "./WatchEvent.js"
import * as WatchWorkflow from "./WatchWorkflow.js"
import * as Webhook from "./Webhook.js"

/** A watch's state. */
export const Status = Schema.Literals(["active", "finished", "cancelled", "failed"])

/** A webhook as the API shows it: never its secret. */
export const WebhookView = Schema.Struct({
  id: Schema.String,
  url: Schema.String,
  on: Schema.Array(Topic.Topic),
  format: Webhook.Format
})

/** A watch as the API shows it: never its credentials. */
export const WatchView = Schema.Struct({
  id: Schema.String,
  label: Schema.NullOr(Schema.String),
  /** The API's id: "ukssdc", "too", "tom". */
  source: Schema.String,
  /** The job, once known (a submit-and-watch learns it from its submission). */
  job: Schema.NullOr(JobRef.JobRef),
  status: Status,
  /** How the job ended: "succeeded", "failed", "cancelled". */
  outcome: Schema.NullOr(Schema.String),
  polls: Schema.Int,
  events: Schema.Int,
  /** Why the last poll failed, if it did. */
  lastError: Schema.NullOr(Schema.String),
  createdAt: Schema.String,
  updatedAt: Schema.String,
  webhooks: Schema.Array(WebhookView)
})

/** A watch as the API shows it. */
export interface WatchView extends Schema.Schema.Type<typeof WatchView> {}

/** One poll in a watch's history. */
export const PollView = Schema.Struct({
  poll: Schema.Int,
  /** When the request was sent. */
  sentAt: Schema.String,
  /** When its answer was taken. */
  at: Schema.String,
  /** The job as this poll saw it; null when the request failed. */
  snapshot: Schema.NullOr(Job.Snapshot),
  error: Schema.NullOr(Schema.String),
  /** The wait chosen before the next poll, in milliseconds. */
  delay: Schema.Finite,
  /** Why that wait (`Poll.Reason`). */
  reason: Schema.String
})

/** A watch with its snapshot history and events. */
export const WatchDetail = Schema.Struct({
  watch: WatchView,
  polls: Schema.Array(PollView),
  events: Schema.Array(WatchEvent.Stored)
})

/** A watch with its snapshot history and events. */
export interface WatchDetail extends Schema.Schema.Type<typeof WatchDetail> {}

/** One webhook delivery, as the delivery log shows it. */
export const DeliveryView = Schema.Struct({
  /** The id the receiver gets in `Jobscope-Delivery`. */
  id: Schema.String,
  webhookId: Schema.String,
  seq: Schema.Int,
  status: Schema.Literals(["pending", "delivered", "failed"]),
  attempts: Schema.Int,
  /** The receiver's last HTTP status, if it answered. */
  lastStatus: Schema.NullOr(Schema.Int),
  lastError: Schema.NullOr(Schema.String),
  deliveredAt: Schema.NullOr(Schema.String),
  /** When the next attempt is due, while pending. */
  nextAt: Schema.NullOr(Schema.String)
})

/** One webhook delivery. */
export interface DeliveryView extends Schema.Schema.Type<typeof DeliveryView> {}

/** What creating a watch takes. */
export const CreateWatch = Schema.Struct({
  job: JobRef.JobRef,
  label: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
  credentials: Schema.optionalKey(Credentials.Credentials),
  webhooks: Schema.optionalKey(Schema.Array(Webhook.Spec).check(Schema.isMaxLength(10)))
})

/** What creating a watch takes. */
export interface CreateWatch extends Schema.Schema.Type<typeof CreateWatch> {}

/** What a submit-and-watch takes: the UKSSDC job's parameters, and the user's UKSSDC credentials. */
export const SubmitWatch = Schema.Struct({
  ukssdc: Ukssdc.JobParameters,
  label: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
  credentials: Credentials.Credentials,
  webhooks: Schema.optionalKey(Schema.Array(Webhook.Spec).check(Schema.isMaxLength(10)))
})

/** What a submit-and-watch takes. */
export interface SubmitWatch extends Schema.Schema.Type<typeof SubmitWatch> {}

/** What cancelling did. */
export const CancelResult = Schema.Struct({
  watch: WatchView,
  /** What became of the job itself: null when not asked; else what the server said, or why it was not asked. */
  job: Schema.NullOr(Schema.String)
})

/** What cancelling did. */
export interface CancelResult extends Schema.Schema.Type<typeof CancelResult> {}

/** No watch of this user has this id. */
export class WatchNotFound extends Schema.TaggedError<WatchNotFound>()(
  "WatchNotFound",
  { id: Schema.String, message: Schema.String },
  { httpApiStatus: 404 }
) {}

/** A watch that cannot be made as asked. */
export class InvalidWatch extends Schema.TaggedError<InvalidWatch>()(
  "InvalidWatch",
  { message: Schema.String },
  { httpApiStatus: 400 }
) {}

/** A watch that is not active any more. */
export class NotActive extends Schema.TaggedError<NotActive>()(
  "NotActive",
  { id: Schema.String, message: Schema.String },
  { httpApiStatus: 409 }
) {}

/** The operations. */
export interface Shape {
  readonly create: (
    user: string,
    request: CreateWatch
  ) => Effect.Effect<WatchView, InvalidWatch | SqlError.SqlError>
  readonly submit: (
    user: string,
    request: SubmitWatch
  ) => Effect.Effect<WatchView, InvalidWatch | SqlError.SqlError>
  readonly list: (
    user: string,
    filter: Store.ListFilter
  ) => Effect.Effect<ReadonlyArray<WatchView>, SqlError.SqlError>
  readonly get: (user: string, id: string) => Effect.Effect<WatchDetail, WatchNotFound | SqlError.SqlError>
  readonly deliveries: (
    user: string,
    id: string
  ) => Effect.Effect<ReadonlyArray<DeliveryView>, WatchNotFound | SqlError.SqlError>
  /** The watch's events after `afterSeq`, then each new one as it is stored, ending after the last. */
  readonly events: (
    user: string,
    id: string,
    afterSeq: number
  ) => Effect.Effect<Stream.Stream<WatchEvent.Stored, SqlError.SqlError>, WatchNotFound | SqlError.SqlError>
  /** Stops a watch (its last event a `WatchEnded` cancelled); with `cancelJob`, asks the server to cancel the job too where its API can. */
  readonly cancel: (
    user: string,
    id: string,
    cancelJob: boolean
  ) => Effect.Effect<CancelResult, WatchNotFound | NotActive | SqlError.SqlError>
  /** Starts the workflows of every active watch again (they join their journals): what a runner does on start. */
  readonly resumeAll: Effect.Effect<number, SqlError.SqlError>
}

/** The operations in use. */
export class Watches extends Context.Service<Watches, Shape>()("@jobscope/service/Watches") {}

const iso = (millis: number): string => new Date(millis).toISOString()
const decodeSnapshot = Schema.decodeUnknownSync(Schema.fromJsonString(Job.SnapshotJson))
const newId = (prefix: string): string =>
  `${prefix}${Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString("base64url")}`

/** How often an event stream looks for new events (250 ms). */
export const streamInterval = "250 millis"

/** The operations over the store and the workflow engine in context. */
export const make = Effect.gen(function* () {
  const store = yield* Store.Store
  const sealing = yield* Sealing.Sealing
  const upstreams = yield* Upstreams.Upstreams
  const engine = yield* Effect.context<WorkflowEngine.WorkflowEngine>()

  const view = (row: Store.WatchRow) =>
    Effect.map(store.webhooks(row.id), (hooks) => ({
      id: row.id,
      label: row.label,
      source: row.source,
      job: row.ref === null ? null : Steps.decodeRef(row.ref),
      status: row.status,
      outcome: row.outcome,
      polls: row.polls,
      events: row.events,
      lastError: row.lastError,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
      webhooks: hooks.map((hook) => ({
        id: hook.id,
        url: hook.url,
        on: JSON.parse(hook.topics) as ReadonlyArray<Topic.Topic>,
        format: hook.format as Webhook.Format
      }))
    }))

  const owned = (user: string, id: string) =>
    Effect.flatMap(store.watch(id), (row) =>
      Option.isSome(row) && row.value.user === user
        ? Effect.succeed(row.value)
        : Effect.fail(new WatchNotFound({ id, message: `you have no watch ${id}` }))
    )

  const start = (watchId: string) =>
    WatchWorkflow.Watch.execute({ watchId }, { discard: true }).pipe(Effect.provideContext(engine))

  const insert = (
    user: string,
    fields: {
      readonly ref: string | null
      readonly submit: string | null
      readonly source: string
      readonly label: string | undefined
      readonly credentials: Credentials.Credentials
      readonly webhooks: ReadonlyArray<Webhook.Spec>
    }
  ) =>
    Effect.gen(function* () {
      const lacking = upstreams.missing(fields.source, fields.credentials)
      if (lacking !== undefined) return yield* new InvalidWatch({ message: lacking })
      const id = newId("w_")
      const at = Date.now()
      const hooks: Array<Store.WebhookRow> = []
      for (const [index, hook] of fields.webhooks.entries())
        hooks.push({
          id: `${id}.h${index + 1}`,
          watchId: id,
          url: hook.url,
          secret: yield* sealing.seal(Redacted.value(hook.secret)),
          topics: JSON.stringify(hook.on ?? Topic.all),
          format: hook.format ?? "json"
        })
      yield* store.createWatch(
        {
          id,
          user,
          ref: fields.ref,
          submit: fields.submit,
          credentials: yield* Credentials.seal(sealing, fields.credentials),
          label: fields.label ?? null,
          source: fields.source,
          createdAt: at
        },
        hooks
      )
      yield* start(id)
      return yield* view(Option.getOrThrow(yield* store.watch(id)))
    })

  return Watches.of({
    create: (user, request) =>
      insert(user, {
        ref: Steps.encodeRef(request.job),
        submit: null,
        source: JobRef.follow(request.job).source.id,
        label: request.label,
        credentials: request.credentials ?? Credentials.none,
        webhooks: request.webhooks ?? []
      }),
    submit: (user, request) =>
      insert(user, {
        ref: null,
        submit: JSON.stringify({ ukssdc: request.ukssdc }),
        source: "ukssdc",
        label: request.label,
        credentials: request.credentials,
        webhooks: request.webhooks ?? []
      }),
    list: (user, filter) => Effect.flatMap(store.list(user, filter), (rows) => Effect.forEach(rows, view)),
    get: (user, id) =>
      Effect.gen(function* () {
        const row = yield* owned(user, id)
        const polls = yield* store.polls(id)
        const events = yield* store.events(id, 0, 100_000)
        return {
          watch: yield* view(row),
          polls: polls.map((poll) => ({
            poll: poll.poll,
            sentAt: iso(poll.sentAt),
            at: iso(poll.at),
            snapshot: poll.snapshot === null ? null : decodeSnapshot(poll.snapshot),
            error: poll.error,
            delay: poll.delay,
            reason: poll.reason
          })),
          events: events.map(stored)
        }
      }),
    deliveries: (user, id) =>
      Effect.gen(function* () {
        yield* owned(user, id)
        return (yield* store.deliveries(id)).map((delivery) => ({
          id: delivery.id,
          webhookId: delivery.webhookId,
          seq: delivery.seq,
          status: delivery.status,
          attempts: delivery.attempts,
          lastStatus: delivery.lastStatus,
          lastError: delivery.lastError,
          deliveredAt: delivery.deliveredAt === null ? null : iso(delivery.deliveredAt),
          nextAt: delivery.status === "pending" ? iso(delivery.nextAt) : null
        }))
      }),
    events: (user, id, afterSeq) =>
      Effect.gen(function* () {
        yield* owned(user, id)
        return Stream.paginate(afterSeq, (after: number) =>
          Effect.gen(function* () {
            const rows = yield* store.events(id, after, 500)
            const last = rows.at(-1)
            if (last !== undefined) return [rows.map(stored), Option.some(last.seq)] as const
            const watch = yield* store.watch(id)
            if (Option.isNone(watch) || watch.value.status !== "active") {
              // Ended: whatever the end stored after our read is read once more, then the stream ends.
              const tail = yield* store.events(id, after, 500)
              return [tail.map(stored), Option.none()] as const
            }
            yield* Effect.sleep(streamInterval)
            return [[], Option.some(after)] as const
          })
        )
      }),
    cancel: (user, id, cancelJob) =>
      Effect.gen(function* () {
        const row = yield* owned(user, id)
        const at = Date.now()
        const ended = yield* store.end(id, (seq) => Steps.ended(id, seq, row.polls, at, "cancelled"))
        if (!ended) return yield* new NotActive({ id, message: `watch ${id} is ${row.status} already` })
        yield* WatchWorkflow.Watch.interrupt(yield* WatchWorkflow.Watch.executionId({ watchId: id })).pipe(
          Effect.provideContext(engine)
        )
        let job: string | null = null
        if (cancelJob) {
          const ref = row.ref === null ? null : Steps.decodeRef(row.ref)
          if (ref?._tag !== "UkssdcJob")
            job = "not cancelled: only UKSSDC jobs can be cancelled through their API"
          else {
            const credentials = yield* Effect.orDie(Credentials.open(sealing, row.credentials))
            const clients = yield* upstreams.clients(credentials)
            const outcome = yield* Effect.flatMap(UkssdcClient.UkssdcClient, (client) =>
              client.cancel(ref.jobId)
            ).pipe(Effect.provideContext(clients), Effect.result)
            job =
              outcome._tag === "Success"
                ? `cancelled ${outcome.success.cancelled} product(s)${outcome.success.complete ? "" : " (some were over or unknown)"}`
                : `not cancelled: ${upstreams.scrub(credentials)(outcome.failure.message)}`
          }
        }
        return { watch: yield* view(Option.getOrThrow(yield* store.watch(id))), job }
      }),
    resumeAll: Effect.gen(function* () {
      const ids = yield* store.active
      yield* Effect.forEach(ids, start, { discard: true })
      return ids.length
    })
  })
})

const stored = (row: Store.EventRow): WatchEvent.Stored => ({
  watchId: row.watchId,
  seq: row.seq,
  poll: row.poll,
  at: iso(row.at),
  event: WatchEvent.decode(row.event)
})

/** The operations as a layer. */
export const layer = Layer.effect(Watches, make)
