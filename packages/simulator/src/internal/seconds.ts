/**
 * How long a stage of a simulated job may last, as a schema: a number of
 * seconds from 0 to a year and a day, refused with a sentence otherwise.
 */
import * as Schema from "effect/Schema"

/** The longest any stage of a simulated job may last, seconds: a year and a day. */
export const maxSeconds = 366 * 86_400

/** A number of seconds from 0 to {@link maxSeconds}. */
export const Seconds = Schema.Finite.check(
  Schema.makeFilter(
    (seconds: number) =>
      (seconds >= 0 && seconds <= maxSeconds) ||
      `must be a number of seconds from 0 to ${maxSeconds}, got ${seconds}`
  )
)
