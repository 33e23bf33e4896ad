/**
 * Instants as a report shows them to people: "2026-12-07 18:58:15 UTC", the
 * same in every renderer and every time zone.
 *
 * @example
 * ```ts
 * import { UtcTime } from "@jobscope/core"
 *
 * UtcTime.format(new Date("2026-12-07T18:58:15.250Z")) // "2026-12-07 18:58:15 UTC"
 * ```
 */

/** What {@link format} says of an invalid `Date`. */
export const unknownTime = "an unknown time"

/** Whether the date is a real instant (not an invalid `Date`). */
export const isValid = (date: Date): boolean => !Number.isNaN(date.getTime())

/**
 * An instant as "YYYY-MM-DD HH:MM:SS UTC", to the second (rounded down);
 * {@link unknownTime} for an invalid `Date`.
 */
export const format = (date: Date): string =>
  isValid(date) ? `${date.toISOString().slice(0, 19).replace("T", " ")} UTC` : unknownTime

/** An instant as "YYYY-MM-DDTHH:MM:SSZ", to the second, for machines (an HTML `datetime`); "" for an invalid `Date`. */
export const iso = (date: Date): string => (isValid(date) ? `${date.toISOString().slice(0, 19)}Z` : "")
