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

/** The workflow's implementation, registered with the engine in context. */
export const layer = (options: Options = {}) =>
  Layer.unwrap(
    Effect.map(Steps.make, (steps) =>
      Watch.toLayer(({ watchId }) =>
        Effect.gen(function* () {
          const submitted = yield* Activity.make({
            name: "submit",
            success: Schema.NullOr(Schema.String),
            execute: steps.submit(watchId).pipe(Effect.orDie)
          })
          if (submitted === null) return
          for (let poll = 0; ; poll++) {
            const outcome = yield* Activity.make({
              name: `poll-${poll}`,
              success: Steps.PollOutcome,
              execute: steps.poll(watchId, poll).pipe(Effect.orDie)
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
