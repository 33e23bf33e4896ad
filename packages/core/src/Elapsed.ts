/**
 * Running times as the UKSSDC writes them, "HH:MM:SS" (hours may exceed 23),
 * for decoding replies and for showing a task's `elapsed` the same way. This
 * module holds no schemas, so a page that only shows times bundles little.
 *
 * @example
 * ```ts
 * import { Elapsed } from "@jobscope/core"
 * import * as Duration from "effect/Duration"
 *
 * Elapsed.format(Duration.minutes(95)) // "01:35:00"
 * ```
 */
import * as Duration from "effect/Duration"

/** "HH:MM:SS": hours of two or more digits, minutes and seconds under 60. */
export const pattern = /^(\d+):([0-5]\d):([0-5]\d)$/

const two = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** The whole seconds of a duration; anything not finite or not positive counts as 0. */
export const wholeSeconds = (duration: Duration.Duration): number => {
  const seconds = Math.floor(Duration.toSeconds(duration))
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0
}

/** A duration as "HH:MM:SS", to whole seconds (hours may exceed 23). */
export const format = (duration: Duration.Duration): string => {
  const total = wholeSeconds(duration)
  return `${two(Math.floor(total / 3600))}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`
}

/** Reads "HH:MM:SS" (hours may exceed 23); `undefined` for any other text. */
export const parse = (text: string): Duration.Duration | undefined => {
  const match = pattern.exec(text)
  if (match === null) return undefined
  const [, hours, minutes, seconds] = match
  return Duration.seconds(Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds))
}
