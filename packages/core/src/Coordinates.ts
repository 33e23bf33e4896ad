/**
 * Sky positions as people read them: decimal degrees with the error circle,
 * "RA 219.28707°, Dec −62.65333° ± 1.6″", and sexagesimal,
 * "14h 37m 08.90s, −62° 39′ 12.0″", the same in every renderer.
 *
 * @example
 * ```ts
 * import { Coordinates } from "@jobscope/core"
 *
 * const position = { _tag: "Position", ra: 219.28707, dec: -62.65333, error: 1.6 } as const
 * Coordinates.format(position) // "RA 219.28707°, Dec −62.65333° ± 1.6″"
 * Coordinates.sexagesimal(position) // "14h 37m 08.90s, −62° 39′ 12.0″"
 * Coordinates.parseRightAscension("14:37:08.9") // 219.28708333…
 * Coordinates.parseDeclination("-62d39m12s") // -62.65333…
 * ```
 */
import type * as Job from "./Job.js"

/** A minus sign as type sets it (U+2212), which a line break never splits from its number. */
const minus = "\u2212"

const signed = (value: string): string => (value.startsWith("-") ? `${minus}${value.slice(1)}` : value)

const two = (n: number): string => String(n).padStart(2, "0")

/** A number of arcseconds, to at most two decimals: "1.6″", "0.45″", "12″". */
export const arcseconds = (value: number): string => `${String(Math.round(value * 100) / 100)}″`

/** A position in decimal degrees to 5 places (about 0.04″), with its error circle when known. */
export const format = (position: Job.Position): string => {
  const at = `RA ${position.ra.toFixed(5)}°, Dec ${signed(position.dec.toFixed(5))}°`
  return position.error === undefined ? at : `${at} ± ${arcseconds(position.error)}`
}

/** Right ascension in hours, minutes and seconds to 0.01 s: "14h 37m 08.90s". */
export const rightAscension = (degrees: number): string => {
  const hundredths = Math.round((((degrees % 360) + 360) % 360) * 24_000) % 8_640_000 // 0.01 s of time
  const seconds = (hundredths % 6_000) / 100
  return `${two(Math.floor(hundredths / 360_000))}h ${two(Math.floor(hundredths / 6_000) % 60)}m ${seconds.toFixed(2).padStart(5, "0")}s`
}

/** Declination in degrees, arcminutes and arcseconds to 0.1″: "−62° 39′ 12.0″". */
export const declination = (degrees: number): string => {
  const tenths = Math.round(Math.abs(degrees) * 36_000) // 0.1″
  const seconds = (tenths % 600) / 10
  const sign = degrees < 0 && tenths > 0 ? minus : "+"
  return `${sign}${two(Math.floor(tenths / 36_000))}° ${two(Math.floor(tenths / 600) % 60)}′ ${seconds.toFixed(1).padStart(4, "0")}″`
}

/** A position in sexagesimal: "14h 37m 08.90s, −62° 39′ 12.0″". */
export const sexagesimal = (position: Job.Position): string =>
  `${rightAscension(position.ra)}, ${declination(position.dec)}`

/** Hours (or degrees), minutes and seconds, separated by units, colons or spaces; seconds optional. */
const hoursMinutesSeconds =
  /^(\d{1,2})(?:\s*h\s*|:|\s+)(\d{1,2}(?:\.\d+)?)(?:(?:\s*m\s*|:|\s+)(\d{1,2}(?:\.\d+)?)\s*s?|\s*m)?$/
const degreesMinutesSeconds =
  /^(\d{1,2})(?:\s*[d°]\s*|:|\s+)(\d{1,2}(?:\.\d+)?)(?:(?:\s*[m'′]\s*|:|\s+)(\d{1,2}(?:\.\d+)?)\s*[s"″]?|\s*[m'′])?$/

/** Decimal degrees, optionally marked as such: "219.2875", "219.2875d", "-62.5°". */
const decimalDegrees = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*(?:d|deg|°)?$/

/** The value of whole units, minutes and seconds; `undefined` when minutes or seconds are 60 or more, or a fraction is not last. */
const sexagesimalValue = (match: RegExpExecArray): number | undefined => {
  const whole = Number(match[1])
  const minutes = Number(match[2])
  const seconds = match[3] === undefined ? 0 : Number(match[3])
  if (minutes >= 60 || seconds >= 60) return undefined
  if (match[3] !== undefined && !Number.isInteger(minutes)) return undefined
  return whole + minutes / 60 + seconds / 3600
}

/** The text with its sign split off: a typeset minus (U+2212) counts as one. */
const signOf = (text: string): { readonly negative: boolean; readonly rest: string } => {
  const trimmed = text.trim()
  const sign = trimmed[0]
  return sign === "-" || sign === minus || sign === "+"
    ? { negative: sign !== "+", rest: trimmed.slice(1).trimStart() }
    : { negative: false, rest: trimmed }
}

/**
 * A right ascension as a person types it, in degrees from 0 to 360: decimal
 * degrees ("219.2875", "219.2875d") or hours, minutes and seconds
 * ("14:37:09", "14h37m09.5s", "14h 37m 09s", "14 37 09", "14:37.15");
 * `undefined` when it is neither, or out of range.
 */
export const parseRightAscension = (text: string): number | undefined => {
  const { negative, rest } = signOf(text)
  const sexagesimal = hoursMinutesSeconds.exec(rest)
  if (sexagesimal !== null) {
    const hours = sexagesimalValue(sexagesimal)
    return negative || hours === undefined || hours >= 24 ? undefined : hours * 15
  }
  if (!decimalDegrees.test(rest)) return undefined
  const degrees = Number.parseFloat(rest) * (negative ? -1 : 1)
  return degrees >= 0 && degrees <= 360 ? degrees : undefined
}

/**
 * A declination as a person types it, in degrees from −90 to 90: decimal
 * degrees ("-62.6533") or degrees, arcminutes and arcseconds ("-62:39:12",
 * "-62d39m12s", "−62° 39′ 12.0″", "-62 39 12"); `undefined` when it is
 * neither, or out of range.
 */
export const parseDeclination = (text: string): number | undefined => {
  const { negative, rest } = signOf(text)
  const sexagesimal = degreesMinutesSeconds.exec(rest)
  const magnitude =
    sexagesimal !== null
      ? sexagesimalValue(sexagesimal)
      : decimalDegrees.test(rest) && !/^[+-]/.test(rest)
        ? Number.parseFloat(rest)
        : undefined
  if (magnitude === undefined || magnitude > 90) return undefined
  return negative ? -magnitude : magnitude
}
