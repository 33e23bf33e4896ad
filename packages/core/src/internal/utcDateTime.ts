import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"

const pattern = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/

/** The number the ASCII digits of `text` from `start` to `end` write, or -1 if any is not a digit. */
const digitsAt = (text: string, start: number, end: number): number => {
  let value = 0
  for (let at = start; at < end; at++) {
    const digit = text.charCodeAt(at) - 48
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  return value
}

/**
 * The fields of a text that matches {@link pattern}, as numbers, or `undefined`
 * when it does not match. Read by hand rather than with the pattern: every TOO
 * reply holds several of these times, and this runs twice for each.
 */
const fieldsOf = (text: string) => {
  const length = text.length
  if (length !== 19 && (length < 21 || length > 29 || text.charCodeAt(19) !== 46) /* . */) return undefined
  if (
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 32 /* space */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58
  )
    return undefined
  const year = digitsAt(text, 0, 4)
  const month = digitsAt(text, 5, 7)
  const day = digitsAt(text, 8, 10)
  const hour = digitsAt(text, 11, 13)
  const minute = digitsAt(text, 14, 16)
  const second = digitsAt(text, 17, 19)
  const fraction = length === 19 ? 0 : digitsAt(text, 20, length)
  if ((year | month | day | hour | minute | second | fraction) < 0) return undefined
  const millis = length === 19 ? 0 : Math.floor(Number(`0.${text.slice(20)}`) * 1000)
  return { year, month, day, hour, minute, second, millis }
}

const toDate = (text: string): Date => {
  const fields = fieldsOf(text)
  if (fields === undefined) return new Date(Number.NaN)
  const { year, month, day, hour, minute, second, millis } = fields
  // Date.UTC reads years 0–99 as 1900–1999: build those in another year and set the year on its own.
  const date = new Date(Date.UTC(year < 100 ? 2000 : year, month - 1, day, hour, minute, second, millis))
  if (year < 100) date.setUTCFullYear(year)
  return date
}

/** Whether a year of the proleptic Gregorian calendar (the one `Date` uses) has a 29 February. */
const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const two = (n: number) => String(n).padStart(2, "0")

const fromDate = (date: Date): string => {
  const base = `${String(date.getUTCFullYear()).padStart(4, "0")}-${two(date.getUTCMonth() + 1)}-${two(
    date.getUTCDate()
  )} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
  const millis = date.getUTCMilliseconds()
  return millis === 0 ? base : `${base}.${String(millis).padStart(3, "0")}`
}

/**
 * Whether the text names a real instant: "2021-02-30 00:00:00" matches the
 * pattern but does not. Text that does not match is the pattern's to report.
 */
const isRealInstant = (text: string): boolean => {
  const fields = fieldsOf(text)
  if (fields === undefined) return true
  const { year, month, day, hour, minute, second } = fields
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= (month === 2 && isLeapYear(year) ? 29 : daysInMonth[month - 1]!) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  )
}

/** The years the format can write: four digits. */
const writable = Schema.isBetweenDate({
  minimum: new Date("0000-01-01T00:00:00.000Z"),
  maximum: new Date("9999-12-31T23:59:59.999Z")
})

/**
 * A UTC time as the Swift services write it, "YYYY-MM-DD HH:MM:SS" with
 * optional fractional seconds, decoded to a `Date` and encoded back to the
 * same form (milliseconds kept when present).
 */
export const UtcDateTime = Schema.String.annotate({ expected: 'a UTC time "YYYY-MM-DD HH:MM:SS"' })
  .check(
    Schema.isPattern(pattern, { expected: 'a UTC time "YYYY-MM-DD HH:MM:SS"' }),
    Schema.makeFilter(
      (text: string) => isRealInstant(text) || `${JSON.stringify(text)} is not a real date and time`
    )
  )
  .pipe(
    Schema.decodeTo(
      Schema.Date.check(writable),
      SchemaTransformation.transform({ decode: toDate, encode: fromDate })
    )
  )
