/**
 * Which clock a time is on, said next to it. A report holds times from two
 * clocks: when you looked (your clock) and when the server says a task
 * started or a window opens (its clock, which for a sped-up simulator is
 * months away from yours). Every renderer labels them with these words, and
 * says a time left in the server's time with what it is here at the
 * simulator's speed: "~6 min simulated (6 s here at 60×)".
 *
 * @example
 * ```ts
 * import { Clock } from "@jobscope/core"
 * import * as Duration from "effect/Duration"
 *
 * Clock.at(new Date("2026-12-07T18:58:15Z"), "observer") // "2026-12-07 18:58:15 UTC (your clock)"
 * Clock.at(new Date("2026-03-15T00:00:07Z"), "simulator") // "2026-03-15 00:00:07 UTC (simulator clock)"
 * Clock.timeLeft(Duration.minutes(6), 60) // "~6 min simulated (6 s here at 60×)"
 * Clock.timeLeft(Duration.minutes(6)) // "~6 min"
 * ```
 */
import * as Duration from "effect/Duration"
import * as Elapsed from "./Elapsed.js"
import * as UtcTime from "./UtcTime.js"

/**
 * A clock a time can be on: the `observer`'s (the machine that polled: a
 * snapshot's `observedAt`), the `server`'s (a task's start and end, a
 * window), or a `simulator`'s (the server's, when it is a jobscope
 * simulator whose clock runs at its own speed).
 */
export type Clock = "observer" | "server" | "simulator"

/** What each clock is called next to a time. */
export const names: Readonly<Record<Clock, string>> = {
  observer: "your clock",
  server: "server clock",
  simulator: "simulator clock"
}

/** The name of a clock; anything else (from an untyped caller) is the server's. */
export const name = (clock: Clock): string => (Object.hasOwn(names, clock) ? names[clock] : names.server)

/** The clock a server's times are on: a simulator's when it runs at a known `speed`, else the server's. */
export const ofServer = (speed: number | undefined): Clock =>
  speed === undefined || !(speed > 0) ? "server" : "simulator"

/** An instant as `UtcTime.format` writes it, with its clock: "2026-12-07 18:58:15 UTC (your clock)". */
export const at = (date: Date, clock: Clock): string => `${UtcTime.format(date)} (${name(clock)})`

/**
 * A span of time as people say it, rounded to its largest unit, or to
 * minutes past an hour: "8 s", "3 min", "1 h 20 min"; an estimate to the
 * second would claim more than it knows.
 */
export const rough = (span: Duration.Duration): string =>
  Elapsed.human(span, { units: Duration.toMillis(span) >= 3_600_000 ? 2 : 1, round: true })

/**
 * A time left, in the server's time: "~6 min"; when the server is a
 * simulator running `speed` times fast (other than 1), also how long that is
 * here: "~6 min simulated (6 s here at 60×)".
 */
export const timeLeft = (span: Duration.Duration, speed?: number | undefined): string =>
  speed === undefined || speed === 1 || !(speed > 0) || !Number.isFinite(speed)
    ? `~${rough(span)}`
    : `~${rough(span)} simulated (${rough(Duration.millis(Duration.toMillis(span) / speed))} here at ${speed}×)`
