/**
 * The simulated TAP service's science tables, seeded: `swift.observations`
 * (Swift pointings: obsid, target, position, start, exposure) and
 * `swift.xrt_sources` (X-ray sources detected in them: position and its
 * 90% error, count rate, flux), linked by `obsid`. The same seed gives the
 * same sky.
 */
import type { Random } from "../internal/random.js"
import type * as Table from "./Table.js"

/** How big the catalogue is. */
export interface CatalogueOptions {
  /** Pointings in `swift.observations` (default: 200). */
  readonly observations?: number
  /** Sources per pointing, at most (default: 20; each has from 0 up to this many). */
  readonly sourcesPerObservation?: number
}

const targets = ["GRB", "SN", "AT", "Swift J", "XRT", "4FGL", "PKS", "Mrk", "NGC", "V"]

const degrees = (radians: number): number => (radians * 180) / Math.PI

/** A point drawn uniformly on the sky. */
const skyPoint = (random: Random): { ra: number; dec: number } => ({
  ra: random.next() * 360,
  dec: degrees(Math.asin(2 * random.next() - 1))
})

const round = (value: number, digits: number): number => Number(value.toFixed(digits))

/** Sexagesimal-free Swift name, as the 2SXPS catalogue writes them: `Swift J123456.7+123456`. */
const sourceName = (ra: number, dec: number): string => {
  const hours = ra / 15
  const h = Math.floor(hours)
  const m = Math.floor((hours - h) * 60)
  const s = ((hours - h) * 60 - m) * 60
  const sign = dec < 0 ? "-" : "+"
  const absolute = Math.abs(dec)
  const d = Math.floor(absolute)
  const dm = Math.floor((absolute - d) * 60)
  const ds = Math.floor(((absolute - d) * 60 - dm) * 60)
  const two = (n: number) => String(n).padStart(2, "0")
  return `Swift J${two(h)}${two(m)}${s.toFixed(1).padStart(4, "0")}${sign}${two(d)}${two(dm)}${two(ds)}`
}

const observationColumns: ReadonlyArray<Table.Column> = [
  {
    name: "obsid",
    datatype: "char",
    arraysize: "*",
    ucd: "meta.id;obs",
    description: "Swift observation ID",
    indexed: true,
    principal: true
  },
  {
    name: "target_name",
    datatype: "char",
    arraysize: "*",
    ucd: "meta.id;src",
    description: "The target the observation pointed at",
    principal: true
  },
  {
    name: "ra",
    datatype: "double",
    unit: "deg",
    ucd: "pos.eq.ra;meta.main",
    description: "Pointing right ascension (ICRS)",
    principal: true
  },
  {
    name: "dec",
    datatype: "double",
    unit: "deg",
    ucd: "pos.eq.dec;meta.main",
    description: "Pointing declination (ICRS)",
    principal: true
  },
  {
    name: "start_time",
    datatype: "char",
    arraysize: "*",
    xtype: "timestamp",
    ucd: "time.start;obs",
    description: "Start of the observation (UTC)"
  },
  {
    name: "exposure",
    datatype: "double",
    unit: "s",
    ucd: "time.duration;obs.exposure",
    description: "XRT exposure"
  }
]

const sourceColumns: ReadonlyArray<Table.Column> = [
  {
    name: "source_id",
    datatype: "long",
    ucd: "meta.id;meta.main",
    description: "Source number in this catalogue",
    indexed: true,
    principal: true
  },
  {
    name: "name",
    datatype: "char",
    arraysize: "*",
    ucd: "meta.id",
    description: "IAU-style source name",
    principal: true
  },
  {
    name: "ra",
    datatype: "double",
    unit: "deg",
    ucd: "pos.eq.ra;meta.main",
    description: "Right ascension (ICRS)",
    indexed: true,
    principal: true
  },
  {
    name: "dec",
    datatype: "double",
    unit: "deg",
    ucd: "pos.eq.dec;meta.main",
    description: "Declination (ICRS)",
    indexed: true,
    principal: true
  },
  {
    name: "err90",
    datatype: "double",
    unit: "arcsec",
    ucd: "stat.error;pos",
    description: "90% confidence radius of the position"
  },
  {
    name: "rate",
    datatype: "double",
    unit: "ct/s",
    ucd: "phot.count;em.X-ray",
    description: "Count rate, 0.3-10 keV"
  },
  {
    name: "flux",
    datatype: "double",
    unit: "mW/m**2",
    ucd: "phot.flux;em.X-ray",
    description: "Flux, 0.3-10 keV (1 mW/m**2 is 1 erg/s/cm**2); null when too faint to convert",
    principal: true
  },
  {
    name: "obsid",
    datatype: "char",
    arraysize: "*",
    ucd: "meta.id;obs",
    description: "The observation it was detected in",
    indexed: true
  }
]

/** The science schema `swift`, drawn from `random`. */
export const make = (random: Random, options: CatalogueOptions = {}): Table.SchemaInfo => {
  const count = options.observations ?? 200
  const perObservation = options.sourcesPerObservation ?? 20
  const observations: Array<ReadonlyArray<Table.Value>> = []
  const sources: Array<ReadonlyArray<Table.Value>> = []
  const firstStart = Date.UTC(2024, 0, 1)
  for (let index = 0; index < count; index++) {
    const obsid = String(30_000_000 + index * 7)
      .padStart(8, "0")
      .padEnd(11, "0")
    const pointing = skyPoint(random)
    const target = `${random.pick(targets)} ${random.int(100, 999)}${String.fromCharCode(65 + random.int(0, 25))}`
    const start = new Date(firstStart + random.int(0, 700 * 86_400) * 1000)
      .toISOString()
      .replace(/\.000Z$/, "")
    observations.push([
      obsid,
      target,
      round(pointing.ra, 5),
      round(pointing.dec, 5),
      start,
      random.int(300, 20_000)
    ])
    const detected = random.int(0, perObservation)
    for (let s = 0; s < detected; s++) {
      // Within the XRT's 12 arcmin field of view.
      const offset = (random.next() * 12) / 60
      const angle = random.next() * 2 * Math.PI
      const dec = Math.max(-90, Math.min(90, pointing.dec + offset * Math.sin(angle)))
      const ra =
        (pointing.ra + (offset * Math.cos(angle)) / Math.max(0.01, Math.cos((dec * Math.PI) / 180)) + 360) %
        360
      const rate = 10 ** (-3 + random.next() * 3)
      sources.push([
        sources.length + 1,
        sourceName(ra, dec),
        round(ra, 6),
        round(dec, 6),
        round(1.5 + random.next() * 6, 2),
        round(rate, 5),
        rate < 0.002 ? null : Number((rate * 4.2e-11).toPrecision(4)),
        obsid
      ])
    }
  }
  return {
    name: "swift",
    description: "Swift XRT observations and the X-ray sources detected in them (simulated)",
    tables: [
      {
        schema: "swift",
        name: "swift.observations",
        description: "Swift XRT pointed observations",
        columns: observationColumns,
        rows: observations
      },
      {
        schema: "swift",
        name: "swift.xrt_sources",
        description: "X-ray point sources detected by the XRT",
        columns: sourceColumns,
        rows: sources
      }
    ]
  }
}

/** The foreign keys of the catalogue: each source names the observation it was found in. */
export const keys: ReadonlyArray<Table.Key> = [
  {
    id: "xrt_sources_obsid",
    from: "swift.xrt_sources",
    target: "swift.observations",
    columns: [{ from: "obsid", target: "obsid" }],
    description: "The observation a source was detected in"
  }
]
