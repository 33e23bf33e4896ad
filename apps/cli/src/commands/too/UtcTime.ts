/**
 * Times as Swift's users type them and as the API writes them: UTC dates and
 * times on the command line, "YYYY-MM-DD HH:MM:SS" on the wire.
 */
import { Flag } from "effect/cli"

const utcShape = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * A date or time as a user types it: "2026-03-01", "2026-03-01 12:30",
 * "2026-03-01T12:30:00Z"; UTC unless it names a zone, as Swift's times are.
 */
export const utcTime = (name: string) =>
  Flag.String(name).pipe(
    Flag.mapTryCatch(
      (text: string): Date => {
        const match = utcShape.exec(text.trim())
        const wrong = `--${name} takes a UTC date or time such as 2026-03-01 or "2026-03-01 12:30:00", not "${text}"`
        if (match === null) throw new Error(wrong)
        const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "", zone = "Z"] =
          match
        const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${zone}`)
        // Date rolls 2026-02-30 over into March: a day that does not exist is refused, not moved.
        const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
        if (
          Number.isNaN(date.getTime()) ||
          calendar.getUTCMonth() !== Number(month) - 1 ||
          calendar.getUTCDate() !== Number(day)
        )
          throw new Error(wrong)
        return date
      },
      (error) => (error instanceof Error ? error.message : String(error))
    )
  )

/** A time as Swift writes it, "YYYY-MM-DD HH:MM:SS" in UTC (milliseconds kept when there are any). */
export const swiftTime = (date: Date): string => {
  const iso = date.toISOString().replace("T", " ").replace("Z", "")
  return iso.endsWith(".000") ? iso.slice(0, 19) : iso
}
