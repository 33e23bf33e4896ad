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
