import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"

const pattern = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/

const toDate = (text: string): Date => {
  const [, year, month, day, hour, minute, second, fraction = "0"] = pattern.exec(text) ?? []
  const millis = Math.floor(Number(`0.${fraction}`) * 1000)
  const date = new Date(
    Date.UTC(2000, Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), millis)
  )
  // Date.UTC reads years 0–99 as 1900–1999; set the year on its own.
  date.setUTCFullYear(Number(year))
  return date
}

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
  if (!pattern.test(text)) return true
  const date = toDate(text)
  return !Number.isNaN(date.getTime()) && fromDate(date).slice(0, 19) === text.slice(0, 19)
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
