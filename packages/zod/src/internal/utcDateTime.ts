import * as z from "zod"
import { daysIn } from "./calendar.js"

const pattern = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/

const expected = 'Invalid input: expected a UTC time "YYYY-MM-DD HH:MM:SS"'

/**
 * Whether the text names a real instant: "2021-02-30 00:00:00" matches the
 * pattern but does not, nor does "2021-01-01 24:00:00". The proleptic
 * Gregorian calendar, as JavaScript's `Date` and the core use. Text that does
 * not match is the pattern's to report.
 */
const isRealInstant = (text: string): boolean => {
  const match = pattern.exec(text)
  if (match === null) return true
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number
  ]
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  )
}

/**
 * A UTC time as the Swift services write it, "YYYY-MM-DD HH:MM:SS" with
 * optional fractional seconds, kept as text (the core decodes it to a `Date`).
 */
export const UtcDateTime = z
  .string()
  .regex(pattern, expected)
  .refine(isRealInstant, { error: (issue) => `${JSON.stringify(issue.input)} is not a real date and time` })
