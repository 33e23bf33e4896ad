/**
 * Spans of time for people and for the UKSSDC: "HH:MM:SS" as the UKSSDC
 * writes running times (hours may exceed 23), for decoding replies and for
 * showing a task's `elapsed` the same way, and {@link human} durations
 * ("20 min 40 s", "ETA ~6 min") as every renderer says them. This module holds
 * no schemas, so a page that only shows times bundles little.
 *
 * @example
 * ```ts
 * import { Elapsed } from "@jobscope/core"
 * import * as Duration from "effect/Duration"
 *
 * Elapsed.format(Duration.minutes(95)) // "01:35:00"
 * Elapsed.human(Duration.seconds(3_930)) // "1 h 5 min 30 s"
 * Elapsed.human(Duration.seconds(3_930), { units: 2 }) // "1 h 5 min"
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

/** How {@link human} says a duration. */
export interface HumanOptions {
  /**
   * How many units to say at most, counted from the largest one present:
   * with 2, "1 h 5 min" rather than "1 h 5 min 30 s" (default: all, down to seconds).
   */
  readonly units?: number | undefined
  /** Round the smallest unit said to the nearest rather than down (default: false). */
  readonly round?: boolean | undefined
}

const humanUnits: ReadonlyArray<readonly [string, number]> = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["min", 60_000],
  ["s", 1_000]
]

/**
 * A duration as people say it: "350 ms" under a second, else days, hours,
 * minutes and seconds with the units that are zero left out ("20 min 40 s",
 * "1 h", "2 d 3 h"), "0 s" for nothing or less, "forever" for an infinite one.
 *
 * @example
 * ```ts
 * Elapsed.human(Duration.seconds(170)) // "2 min 50 s"
 * Elapsed.human(Duration.seconds(170), { units: 1, round: true }) // "3 min"
 * Elapsed.human(Duration.millis(59_700), { units: 1, round: true }) // "1 min"
 * ```
 */
export const human = (duration: Duration.Duration, options: HumanOptions = {}): string => {
  const millis = Duration.toMillis(duration)
  if (Number.isNaN(millis)) return "0 s"
  if (!Number.isFinite(millis)) return millis > 0 ? "forever" : "0 s"
  if (millis <= 0) return "0 s"
  if (millis < 1_000) return `${Math.min(Math.round(millis), 999)} ms`
  const units = Math.max(Math.floor(options.units ?? humanUnits.length), 1)
  const largest = humanUnits.findIndex(([, size]) => millis >= size)
  const [, step] = humanUnits[Math.min(largest + units - 1, humanUnits.length - 1)]!
  let rest = (options.round === true ? Math.round(millis / step) : Math.floor(millis / step)) * step
  const parts: Array<string> = []
  for (const [unit, size] of humanUnits) {
    const count = Math.floor(rest / size)
    rest -= count * size
    if (count > 0) parts.push(`${count} ${unit}`)
  }
  return parts.join(" ")
}
