/**
 * A watch as a durable Effect Workflow: an optional submit step, then polls,
 * each an Activity whose snapshot is journaled, with a `DurableClock` sleep
 * between them as long as the core's `Poll` policy decides (never under the
 * API's floor). After a crash or on another runner the workflow replays its
 * journal: finished steps give their recorded answers, a sleep wakes at the
 * time it was set for, and the watch carries on where it stood.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { Activity, DurableClock, Workflow } from "effect/workflow"
import * as Steps from "./internal/steps.js"

/** The watch workflow: its payload is only the watch's id; everything else (and every secret) stays in the store. */
export const Watch = Workflow.make("jobscope/Watch", {
  payload: { watchId: Schema.String },
  idempotencyKey: ({ watchId }) => watchId
})

/** Options of {@link layer}. */
export interface Options {
  /**
   * Sleeps up to this long stay in memory (and are slept again whole after a
   * restart, so the floor still holds); longer ones are durable timers the
   * message storage wakes (default: 0, every sleep durable).
   */
  readonly inMemoryThreshold?: Duration.Input | undefined
}

/**
 * A step's database failure (a busy file, a dropped connection) is tried
 * again for about a minute before it fails the watch: a step finds what it
 * already stored, and a poll sent again waits out the floor after the last.
 */
const retried = <A, E, R>(step: Effect.Effect<A, E, R>) =>
  step.pipe(Effect.retry({ schedule: Schedule.exponential("200 millis", 2), times: 8 }), Effect.orDie)

/** The workflow's implementation, registered with the engine in context. */
export const layer = (options: Options = {}) =>
  Layer.unwrap(
    Effect.map(Steps.make, (steps) =>
      Watch.toLayer(({ watchId }) =>
        Effect.gen(function* () {
          const submitted = yield* Activity.make({
            name: "submit",
            success: Schema.NullOr(Schema.String),
            execute: retried(steps.submit(watchId))
          })
          if (submitted === null) return
          for (let poll = 0; ; poll++) {
            const outcome = yield* Activity.make({
              name: `poll-${poll}`,
              success: Steps.PollOutcome,
              execute: retried(steps.poll(watchId, poll))
            })
            if (outcome.finished) return
            yield* DurableClock.sleep({
              name: `wait-${poll}`,
              duration: Duration.millis(outcome.delay),
              inMemoryThreshold: options.inMemoryThreshold ?? 0
            })
          }
        })
      )
    )
  )
