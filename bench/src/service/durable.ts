/**
 * One process holding many durable watches (`@jobscope/service` on a SQLite
 * file) of UKSSDC jobs already submitted to a simulator in another process,
 * for the `service` part (`node --expose-gc durable.mjs <url> <first job>
 * <jobs> <seconds> <database> [storage poll ms]`). Creates the watches, lets them run for
 * `seconds`, and prints its figures as one line of JSON.
 */
import { statSync } from "node:fs"
import { Service, Watches } from "@jobscope/service"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import { SqlClient } from "effect/sql"
import { user } from "../watch/jobs.js"

/** How holding many durable watches went. */
export interface Durable {
  readonly jobs: number
  /** Seconds spent creating the watches (each a workflow started). */
  readonly createSeconds: number
  /** Seconds from the first watch created to the end. */
  readonly seconds: number
  readonly polls: number
  readonly peakRssMb: number
  /** Database growth per poll after every watch was created (the write-ahead log checkpointed before each size is taken), in bytes. */
  readonly bytesPerPoll: number
  /** How late a poll's request was sent after the wait `Poll` chose ran out (durable timer wake-up, replay, load), in milliseconds. */
  readonly overrunMedianMs: number
  readonly overrunP95Ms: number
}

const [url, first, count, seconds, database, pollInterval = "1000"] = process.argv.slice(2)
const jobs = Number(count)
if (url === undefined || database === undefined || !(jobs > 0) || !(Number(seconds) > 0))
  throw new Error("usage: durable.mjs <url> <first job> <jobs> <seconds> <database>")

/**
 * The database's size once its write-ahead log is folded into the file and
 * emptied: the log's file otherwise stays at its largest size between
 * checkpoints, whatever it holds.
 */
const size = (): Promise<number> =>
  runtime
    .runPromise(Effect.flatMap(SqlClient.SqlClient, (sql) => sql`PRAGMA wal_checkpoint(TRUNCATE)`))
    .then(() => statSync(database).size + (statSync(`${database}-wal`, { throwIfNoEntry: false })?.size ?? 0))

let peak = process.memoryUsage.rss()
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss())
}, 20)
const runtime = ManagedRuntime.make(
  Service.layer({
    database,
    key: Redacted.make("bench-sealing-key-0123456789"),
    upstreams: { ukssdcUrl: url },
    pollInterval: `${Number(pollInterval)} millis`
  })
)
const pollCount = Effect.flatMap(
  SqlClient.SqlClient,
  (sql) => sql`SELECT COUNT(*) AS n FROM jobscope_polls`
).pipe(Effect.map((rows) => Number(rows[0]?.n ?? 0)))
const started = Date.now()
await runtime.runPromise(
  Effect.flatMap(Watches.Watches, (watches) =>
    Effect.forEach(
      Array.from({ length: jobs }, (_, index) => String(Number(first) + index)),
      (jobId) =>
        watches.create("bench", {
          job: { _tag: "UkssdcJob", jobId },
          credentials: { ukssdc: { userId: Redacted.make(user) } }
        }),
      { concurrency: 64, discard: true }
    )
  )
)
const created = Date.now()
const createdSize = await size()
const createdPolls = await runtime.runPromise(pollCount)
await new Promise((resolve) =>
  setTimeout(resolve, Math.max(Number(seconds) * 1000 - (created - started), 1000))
)
const polls = await runtime.runPromise(pollCount)
const ended = Date.now()
const endSize = await size()
const overruns = await runtime.runPromise(
  Effect.flatMap(
    SqlClient.SqlClient,
    (sql) => sql`SELECT a.at AS at, a.delay_ms AS delay, b.sent_at AS next FROM jobscope_polls a
      JOIN jobscope_polls b ON b.watch_id = a.watch_id AND b.poll = a.poll + 1`
  ).pipe(
    Effect.map((rows) =>
      rows.map((row) => Number(row.next) - (Number(row.at) + Number(row.delay))).sort((a, b) => a - b)
    )
  )
)
clearInterval(sampler)
const at = (q: number) =>
  overruns[Math.min(overruns.length - 1, Math.floor(q * overruns.length))] ?? Number.NaN
const figures: Durable = {
  jobs,
  createSeconds: (created - started) / 1000,
  seconds: (ended - started) / 1000,
  polls,
  peakRssMb: Math.max(peak, process.memoryUsage.rss()) / (1024 * 1024),
  bytesPerPoll: (endSize - createdSize) / Math.max(polls - createdPolls, 1),
  overrunMedianMs: at(0.5),
  overrunP95Ms: at(0.95)
}
process.stdout.write(`${JSON.stringify(figures)}\n`)
await runtime.dispose()
process.exit(0)
