/**
 * Answers `Swift_AFST`: what Swift observed. The simulator's as-flown timeline
 * is one fixed sequence of pointings, a pure function of time: each 96-minute
 * orbit holds one to three snapshots of catalogue sources that were at least
 * {@link Sky.sunLimit} degrees from the Sun, each a slew, a settle and an
 * exposure of 8–28 minutes. A query selects the pointings in its window that
 * match its position, target ID or observation number.
 */
import * as Catalogue from "./Catalogue.js"
import * as Orbit from "./Orbit.js"
import * as Sky from "./Sky.js"

/** One pointing of the timeline. */
export interface Pointing {
  readonly begin: Date
  readonly settle: Date
  readonly end: Date
  /** Where the spacecraft actually pointed. */
  readonly ra: number
  readonly dec: number
  readonly roll: number
  readonly source: Catalogue.Source
  /** The observation segment: a source's observations are numbered by week. */
  readonly seg: number
  /** UVOT filter mode, as a number. */
  readonly uvot: number
}

/** What an as-flown timeline query selects. */
export interface Query {
  readonly begin: Date
  readonly end: Date
  /** Only pointings within `radius` degrees of this position. */
  readonly near?: { readonly position: Sky.Position; readonly radius: number } | undefined
  readonly targetid?: number | undefined
  readonly seg?: number | undefined
}

/** The search radius when a query gives a position but no radius, degrees (11.8′, XRT's field of view). */
export const defaultRadius = 0.1967

/** The longest window a query may span, days. */
export const maxDays = 31

const second = 1000
const minute = 60 * second
const week = 7 * 24 * 60 * minute

/** The UVOT modes used: 0x9999 (all filters) and 0x30ed (UV filters). */
const uvotModes = [0x9999, 0x30ed] as const

const round = (value: number, digits: number): number => Number(value.toFixed(digits))

/** The pointings of one orbit. */
const pointingsOf = (index: number): Array<Pointing> => {
  const random = Orbit.noise(`afst/${index}`)
  const orbitEnd = Orbit.startOf(index + 1)
  const visible = Catalogue.sources.filter(
    (source) => Sky.sunDistance(source, new Date(Orbit.startOf(index))) >= Sky.sunLimit
  )
  const pointings: Array<Pointing> = []
  let time = Orbit.startOf(index) + random.int(0, 10) * minute
  for (let count = random.int(1, 3); count > 0 && visible.length > 0; count--) {
    const source = random.pick(visible)
    const settle = time + random.int(120, 240) * second
    const end = settle + random.int(8 * 60, 28 * 60) * second
    if (end > orbitEnd) break
    pointings.push({
      begin: new Date(time),
      settle: new Date(settle),
      end: new Date(end),
      ra: round(source.ra + (random.next() - 0.5) * 0.02, 4),
      dec: round(source.dec + (random.next() - 0.5) * 0.02, 4),
      roll: round(random.next() * 360, 1),
      source,
      seg: 1 + (Math.floor((time - Orbit.epoch) / week) % 999),
      uvot: random.pick(uvotModes)
    })
    time = end + random.int(1, 10) * minute
  }
  return pointings
}

const matches = (query: Query, pointing: Pointing): boolean =>
  pointing.begin.getTime() < query.end.getTime() &&
  pointing.end.getTime() > query.begin.getTime() &&
  (query.near === undefined || Sky.separation(query.near.position, pointing.source) <= query.near.radius) &&
  (query.targetid === undefined || pointing.source.targetid === query.targetid) &&
  (query.seg === undefined || pointing.seg === query.seg)

/** The pointings that overlap the query's window and match its filters, in time order. */
export const pointings = (query: Query): ReadonlyArray<Pointing> => {
  const found: Array<Pointing> = []
  const last = Orbit.indexAt(query.end.getTime())
  for (let index = Orbit.indexAt(query.begin.getTime()); index <= last; index++) {
    for (const pointing of pointingsOf(index)) if (matches(query, pointing)) found.push(pointing)
  }
  return found
}
