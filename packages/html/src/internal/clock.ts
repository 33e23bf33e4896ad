import * as Duration from "effect/Duration"

const two = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** Whole seconds of a duration (finite, not negative; anything else counts as 0). */
export const wholeSeconds = (duration: Duration.Duration): number => {
  const seconds = Math.floor(Duration.toSeconds(duration))
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0
}

/** A duration as "HH:MM:SS", the UKSSDC `TimeRunning` form (hours may exceed 23). */
export const clock = (duration: Duration.Duration): string => {
  const total = wholeSeconds(duration)
  return `${two(Math.floor(total / 3600))}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`
}
