/**
 * The positions a job's position products find: near the job's RA and Dec,
 * with the error radius typical of each method, the same for the same seed.
 */
import type { Random } from "../internal/random.js"
import type { Job } from "./Job.js"

/** The products that measure a position. */
export type PositionProduct = "psf" | "enh" | "xastrom"

/** A position: RA and Dec in decimal degrees (J2000), and the 90 % error radius in arcseconds. */
export interface Found {
  readonly RA: number
  readonly Dec: number
  readonly Err90: number
  readonly FromSXPS: 0 | 1
  readonly WhichSXPS: string | null
}

/** The usual 90 % error radius of each method, in arcseconds. */
const errorRange: Readonly<Record<PositionProduct, readonly [number, number]>> = {
  psf: [3.5, 6],
  enh: [1.4, 2.5],
  xastrom: [2, 4.5]
}

/** The people-facing name of each position product. */
export const positionName: Readonly<Record<PositionProduct, string>> = {
  psf: "standard position",
  enh: "enhanced position",
  xastrom: "astrometric position"
}

/** The reason a failed position product gives, as the real server words it. */
export const noSource = "No source was detected in the XRT data."

const round = (value: number, places: number): number => Number(value.toFixed(places))

/** The position `product` of `job` finds, drawn from the job's own stream. */
export const found = (random: Random, job: Job, product: PositionProduct): Found => {
  const stream = random.fork(`job/${job.id}/position/${product}`)
  const [low, high] = errorRange[product]
  const Err90 = round(low + (high - low) * stream.next(), 1)
  const Dec0 = Number(job.parameters.Dec ?? 0)
  const RA0 = Number(job.parameters.RA ?? 0)
  const offsetDec = ((stream.next() - 0.5) * Err90) / 3600
  const offsetRA = ((stream.next() - 0.5) * Err90) / 3600 / Math.max(Math.cos((Dec0 * Math.PI) / 180), 0.01)
  const Dec = round(Math.min(90, Math.max(-90, Dec0 + offsetDec)), 5)
  const RA = round((((RA0 + offsetRA) % 360) + 360) % 360, 5)
  const fromSXPS = product === "psf" && job.parameters.useSXPS === 1
  return { RA, Dec, Err90, FromSXPS: fromSXPS ? 1 : 0, WhichSXPS: fromSXPS ? "LSXPS" : null }
}
