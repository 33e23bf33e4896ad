/**
 * The files in a finished product's archive (`lc.tar.gz`, …, `all.tar.gz`):
 * small plain-text files shaped like the real ones — a QDP light curve, a
 * spectral fit, position files with ds9 regions — drawn from the job's own
 * random stream, so the same seed gives the same bytes.
 */
import { Ukssdc } from "@jobscope/core"
import type { Random } from "../internal/random.js"
import type { Entry } from "../internal/tar.js"
import { type Job, outcome, productOf } from "./Job.js"
import { observationName } from "./Plan.js"
import { found, type PositionProduct, positionName } from "./Position.js"
import { sources } from "./SourceDet.js"

/** The archives a job's page offers: one per product, and `all`. */
export type ArchiveName = Ukssdc.ProductKind | "all"

const fixed = (value: number, places: number): string => value.toFixed(places)

const lightCurve = (random: Random, job: Job): Record<string, string> => {
  const bins = random.int(12, 40)
  const norm = 50 + 400 * random.next()
  const slope = 0.9 + 0.8 * random.next()
  const rows: Array<string> = []
  const ratios: Array<string> = []
  let start = 80 + 120 * random.next()
  for (let i = 0; i < bins; i++) {
    const width = start * (0.15 + 0.25 * random.next())
    const mid = start + width / 2
    const rate = norm * (mid / 100) ** -slope * (0.85 + 0.3 * random.next())
    const error = rate * (0.08 + 0.1 * random.next())
    rows.push([mid, width / 2, -width / 2, rate, error, -error].map((v) => fixed(v, 4)).join("\t"))
    const ratio = 0.4 + 0.5 * random.next()
    ratios.push(
      [mid, width / 2, -width / 2, ratio, ratio * 0.2, -ratio * 0.2].map((v) => fixed(v, 4)).join("\t")
    )
    start += width
  }
  const header = (what: string) =>
    `READ TERR 1 2\n! ${what} for ${job.parameters.name}, T0 = ${job.parameters.Tstart ?? "first data"}\n! Time\tT_+ve\tT_-ve\t`
  return {
    "curve.qdp": `${header("XRT 0.3-10 keV light curve")}Rate\tRatepos\tRateneg\n${rows.join("\n")}\n`,
    "hardrat.qdp": `${header("Hardness ratio (1.5-10)/(0.3-1.5) keV")}HR\tHRpos\tHRneg\n${ratios.join("\n")}\n`
  }
}

const spectrum = (random: Random, job: Job): Record<string, string> => {
  const galactic = 0.01 + 0.5 * random.next()
  const intrinsic = 0.05 + 1.5 * random.next()
  const index = 1.5 + 1.2 * random.next()
  const flux = 10 ** (-12 + 2 * random.next())
  const counts = random.int(200, 20_000)
  const obs = job.plan.counts.observations
  return {
    "interval0pc_fit.txt": [
      `Spectral fit for ${job.parameters.name} (${obs} observations, ${observationName(job.plan, 0)} onwards)`,
      "Model: TBabs*zTBabs*powerlaw, fitted with W-stat",
      `Galactic NH (fixed)  ${fixed(galactic, 3)} x 10^22 cm^-2`,
      `Intrinsic NH         ${fixed(intrinsic, 3)} x 10^22 cm^-2`,
      `Photon index         ${fixed(index, 3)}`,
      `Observed flux        ${flux.toExponential(3)} erg cm^-2 s^-1 (0.3-10 keV)`,
      `Counts               ${counts}`,
      ""
    ].join("\n")
  }
}

const sexagesimal = (degrees: number, hours: boolean): string => {
  const sign = degrees < 0 ? "-" : hours ? "" : "+"
  const value = Math.abs(hours ? degrees / 15 : degrees)
  const whole = Math.floor(value)
  const minutes = Math.floor((value - whole) * 60)
  const seconds = ((value - whole) * 60 - minutes) * 60
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${sign}${pad(whole)}${hours ? "h" : "d"} ${pad(minutes)}${hours ? "m" : "'"} ${seconds.toFixed(hours ? 2 : 1).padStart(hours ? 5 : 4, "0")}${hours ? "s" : '"'}`
}

const position = (random: Random, job: Job, product: PositionProduct): Record<string, string> => {
  const { RA, Dec, Err90, WhichSXPS } = found(random, job, product)
  return {
    [`${product}_pos.txt`]: [
      `XRT ${positionName[product]} of ${job.parameters.name}`,
      `RA (J2000):  ${fixed(RA, 5)} deg = ${sexagesimal(RA, true)}`,
      `Dec (J2000): ${fixed(Dec, 5)} deg = ${sexagesimal(Dec, false)}`,
      `Error:       ${fixed(Err90, 1)}" (90% confidence)`,
      WhichSXPS === null ? "Calculated from the data of this job." : `Taken from the ${WhichSXPS} catalogue.`,
      ""
    ].join("\n"),
    [`${product}_pos.reg`]: `# Region file format: DS9 version 4.1\nfk5\ncircle(${fixed(RA, 5)},${fixed(Dec, 5)},${fixed(Err90, 1)}")\n`
  }
}

const image = (random: Random, job: Job): Record<string, string> => {
  const bands = String(job.parameters.imen ?? "0.3-10").split(",")
  const exposure = Math.round(2_000 + 60_000 * random.next())
  return {
    "image_info.txt": [
      `XRT images of ${job.parameters.name}`,
      `Exposure: ${exposure} s in ${job.plan.counts.observations} observations`,
      ...bands.map((band, i) => `Band ${i + 1}: ${band} keV, ${random.int(50, 50_000)} counts`),
      ""
    ].join("\n")
  }
}

/** The source lists, one per band, with the columns `getSourceDetResults.php` sends. */
const sourceLists = (random: Random, job: Job): Record<string, string> =>
  Object.fromEntries(
    Ukssdc.bandsOf(sources(random, job)).map(({ band, sources }) => {
      const columns = Object.keys(sources[0] ?? { sno: "" })
      const rows = sources.map((source) => columns.map((column) => source[column]).join("\t"))
      return [`${band}_sources.txt`, `# ${columns.join("\t")}\n${rows.map((row) => `${row}\n`).join("")}`]
    })
  )

const filesOf = (random: Random, job: Job, product: Ukssdc.ProductKind): Record<string, string> => {
  const stream = random.fork(`job/${job.id}/archive/${product}`)
  switch (product) {
    case "lc":
      return lightCurve(stream, job)
    case "spec":
      return spectrum(stream, job)
    case "image":
      return image(stream, job)
    case "sourceDet":
      return sourceLists(random, job)
    default:
      return position(random, job, product)
  }
}

/** Whether a product of a job is complete (status 4) at `at`. */
const isComplete = (job: Job, product: Ukssdc.ProductKind, at: number): boolean => {
  const plan = productOf(job, product)
  if (plan === undefined) return false
  const end = outcome(job, plan)
  return end.code === 4 && end.at <= at
}

/**
 * The entries of archive `name` of `job` at `at`, or `undefined` while it
 * does not exist: a product's archive once the product is complete; `all`
 * once every product has ended and at least one is complete, holding those.
 */
export const entries = (
  random: Random,
  job: Job,
  name: ArchiveName,
  at: number
): ReadonlyArray<Entry> | undefined => {
  const products =
    name === "all"
      ? job.plan.products.every((product) => outcome(job, product).at <= at)
        ? job.plan.products
            .map((product) => product.product)
            .filter((product) => isComplete(job, product, at))
        : []
      : isComplete(job, name, at)
        ? [name]
        : []
  if (products.length === 0) return undefined
  const root = `USERPROD_${job.id}/`
  return [
    { path: root, modified: new Date(job.plan.submittedAt) },
    ...products.flatMap((product) => {
      const modified = new Date(outcome(job, productOf(job, product)!).at)
      const files = Object.entries(filesOf(random, job, product)).map(
        ([file, content]): Entry => ({ path: `${root}${product}/${file}`, content, modified })
      )
      return [{ path: `${root}${product}/`, modified }, ...files]
    })
  ]
}
