/**
 * Just enough sky geometry for plausible answers: where the Sun is on a date
 * (the Astronomical Almanac's low-precision formula, good to about 0.01°) and
 * how far apart two positions are. Swift cannot point within
 * {@link sunLimit} degrees of the Sun.
 */

/** A position on the sky in decimal degrees, J2000. */
export interface Position {
  readonly ra: number
  readonly dec: number
}

/** How close to the Sun Swift may point, degrees. */
export const sunLimit = 46

const radians = Math.PI / 180
const julianDayOfUnixEpoch = 2440587.5
const j2000 = 2451545
const millisPerDay = 86_400_000

/** The Sun's position on a date. */
export const sun = (date: Date): Position => {
  const days = date.getTime() / millisPerDay + julianDayOfUnixEpoch - j2000
  const meanLongitude = 280.46 + 0.9856474 * days
  const meanAnomaly = (357.528 + 0.9856003 * days) * radians
  const longitude =
    (meanLongitude + 1.915 * Math.sin(meanAnomaly) + 0.02 * Math.sin(2 * meanAnomaly)) * radians
  const obliquity = (23.439 - 0.0000004 * days) * radians
  const ra = Math.atan2(Math.cos(obliquity) * Math.sin(longitude), Math.cos(longitude)) / radians
  const dec = Math.asin(Math.sin(obliquity) * Math.sin(longitude)) / radians
  return { ra: (ra + 360) % 360, dec }
}

/** The angle between two positions, degrees (haversine, exact for small angles too). */
export const separation = (a: Position, b: Position): number => {
  const dDec = (b.dec - a.dec) * radians
  const dRa = (b.ra - a.ra) * radians
  const h =
    Math.sin(dDec / 2) ** 2 + Math.cos(a.dec * radians) * Math.cos(b.dec * radians) * Math.sin(dRa / 2) ** 2
  return (2 * Math.asin(Math.min(1, Math.sqrt(h)))) / radians
}

/** How far a position is from the Sun on a date, degrees. */
export const sunDistance = (position: Position, date: Date): number => separation(position, sun(date))
