/**
 * How a UKSSDC status reply is written, shared by the mirrors of its schema:
 * "HH:MM:SS" durations (hours may exceed 23) and which keys are products.
 */

/** What `TimeRunning` looks like. */
export const clockPattern = /^(\d+):([0-5]\d):([0-5]\d)$/

/** Seconds in a clock text already checked against {@link clockPattern}. */
export const secondsFromClock = (text: string): number => {
  const [, hours, minutes, seconds] = clockPattern.exec(text) ?? []
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)
}

const two = (n: number) => String(n).padStart(2, "0")

/** Writes whole seconds as "HH:MM:SS". */
export const clockFromSeconds = (total: number): string =>
  `${two(Math.floor(total / 3600))}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`

/** The keys of a status reply that are not products. */
const replyKeys: ReadonlySet<string> = new Set(["OK", "JobID", "APIVersion", "ERROR", "deprecationWarning"])

/** Whether a key of a status reply names a product: not one of the reply's own, and starting lower-case. */
export const isProductKey = (key: string): boolean => !replyKeys.has(key) && /^[a-z]/.test(key)
