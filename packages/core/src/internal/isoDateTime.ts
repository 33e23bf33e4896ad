import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"

// Date, then optionally a time (after "T" or a space) with fractional seconds and a zone.
const pattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/

const toDate = (text: string): Date => {
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction = "0", zone = "Z"] =
    pattern.exec(text) ?? []
  const millis = Math.floor(Number(`0.${fraction}`) * 1000)
  const utc = new Date(
    Date.UTC(2000, Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), millis)
  )
  // Date.UTC reads years 0–99 as 1900–1999; set the year on its own.
  utc.setUTCFullYear(Number(year))
  if (zone === "Z") return utc
  const sign = zone.startsWith("-") ? -1 : 1
  const digits = zone.slice(1).replace(":", "")
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
  return new Date(utc.getTime() - offset)
}

const two = (n: number) => String(n).padStart(2, "0")

/** Naive UTC, as Pydantic writes a naive datetime: "2026-03-15T12:00:00", milliseconds when there are any. */
const fromDate = (date: Date): string => {
  const base = `${String(date.getUTCFullYear()).padStart(4, "0")}-${two(date.getUTCMonth() + 1)}-${two(
    date.getUTCDate()
  )}T${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
  const millis = date.getUTCMilliseconds()
  return millis === 0 ? base : `${base}.${String(millis).padStart(3, "0")}`
}

const inRange = (text: string): boolean => {
  const [, year, month, day, hour = "0", minute = "0", second = "0"] = pattern.exec(text) ?? []
  return (
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(day) >= 1 &&
    // The day exists in its month (no 31 February), leap years included.
    new Date(Date.UTC(2000 + (Number(year) % 400), Number(month) - 1, Number(day))).getUTCDate() ===
      Number(day) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    !Number.isNaN(toDate(text).getTime())
  )
}

const expected = 'an ISO 8601 time such as "2026-03-15T12:00:00"'

/**
 * A time as the REST API (FastAPI and Pydantic) writes it: ISO 8601 with a
 * "T" or a space, optional seconds, fraction and zone (none means UTC, as the
 * official client reads it), or a bare date; decoded to a `Date` and encoded
 * as naive UTC.
 */
export const IsoDateTime = Schema.String.annotate({ expected })
  .check(
    Schema.isPattern(pattern, { expected }),
    Schema.makeFilter(
      (text: string) => !pattern.test(text) || inRange(text) || `${JSON.stringify(text)} is not a real time`
    )
  )
  .pipe(
    Schema.decodeTo(
      Schema.Date.check(
        Schema.isBetweenDate({
          minimum: new Date("0000-01-01T00:00:00.000Z"),
          maximum: new Date("9999-12-31T23:59:59.999Z")
        })
      ),
      SchemaTransformation.transform({ decode: toDate, encode: fromDate })
    )
  )
