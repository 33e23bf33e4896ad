/**
 * Where the service keeps what it observed: watches, each poll's snapshot and
 * policy state, the events `Job.diff` found (each stored once, keyed by watch
 * and sequence number), webhooks and their deliveries, and hashed API tokens.
 * Plain SQL that SQLite and PostgreSQL both run, beside the tables Effect
 * Cluster keeps its workflow journals in.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { SqlClient, type SqlError } from "effect/sql"
import * as Topic from "./Topic.js"

/** What a watch is doing. */
export type Status = "active" | "finished" | "cancelled" | "failed"

/** A watch as stored (credentials and webhook secrets sealed). */
export interface WatchRow {
  readonly id: string
  readonly user: string
  /** The job as `JobRef` JSON, once known (a submit-and-watch learns it from its submit step). */
  readonly ref: string | null
  /** What to submit first, as JSON, for a submit-and-watch. */
  readonly submit: string | null
  /** The upstream credentials, sealed (see `Sealing`). */
  readonly credentials: string | null
  readonly label: string | null
  readonly source: string
  readonly status: Status
  readonly outcome: string | null
  readonly polls: number
  readonly events: number
  readonly lastRequestAt: number | null
  readonly lastError: string | null
  readonly createdAt: number
  readonly updatedAt: number
}

/** One poll as stored: the snapshot it made (or the error it met) and what the policy decided. */
export interface PollRow {
  readonly watchId: string
  readonly poll: number
  /** When the request was sent (epoch ms); `at` is when its answer was taken. */
  readonly sentAt: number
  readonly at: number
  /** `Job.SnapshotJson` as text, or null when the request failed. */
  readonly snapshot: string | null
  readonly error: string | null
  readonly delay: number
  readonly reason: string
  /** `Poll.State` as JSON text. */
  readonly state: string
  /** The first event sequence number after this poll's events. */
  readonly nextSeq: number
  readonly finished: boolean
}

/** One stored event. */
export interface EventRow {
  readonly watchId: string
  readonly seq: number
  readonly poll: number
  readonly at: number
  /** The event's `_tag`. */
  readonly kind: string
  /** The event as JSON text. */
  readonly event: string
}

/** A webhook of a watch, its secret sealed. */
export interface WebhookRow {
  readonly id: string
  readonly watchId: string
  readonly url: string
  readonly secret: string
  /** The topics as JSON text (`["phase","done"]`). */
  readonly topics: string
  readonly format: string
}

/** One webhook delivery: one event to one webhook. */
export interface DeliveryRow {
  readonly id: string
  readonly webhookId: string
  readonly watchId: string
  readonly seq: number
  readonly status: "pending" | "delivered" | "failed"
  readonly attempts: number
  readonly nextAt: number
  readonly lastStatus: number | null
  readonly lastError: string | null
  readonly deliveredAt: number | null
}

/** What a poll adds, written in one transaction. */
export interface PollRecord {
  readonly poll: PollRow
  readonly events: ReadonlyArray<EventRow>
  /** The watch's new state. */
  readonly status: Status
  readonly outcome: string | null
}

/** Filters of {@link Shape.list}. */
export interface ListFilter {
  readonly status?: Status | undefined
  readonly source?: string | undefined
}

/** The store's operations. */
export interface Shape {
  readonly createWatch: (
    watch: Omit<
      WatchRow,
      "polls" | "events" | "lastRequestAt" | "lastError" | "outcome" | "status" | "updatedAt"
    >,
    webhooks: ReadonlyArray<WebhookRow>
  ) => Effect.Effect<void, SqlError.SqlError>
  readonly watch: (id: string) => Effect.Effect<Option.Option<WatchRow>, SqlError.SqlError>
  readonly list: (
    user: string,
    filter: ListFilter
  ) => Effect.Effect<ReadonlyArray<WatchRow>, SqlError.SqlError>
  /** The watches still to run, to start their workflows again (they join the journalled ones). */
  readonly active: Effect.Effect<ReadonlyArray<string>, SqlError.SqlError>
  readonly setRef: (id: string, ref: string, source: string) => Effect.Effect<void, SqlError.SqlError>
  readonly setStatus: (
    id: string,
    status: Status,
    options?: { readonly outcome?: string | null; readonly error?: string | null }
  ) => Effect.Effect<void, SqlError.SqlError>
  /** Notes that a request about the watch's job is being sent now: the floor is measured from it. */
  readonly markRequest: (id: string, at: number) => Effect.Effect<void, SqlError.SqlError>
  readonly poll: (watchId: string, poll: number) => Effect.Effect<Option.Option<PollRow>, SqlError.SqlError>
  /** The latest poll that has a snapshot. */
  readonly lastSnapshot: (watchId: string) => Effect.Effect<Option.Option<PollRow>, SqlError.SqlError>
  readonly polls: (watchId: string) => Effect.Effect<ReadonlyArray<PollRow>, SqlError.SqlError>
  /** Writes a poll, its events and their deliveries at once; a poll already stored is left as it is. */
  readonly recordPoll: (record: PollRecord) => Effect.Effect<void, SqlError.SqlError>
  /**
   * Cancels an active watch and stores the event `event(seq)` makes as its
   * last, with its deliveries; `false` when the watch was not active.
   */
  readonly end: (id: string, event: (seq: number) => EventRow) => Effect.Effect<boolean, SqlError.SqlError>
  readonly events: (
    watchId: string,
    afterSeq: number,
    limit?: number
  ) => Effect.Effect<ReadonlyArray<EventRow>, SqlError.SqlError>
  readonly event: (watchId: string, seq: number) => Effect.Effect<Option.Option<EventRow>, SqlError.SqlError>
  readonly webhooks: (watchId: string) => Effect.Effect<ReadonlyArray<WebhookRow>, SqlError.SqlError>
  readonly webhook: (id: string) => Effect.Effect<Option.Option<WebhookRow>, SqlError.SqlError>
  readonly deliveries: (watchId: string) => Effect.Effect<ReadonlyArray<DeliveryRow>, SqlError.SqlError>
  /**
   * Claims up to `limit` deliveries due at `now` for `lease` milliseconds: a
   * claimed delivery is not due again until then, so runners sharing the store
   * do not send the same one at once.
   */
  readonly claimDue: (
    now: number,
    lease: number,
    limit: number
  ) => Effect.Effect<ReadonlyArray<DeliveryRow>, SqlError.SqlError>
  readonly settleDelivery: (
    id: string,
    outcome: {
      readonly status: DeliveryRow["status"]
      readonly attempts: number
      readonly nextAt: number
      readonly lastStatus: number | null
      readonly lastError: string | null
      readonly deliveredAt: number | null
    }
  ) => Effect.Effect<void, SqlError.SqlError>
  readonly addToken: (
    hash: string,
    user: string,
    label: string,
    at: number
  ) => Effect.Effect<void, SqlError.SqlError>
  readonly userOfToken: (hash: string) => Effect.Effect<Option.Option<string>, SqlError.SqlError>
}

/** The store. */
export class Store extends Context.Service<Store, Shape>()("@jobscope/service/Store") {}

const tables = [
  `CREATE TABLE IF NOT EXISTS jobscope_watches (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL, ref TEXT, submit TEXT, credentials TEXT, label TEXT,
    source TEXT NOT NULL, status TEXT NOT NULL, outcome TEXT, polls INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0, last_request_at BIGINT, last_error TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS jobscope_watches_user ON jobscope_watches (user_id, created_at)",
  `CREATE TABLE IF NOT EXISTS jobscope_polls (
    watch_id TEXT NOT NULL, poll INTEGER NOT NULL, sent_at BIGINT NOT NULL, at BIGINT NOT NULL, snapshot TEXT, error TEXT,
    delay_ms BIGINT NOT NULL, reason TEXT NOT NULL, state TEXT NOT NULL, next_seq INTEGER NOT NULL,
    finished INTEGER NOT NULL, PRIMARY KEY (watch_id, poll))`,
  `CREATE TABLE IF NOT EXISTS jobscope_events (
    watch_id TEXT NOT NULL, seq INTEGER NOT NULL, poll INTEGER NOT NULL, at BIGINT NOT NULL,
    kind TEXT NOT NULL, event TEXT NOT NULL, PRIMARY KEY (watch_id, seq))`,
  `CREATE TABLE IF NOT EXISTS jobscope_webhooks (
    id TEXT PRIMARY KEY, watch_id TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL,
    topics TEXT NOT NULL, format TEXT NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS jobscope_webhooks_watch ON jobscope_webhooks (watch_id)",
  `CREATE TABLE IF NOT EXISTS jobscope_deliveries (
    id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, watch_id TEXT NOT NULL, seq INTEGER NOT NULL,
    status TEXT NOT NULL, attempts INTEGER NOT NULL, next_at BIGINT NOT NULL, last_status INTEGER,
    last_error TEXT, delivered_at BIGINT)`,
  "CREATE INDEX IF NOT EXISTS jobscope_deliveries_due ON jobscope_deliveries (status, next_at)",
  "CREATE INDEX IF NOT EXISTS jobscope_deliveries_watch ON jobscope_deliveries (watch_id, seq)",
  `CREATE TABLE IF NOT EXISTS jobscope_tokens (
    hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, label TEXT NOT NULL, created_at BIGINT NOT NULL)`
]

// PostgreSQL returns BIGINT as text; SQLite as a number.
const num = (value: unknown): number => Number(value)
const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value)
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value))

type Raw = Record<string, unknown>

const toWatch = (row: Raw): WatchRow => ({
  id: String(row.id),
  user: String(row.user_id),
  ref: str(row.ref),
  submit: str(row.submit),
  credentials: str(row.credentials),
  label: str(row.label),
  source: String(row.source),
  status: String(row.status) as Status,
  outcome: str(row.outcome),
  polls: num(row.polls),
  events: num(row.events),
  lastRequestAt: numOrNull(row.last_request_at),
  lastError: str(row.last_error),
  createdAt: num(row.created_at),
  updatedAt: num(row.updated_at)
})

const toPoll = (row: Raw): PollRow => ({
  watchId: String(row.watch_id),
  poll: num(row.poll),
  sentAt: num(row.sent_at),
  at: num(row.at),
  snapshot: str(row.snapshot),
  error: str(row.error),
  delay: num(row.delay_ms),
  reason: String(row.reason),
  state: String(row.state),
  nextSeq: num(row.next_seq),
  finished: num(row.finished) === 1
})

const toEvent = (row: Raw): EventRow => ({
  watchId: String(row.watch_id),
  seq: num(row.seq),
  poll: num(row.poll),
  at: num(row.at),
  kind: String(row.kind),
  event: String(row.event)
})

const toWebhook = (row: Raw): WebhookRow => ({
  id: String(row.id),
  watchId: String(row.watch_id),
  url: String(row.url),
  secret: String(row.secret),
  topics: String(row.topics),
  format: String(row.format)
})

const toDelivery = (row: Raw): DeliveryRow => ({
  id: String(row.id),
  webhookId: String(row.webhook_id),
  watchId: String(row.watch_id),
  seq: num(row.seq),
  status: String(row.status) as DeliveryRow["status"],
  attempts: num(row.attempts),
  nextAt: num(row.next_at),
  lastStatus: numOrNull(row.last_status),
  lastError: str(row.last_error),
  deliveredAt: numOrNull(row.delivered_at)
})

/** The store on the `SqlClient` in context, its tables created if missing. */
export const make: Effect.Effect<Shape, SqlError.SqlError, SqlClient.SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  for (const statement of tables) yield* sql.unsafe(statement)
  const first = <A>(rows: ReadonlyArray<Raw>, to: (row: Raw) => A): Option.Option<A> =>
    rows[0] === undefined ? Option.none() : Option.some(to(rows[0]))

  /** Stores events and, in the same transaction, a delivery for each webhook of the watch that wants it. */
  const insertEvents = (watchId: string, events: ReadonlyArray<EventRow>) =>
    Effect.gen(function* () {
      if (events.length === 0) return
      const hooks = (yield* sql`SELECT * FROM jobscope_webhooks WHERE watch_id = ${watchId}`).map(toWebhook)
      for (const event of events) {
        yield* sql`INSERT INTO jobscope_events ${sql.insert({
          watch_id: event.watchId,
          seq: event.seq,
          poll: event.poll,
          at: event.at,
          kind: event.kind,
          event: event.event
        })}`
        const topics = Topic.ofEvent(event.kind, event.event)
        for (const hook of hooks) {
          const wanted = JSON.parse(hook.topics) as ReadonlyArray<string>
          if (!topics.some((topic) => wanted.includes(topic))) continue
          yield* sql`INSERT INTO jobscope_deliveries ${sql.insert({
            id: `${hook.id}.${event.seq}`,
            webhook_id: hook.id,
            watch_id: event.watchId,
            seq: event.seq,
            status: "pending",
            attempts: 0,
            next_at: event.at,
            last_status: null,
            last_error: null,
            delivered_at: null
          })}`
        }
      }
    })

  const recordPoll = ({ poll, events, status, outcome }: PollRecord) =>
    sql.withTransaction(
      Effect.gen(function* () {
        const done =
          yield* sql`SELECT 1 AS x FROM jobscope_polls WHERE watch_id = ${poll.watchId} AND poll = ${poll.poll}`
        const watch = yield* sql`SELECT status FROM jobscope_watches WHERE id = ${poll.watchId}`
        // Stored already (an earlier life), or cancelled meanwhile: nothing more to keep.
        if (done.length > 0 || watch[0]?.status !== "active") return
        yield* sql`INSERT INTO jobscope_polls ${sql.insert({
          watch_id: poll.watchId,
          poll: poll.poll,
          sent_at: poll.sentAt,
          at: poll.at,
          snapshot: poll.snapshot,
          error: poll.error,
          delay_ms: Math.round(poll.delay),
          reason: poll.reason,
          state: poll.state,
          next_seq: poll.nextSeq,
          finished: poll.finished ? 1 : 0
        })}`
        yield* insertEvents(poll.watchId, events)
        yield* sql`UPDATE jobscope_watches SET polls = ${poll.poll + 1}, events = ${poll.nextSeq},
            status = ${status}, outcome = ${outcome}, last_error = ${poll.error}, updated_at = ${poll.at}
            WHERE id = ${poll.watchId} AND status = 'active'`
      })
    )

  return Store.of({
    createWatch: (watch, webhooks) =>
      sql.withTransaction(
        Effect.gen(function* () {
          yield* sql`INSERT INTO jobscope_watches ${sql.insert({
            id: watch.id,
            user_id: watch.user,
            ref: watch.ref,
            submit: watch.submit,
            credentials: watch.credentials,
            label: watch.label,
            source: watch.source,
            status: "active",
            outcome: null,
            polls: 0,
            events: 0,
            last_request_at: null,
            last_error: null,
            created_at: watch.createdAt,
            updated_at: watch.createdAt
          })}`
          for (const hook of webhooks)
            yield* sql`INSERT INTO jobscope_webhooks ${sql.insert({
              id: hook.id,
              watch_id: hook.watchId,
              url: hook.url,
              secret: hook.secret,
              topics: hook.topics,
              format: hook.format
            })}`
        })
      ),
    watch: (id) =>
      Effect.map(sql`SELECT * FROM jobscope_watches WHERE id = ${id}`, (rows) => first(rows, toWatch)),
    list: (user, filter) =>
      Effect.map(
        sql`SELECT * FROM jobscope_watches WHERE user_id = ${user}
            ${filter.status === undefined ? sql`` : sql`AND status = ${filter.status}`}
            ${filter.source === undefined ? sql`` : sql`AND source = ${filter.source}`}
            ORDER BY created_at, id`,
        (rows) => rows.map(toWatch)
      ),
    active: Effect.map(
      sql`SELECT id FROM jobscope_watches WHERE status = 'active' ORDER BY created_at`,
      (rows) => rows.map((row) => String(row.id))
    ),
    setRef: (id, ref, source) =>
      Effect.asVoid(sql`UPDATE jobscope_watches SET ref = ${ref}, source = ${source} WHERE id = ${id}`),
    setStatus: (id, status, options = {}) =>
      Effect.asVoid(
        sql`UPDATE jobscope_watches SET status = ${status}, outcome = ${options.outcome ?? null},
            last_error = ${options.error ?? null}, updated_at = ${Date.now()} WHERE id = ${id} AND status = 'active'`
      ),
    markRequest: (id, at) =>
      Effect.asVoid(sql`UPDATE jobscope_watches SET last_request_at = ${at} WHERE id = ${id}`),
    poll: (watchId, poll) =>
      Effect.map(sql`SELECT * FROM jobscope_polls WHERE watch_id = ${watchId} AND poll = ${poll}`, (rows) =>
        first(rows, toPoll)
      ),
    lastSnapshot: (watchId) =>
      Effect.map(
        sql`SELECT * FROM jobscope_polls WHERE watch_id = ${watchId} AND snapshot IS NOT NULL ORDER BY poll DESC LIMIT 1`,
        (rows) => first(rows, toPoll)
      ),
    polls: (watchId) =>
      Effect.map(sql`SELECT * FROM jobscope_polls WHERE watch_id = ${watchId} ORDER BY poll`, (rows) =>
        rows.map(toPoll)
      ),
    recordPoll,
    end: (id, event) =>
      sql.withTransaction(
        Effect.gen(function* () {
          const rows = yield* sql`SELECT status, events FROM jobscope_watches WHERE id = ${id}`
          if (rows[0] === undefined || rows[0].status !== "active") return false
          const last = yield* sql`SELECT MAX(seq) AS seq FROM jobscope_events WHERE watch_id = ${id}`
          const seq = Number(last[0]?.seq ?? 0) + 1
          yield* insertEvents(id, [{ ...event(seq), watchId: id, seq }])
          yield* sql`UPDATE jobscope_watches SET status = ${"cancelled"}, outcome = ${"cancelled"},
              events = ${seq}, updated_at = ${Date.now()} WHERE id = ${id}`
          return true
        })
      ),
    events: (watchId, afterSeq, limit = 1000) =>
      Effect.map(
        sql`SELECT * FROM jobscope_events WHERE watch_id = ${watchId} AND seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`,
        (rows) => rows.map(toEvent)
      ),
    event: (watchId, seq) =>
      Effect.map(sql`SELECT * FROM jobscope_events WHERE watch_id = ${watchId} AND seq = ${seq}`, (rows) =>
        first(rows, toEvent)
      ),
    webhooks: (watchId) =>
      Effect.map(sql`SELECT * FROM jobscope_webhooks WHERE watch_id = ${watchId} ORDER BY id`, (rows) =>
        rows.map(toWebhook)
      ),
    webhook: (id) =>
      Effect.map(sql`SELECT * FROM jobscope_webhooks WHERE id = ${id}`, (rows) => first(rows, toWebhook)),
    deliveries: (watchId) =>
      Effect.map(
        sql`SELECT * FROM jobscope_deliveries WHERE watch_id = ${watchId} ORDER BY seq, id`,
        (rows) => rows.map(toDelivery)
      ),
    claimDue: (now, lease, limit) =>
      Effect.gen(function* () {
        const due =
          (yield* sql`SELECT * FROM jobscope_deliveries WHERE status = 'pending' AND next_at <= ${now}
            ORDER BY next_at LIMIT ${limit}`).map(toDelivery)
        const claimed: Array<DeliveryRow> = []
        for (const delivery of due) {
          // Only the runner whose update still sees the old next_at gets it.
          const rows = yield* sql`UPDATE jobscope_deliveries SET next_at = ${now + lease}
              WHERE id = ${delivery.id} AND status = 'pending' AND next_at = ${delivery.nextAt} RETURNING id`
          if (rows.length > 0) claimed.push(delivery)
        }
        return claimed
      }),
    settleDelivery: (id, outcome) =>
      Effect.asVoid(
        sql`UPDATE jobscope_deliveries SET status = ${outcome.status}, attempts = ${outcome.attempts},
            next_at = ${outcome.nextAt}, last_status = ${outcome.lastStatus}, last_error = ${outcome.lastError},
            delivered_at = ${outcome.deliveredAt} WHERE id = ${id}`
      ),
    addToken: (hash, user, label, at) =>
      Effect.asVoid(
        sql`INSERT INTO jobscope_tokens ${sql.insert({ hash, user_id: user, label, created_at: at })}`
      ),
    userOfToken: (hash) =>
      Effect.map(sql`SELECT user_id FROM jobscope_tokens WHERE hash = ${hash}`, (rows) =>
        first(rows, (row) => String(row.user_id))
      )
  })
})

/** The store as a layer over the `SqlClient` in context. */
export const layer: Layer.Layer<Store, SqlError.SqlError, SqlClient.SqlClient> = Layer.effect(Store, make)
