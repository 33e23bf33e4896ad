import * as z from "zod"
import { daysIn } from "./calendar.js"

// The core's pattern: a date, then optionally a time (after "T" or a space) with
// fractional seconds and a zone.
const pattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/

const expected = 'Invalid input: expected an ISO 8601 time such as "2026-03-15T12:00:00"'

/** The first and last instants the core represents: the start of year 0 and the end of year 9999. */
const earliest = Date.parse("0000-01-01T00:00:00.000Z")
const latest = Date.parse("9999-12-31T23:59:59.999Z")

/** Minutes east of UTC of a zone as written ("Z", "+05:30", "-0800"); none is UTC. */
const zoneMinutes = (zone: string): number => {
  if (zone === "Z") return 0
  const digits = zone.slice(1).replace(":", "")
  return (zone.startsWith("-") ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)))
}

/**
 * Whether the text names a real instant the core can hold: a day of its month
 * (proleptic Gregorian, leap years included), a time of day, and, after its
 * zone, an instant from year 0 to the end of 9999, to the millisecond as the
 * core reads it (fractions beyond it cut off). Text that does not match is the
 * pattern's to report.
 */
const isRealInstant = (text: string): boolean => {
  const match = pattern.exec(text)
  if (match === null) return true
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction = "0", zone = "Z"] = match
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number
  ]
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return false
  const utc = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, Math.floor(Number(`0.${fraction}`) * 1000)))
  // Date.UTC reads years 0–99 as 1900–1999; the year is set on its own.
  utc.setUTCFullYear(y)
  const instant = utc.getTime() - zoneMinutes(zone) * 60_000
  return instant >= earliest && instant <= latest
}

/**
 * A time as the Swift TOO REST API (FastAPI and Pydantic) writes it: ISO 8601
 * with a "T" or a space, optional seconds, fraction and zone, or a bare date;
 * kept as text (the core decodes it to a `Date`, reading no zone as UTC).
 */
export const IsoDateTime = z
  .string()
  .regex(pattern, expected)
  .refine(isRealInstant, { error: (issue) => `${JSON.stringify(issue.input)} is not a real time` })
