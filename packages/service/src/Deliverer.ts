/**
 * Sends webhook deliveries: a loop that claims the deliveries now due, POSTs
 * each with its signature, and on failure tries again later with exponential
 * back-off (1 s, 2 s, 4 s … at most 10 minutes apart), giving up after
 * {@link maxAttempts}. A delivery's id stays the same on every attempt, so a
 * receiver that got one whose acknowledgement was lost can drop the repeat.
 */
import { Job } from "@jobscope/core"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Sealing from "./Sealing.js"
import * as SlackMessage from "./SlackMessage.js"
import * as Store from "./Store.js"
import * as WatchEvent from "./WatchEvent.js"
import * as Webhook from "./Webhook.js"

/** Attempts before a delivery is given up (marked `failed` in the delivery log). */
export const maxAttempts = 12

/** How long a delivery may take (default 10 s): a receiver that takes longer counts as failed and is tried again. */
export const timeout = Duration.seconds(10)

/** The wait before attempt `attempts + 1`: 1 s doubled each time, at most 10 minutes. */
export const backoff = (attempts: number): number => Math.min(1000 * 2 ** Math.max(attempts - 1, 0), 600_000)

/** Options of {@link run}. */
export interface Options {
  /** How often to look for due deliveries (default: 250 ms). */
  readonly interval?: Duration.Input | undefined
}

const decodeSnapshot = Schema.decodeUnknownSync(Schema.fromJsonString(Job.SnapshotJson))
const encodeStored = Schema.encodeSync(Schema.fromJsonString(WatchEvent.Stored))

/** The body a webhook gets for an event. */
const bodyOf = (hook: Store.WebhookRow, event: Store.EventRow, snapshot: Option.Option<string>): string => {
  const decoded = WatchEvent.decode(event.event)
  if (hook.format === "slack")
    return JSON.stringify(
      SlackMessage.make(decoded, Option.getOrUndefined(Option.map(snapshot, decodeSnapshot)))
    )
  return encodeStored({
    watchId: event.watchId,
    seq: event.seq,
    poll: event.poll,
    at: new Date(event.at).toISOString(),
    event: decoded
  })
}

/** Sends what is due until interrupted; meant to be forked for the service's lifetime. */
export const run = (options: Options = {}) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const sealing = yield* Sealing.Sealing
    const interval = Duration.fromInputUnsafe(options.interval ?? "250 millis")
    const lease = Duration.toMillis(timeout) + 5_000

    const deliver = (delivery: Store.DeliveryRow) =>
      Effect.gen(function* () {
        const hook = Option.getOrThrow(yield* store.webhook(delivery.webhookId))
        const event = Option.getOrThrow(yield* store.event(delivery.watchId, delivery.seq))
        const snapshot =
          hook.format === "slack"
            ? Option.flatMap(yield* store.lastSnapshot(delivery.watchId), (row) =>
                Option.fromNullishOr(row.snapshot)
              )
            : Option.none()
        const body = bodyOf(hook, event, snapshot)
        const secret = yield* sealing.open(hook.secret)
        const now = yield* Clock.currentTimeMillis
        const signature = yield* Effect.promise(() => Webhook.sign(secret, Math.floor(now / 1000), body))
        const sent = yield* Effect.tryPromise(() =>
          fetch(hook.url, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              [Webhook.signatureHeader]: signature,
              [Webhook.deliveryHeader]: delivery.id,
              [Webhook.eventHeader]: event.kind
            },
            body,
            redirect: "manual",
            signal: AbortSignal.timeout(Duration.toMillis(timeout))
          }).then(async (response) => {
            await response.body?.cancel()
            return response.status
          })
        ).pipe(Effect.result)
        const attempts = delivery.attempts + 1
        const at = yield* Clock.currentTimeMillis
        const status = sent._tag === "Success" ? sent.success : null
        if (status !== null && status >= 200 && status < 300)
          return yield* store.settleDelivery(delivery.id, {
            status: "delivered",
            attempts,
            nextAt: at,
            lastStatus: status,
            lastError: null,
            deliveredAt: at
          })
        yield* store.settleDelivery(delivery.id, {
          status: attempts >= maxAttempts ? "failed" : "pending",
          attempts,
          nextAt: at + backoff(attempts),
          lastStatus: status,
          lastError:
            status === null
              ? "the receiver could not be reached or did not answer in time"
              : `HTTP ${status}`,
          deliveredAt: null
        })
      })

    while (true) {
      const now = yield* Clock.currentTimeMillis
      const due = yield* store.claimDue(now, lease, 50)
      yield* Effect.forEach(
        due,
        (delivery) =>
          deliver(delivery).pipe(
            Effect.catchCause(() =>
              Effect.logWarning(`webhook delivery ${delivery.id} could not be attempted`)
            )
          ),
        { concurrency: 8, discard: true }
      )
      if (due.length === 0) yield* Effect.sleep(interval)
    }
  })
