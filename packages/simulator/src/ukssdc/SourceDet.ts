/**
 * `tprods/getSourceDetResults.php`: the sources a finished source detection
 * found, per energy band (`Total`, and `Soft`, `Medium`, `Hard` when the job
 * asked for all bands with `detbands: "all"`), each with the properties
 * `RetrieveProducts.md` shows (`sno`, `x`, `y`, `ra`, `ra_pos`, `ra_neg`,
 * `dec`, `dec_pos`, `dec_neg`, `err90`, `l`, `b`, `C`) sent as text, as
 * swifttools' `retrieveSourceList` expects. The sources are scattered over
 * the field of the job's RA and Dec and drawn from the job's own random
 * stream, so the same seed gives the same sources.
 */
import { DecodeError, Ukssdc } from "@jobscope/core"
import * as Result from "effect/Result"
import type { Random } from "../internal/random.js"
import type * as Route from "../Route.js"
import type { Job } from "./Job.js"
import { finishedProduct, jobOf } from "./ProductData.js"
import { refusal, type State } from "./State.js"
import { writer } from "./Wire.js"

const decodeRequest = DecodeError.decodeJson(Ukssdc.SourceDetRequest, "source detection request")

const reply = writer(Ukssdc.SourceDetResponse)

const degrees = Math.PI / 180

/** J2000 equatorial to galactic coordinates, in degrees (the IAU 1958 pole at J2000). */
const galactic = (ra: number, dec: number): { readonly l: number; readonly b: number } => {
  const poleRa = 192.85948 * degrees
  const poleDec = 27.12825 * degrees
  const node = 122.93192 * degrees
  const a = ra * degrees
  const d = dec * degrees
  const sinB = Math.sin(d) * Math.sin(poleDec) + Math.cos(d) * Math.cos(poleDec) * Math.cos(a - poleRa)
  const b = Math.asin(Math.max(-1, Math.min(1, sinB)))
  const y = Math.cos(d) * Math.sin(a - poleRa)
  const x = Math.sin(d) * Math.cos(poleDec) - Math.cos(d) * Math.sin(poleDec) * Math.cos(a - poleRa)
  const l = ((((node - Math.atan2(y, x)) / degrees) % 360) + 360) % 360
  return { l, b: b / degrees }
}

/** The XRT's plate scale, arcseconds per sky pixel, and the field's radius in pixels. */
const pixel = 2.357
const fieldRadius = 400

interface Drawn {
  readonly x: number
  readonly y: number
  readonly ra: number
  readonly dec: number
  readonly err90: number
  readonly counts: number
}

/** A source as the server sends it: its properties as text, numbered within its band. */
const asSent = (source: Drawn, sno: number): Ukssdc.DetectedSource => {
  const { l, b } = galactic(source.ra, source.dec)
  // The RA and Dec errors, in degrees, as small as the documents' example shows beside its err90.
  const raError = (source.err90 * 6.5e-8).toExponential(12)
  const decError = (source.err90 * 3.6e-8).toExponential(12)
  return {
    sno: String(sno),
    x: source.x.toFixed(10),
    y: source.y.toFixed(10),
    ra: source.ra.toFixed(10),
    ra_pos: raError,
    ra_neg: `-${raError}`,
    dec: source.dec.toFixed(10),
    dec_pos: decError,
    dec_neg: `-${decError}`,
    err90: source.err90.toFixed(11),
    l: l.toFixed(12),
    b: b.toFixed(12),
    C: String(source.counts)
  }
}

/**
 * The sources a job's source detection finds: 3 to 30 in the total band, and
 * when all bands were searched, each of them in some of the narrower bands.
 */
export const sources = (random: Random, job: Job): Ukssdc.SourceDetData => {
  const stream = random.fork(`job/${job.id}/sourceDet`)
  const dec0 = Number(job.parameters.Dec ?? 90 * (2 * stream.next() - 1))
  const ra0 = Number(job.parameters.RA ?? 360 * stream.next())
  const drawn: Array<Drawn> = []
  const count = stream.int(3, 30)
  for (let i = 0; i < count; i++) {
    const radius = fieldRadius * Math.sqrt(stream.next())
    const angle = 2 * Math.PI * stream.next()
    const dx = radius * Math.cos(angle)
    const dy = radius * Math.sin(angle)
    const dec = Math.max(-90, Math.min(90, dec0 + (dy * pixel) / 3600))
    const ra = (((ra0 - (dx * pixel) / 3600 / Math.max(Math.cos(dec0 * degrees), 0.01)) % 360) + 360) % 360
    // Brighter sources have smaller errors: counts from a steep power law, errors shrinking with them.
    const counts = Math.round(8 / (1 - 0.98 * stream.next()) ** 1.2)
    const err90 = Math.max(3.5, 5 + 15 / Math.sqrt(counts)) * (0.9 + 0.2 * stream.next())
    drawn.push({ x: 500 + dx, y: 500 + dy, ra, dec, err90, counts })
  }
  // The server numbers the sources by brightness.
  drawn.sort((a, b) => b.counts - a.counts)
  const Total = drawn.map((source, index) => asSent(source, index + 1))
  if (job.parameters.detbands !== "all") return { Total }
  const band = (share: number) =>
    drawn
      .filter(() => stream.next() < share)
      .map((source) => ({ ...source, counts: Math.max(3, Math.round(source.counts * share)) }))
      .map((source, index) => asSent(source, index + 1))
  return { Total, Soft: band(0.35), Medium: band(0.45), Hard: band(0.3) }
}

/** The `ukssdc.sourceDet` route. */
export const route = (state: State): Route.Route => ({
  name: "ukssdc.sourceDet",
  methods: ["POST"],
  pattern: "/user_objects/tprods/getSourceDetResults.php",
  handle: (request) => {
    const decoded = decodeRequest(request.body)
    if (Result.isFailure(decoded)) return reply(refusal(state, decoded.failure.message))
    const job = finishedProduct(state, decoded.success, "sourceDet", "source detection")
    if (Result.isFailure(job)) return reply(job.failure, jobOf(job.failure))
    return reply(sources(state.context.random, job.success), job.success.id)
  }
})
