/**
 * The values the server looks up for a job when asked to (`getCoords`,
 * `getTargs`, `getT0`). The simulator makes them up, the same for the same
 * name or position under the same seed, so a repeated job sees the same
 * values.
 */
import type { Random } from "../internal/random.js"

const round = (value: number, places: number): number => Number(value.toFixed(places))

/** A position for a source name: RA and Dec in decimal degrees (J2000), spread evenly over the sky. */
export const coordinates = (random: Random, name: string): { readonly RA: number; readonly Dec: number } => {
  const stream = random.fork(`coordinates/${name}`)
  const RA = round(360 * stream.next(), 4)
  const Dec = round((Math.asin(2 * stream.next() - 1) * 180) / Math.PI, 4)
  return { RA, Dec }
}

/** The Swift target IDs that observed a position: one to three 8-digit IDs. */
export const targets = (random: Random, RA: number, Dec: number): ReadonlyArray<string> => {
  const stream = random.fork(`targets/${RA.toFixed(2)},${Dec.toFixed(2)}`)
  const count = stream.int(1, 3)
  const first = stream.int(10_000, 96_000)
  return Array.from({ length: count }, (_, i) => String(first + i * stream.int(1, 40)).padStart(8, "0"))
}

/** A trigger time for a source name, in Swift mission elapsed time (seconds). */
export const t0 = (random: Random, name: string): number =>
  round(1.5e8 + 6e8 * random.fork(`t0/${name}`).next(), 5)
