/**
 * `tprods/getLCData.php` and `tprods/getSpecData.php`: a finished light
 * curve's datasets and a finished spectrum's fits, shaped as swifttools
 * reads them (`retrieveLightCurve`, `retrieveSpectralFits`) and its
 * documents show them (`APIDocs/ukssdc/structures.md`): a light curve that
 * decays as a power law, binned by counts, with an upper limit at the end;
 * an absorbed power-law fit per interval and mode. The numbers come from the
 * job's own random stream, so the same seed gives the same data.
 */
import { DecodeError, Ukssdc } from "@jobscope/core"
import * as Result from "effect/Result"
import type { Random } from "../internal/random.js"
import type * as Route from "../Route.js"
import { codeAt, type Job, productOf } from "./Job.js"
import { statusText } from "./Report.js"
import { owned, refusal, type State } from "./State.js"
import { writer } from "./Wire.js"

const decodeLightCurveRequest = DecodeError.decodeJson(Ukssdc.LightCurveRequest, "light curve request")
const decodeSpectrumRequest = DecodeError.decodeJson(Ukssdc.SpectrumRequest, "spectrum request")

const lightCurveReply = writer(Ukssdc.LightCurveResponse)
const spectrumReply = writer(Ukssdc.SpectrumResponse)

const round = (value: number, places: number): number => Number(value.toFixed(places))

/** Swift's mission elapsed time at 2001-01-01T00:00:00Z, in Unix milliseconds. */
const metEpoch = Date.UTC(2001, 0, 1)

/**
 * The zero point of a job's data: its `Tstart` (given, or found by `getT0`),
 * else the mission elapsed time a day before it was submitted, as the first
 * data of a target usually are. Always sent: retrieveSpectralFits reads it.
 */
const t0Of = (job: Job): number => {
  const given = job.parameters.Tstart
  return typeof given === "number" ? given : Math.round((job.plan.submittedAt - metEpoch) / 1000 - 86_400)
}

/** The columns of a light curve, and of its upper limits (structures.md). */
const rateColumns = [
  "Time",
  "TimePos",
  "TimeNeg",
  "Rate",
  "RatePos",
  "RateNeg",
  "FracExp",
  "BGrate",
  "BGerr",
  "CorrFact",
  "CtsInSrc",
  "BGInSrc",
  "Exposure",
  "Sigma",
  "SNR"
]
const upperLimitColumns = rateColumns.map((column) => (column === "Rate" ? "UpperLimit" : column))

/** The variants a request asks for, as dataset name suffixes. */
const suffixes = (choice: Ukssdc.LightCurveVariant | undefined, suffix: string): ReadonlyArray<string> =>
  choice === "yes" ? [suffix] : choice === "both" ? ["", suffix] : [""]

/** A power-law decay binned by counts: bins widen as the source fades, each with ~20 counts. */
const decay = (random: Random, from: number, bins: number, norm: number, slope: number) => {
  const rows: Array<Array<number | string>> = []
  let start = from
  for (let i = 0; i < bins; i++) {
    const rate0 = norm * (start / 100) ** -slope
    const width = Math.max(2, 20 / rate0) * (0.8 + 0.4 * random.next())
    const mid = start + width / 2
    const rate = norm * (mid / 100) ** -slope * (0.85 + 0.3 * random.next())
    const counts = Math.max(5, Math.round(rate * width))
    const error = rate / Math.sqrt(counts)
    const background = 0.001 + 0.01 * random.next()
    rows.push([
      round(mid, 3),
      round(width / 2, 3),
      round(-width / 2, 3),
      round(rate, 6),
      round(error, 6),
      round(-error, 6),
      1,
      round(background, 6),
      round(background / 3, 6),
      round(1.1 + random.next(), 6),
      counts,
      round(background * width, 6),
      round(width, 6),
      round(counts / Math.max(background * width, 0.01), 6),
      round(rate / error, 6)
    ])
    start += width
  }
  return { rows, end: start }
}

/** A job's light curve: WT then PC data, and a PC upper limit after the source faded. */
export const lightCurve = (
  random: Random,
  job: Job,
  request: Ukssdc.LightCurveRequest,
  apiVersion: number
): Ukssdc.LightCurveData => {
  const stream = random.fork(`job/${job.id}/lc-data`)
  const norm = 5 + 50 * stream.next()
  const slope = 0.9 + 0.8 * stream.next()
  const wt = decay(stream, 60 + 40 * stream.next(), stream.int(8, 20), norm, slope)
  const pc = decay(stream, wt.end + 3000 * stream.next(), stream.int(10, 30), norm, slope)
  const limitAt = pc.end * 3
  const limit: Array<number | string> = [
    round(limitAt, 3),
    round(limitAt / 2, 3),
    round(-limitAt / 2, 3),
    round(norm * (limitAt / 100) ** -slope * 3, 6),
    0,
    0,
    round(0.03 + 0.05 * stream.next(), 4),
    0.000125,
    0.000005,
    1.6836,
    3,
    1.2247,
    round(limitAt / 20, 4),
    1.4103,
    // JSON has no infinity; the server writes what Python reads as float("inf").
    "inf"
  ]
  const datasets: Array<string> = []
  const tables: Record<string, Ukssdc.LightCurveTable> = {}
  const add = (
    name: string,
    columns: ReadonlyArray<string>,
    data: ReadonlyArray<ReadonlyArray<number | string>>
  ) => {
    datasets.push(name)
    tables[Ukssdc.datasetKey(name)] = { columns, data, URL: `${job.url}/${name}.qdp` }
  }
  for (const incbad of suffixes(request.incbad, "_incbad")) {
    for (const nosys of suffixes(request.nosys, "_nosys")) add(`WT${nosys}${incbad}`, rateColumns, wt.rows)
    add(`PC${incbad}`, rateColumns, pc.rows)
    add(`PCUL${incbad}`, upperLimitColumns, [limit])
  }
  return {
    OK: 1,
    Datasets: datasets,
    ...tables,
    Binning: "Counts",
    TimeFormat: "MET",
    T0: t0Of(job),
    APIVersion: apiVersion
    // The tables sit beside the fixed keys, which TypeScript's index signature cannot say.
  } as unknown as Ukssdc.LightCurveData
}

/** One absorbed power-law fit, with the keys structures.md shows. */
const powerLaw = (random: Random, url: string, flux: number): Ukssdc.ModelFit => {
  const galactic = 10 ** (20 + random.next())
  const nh = galactic * (2 + 100 * random.next())
  const gamma = 1.5 + 1.2 * random.next()
  const unabsorbed = flux * (1.2 + random.next())
  const spread = (value: number, by: number) => [value, value * by, -value * by * (0.9 + 0.2 * random.next())]
  const [nhValue, nhPos, nhNeg] = spread(nh, 0.05 + 0.1 * random.next())
  const [gammaValue, gammaPos, gammaNeg] = spread(gamma, 0.01 + 0.05 * random.next())
  const [obs, obsPos, obsNeg] = spread(flux, 0.01 + 0.05 * random.next())
  const [unabs, unabsPos, unabsNeg] = spread(unabsorbed, 0.01 + 0.1 * random.next())
  const dof = random.int(50, 1000)
  return {
    GalacticNH: galactic,
    NH: nhValue!,
    NHPos: nhPos!,
    NHNeg: nhNeg!,
    Gamma: gammaValue!,
    GammaPos: gammaPos!,
    GammaNeg: gammaNeg!,
    ObsFlux: obs!,
    ObsFluxPos: obsPos!,
    ObsFluxNeg: obsNeg!,
    UnabsFlux: unabs!,
    UnabsFluxPos: unabsPos!,
    UnabsFluxNeg: unabsNeg!,
    Cstat: round(dof * (0.9 + 0.3 * random.next()), 6),
    Dof: dof,
    FitChi: round(dof * (0.9 + 0.3 * random.next()), 6),
    Image: url
  }
}

/** A job's spectra: the whole dataset (`interval0`, WT and PC) and the `late_time` one (PC only). */
export const spectrum = (stream: Random, job: Job, apiVersion: number): Ukssdc.SpectrumData => {
  const random = stream.fork(`job/${job.id}/spec-data`)
  const flux = 10 ** (-12 + 3 * random.next())
  const galacticColumn = Number((10 ** (20 + random.next())).toPrecision(6))
  const interval = (rname: string, start: number, stop: number, modes: ReadonlyArray<"WT" | "PC">) => {
    const spectra: Record<string, unknown> = {}
    for (const mode of modes) {
      spectra[mode] = {
        Models: ["PowerLaw"],
        PowerLaw: powerLaw(random, `${job.url}/${rname}${mode.toLowerCase()}_plot.gif`, flux),
        Exposure: 1000 + 9000 * random.next(),
        MeanTime: (start + stop) / 2
      }
    }
    return { DataFile: `${job.url}/${rname}.tar.gz`, Start: start, Stop: stop, Modes: modes, ...spectra }
  }
  return {
    OK: 1,
    T0: t0Of(job),
    DeltaFitStat: 2.706,
    // swifttools' retrieveSpectralFits reads GalNH_unfitted from every reply of this endpoint.
    GalNH_unfitted: galacticColumn,
    rnames: ["interval0", "late_time"],
    interval0: interval("interval0", 150 + 50 * random.next(), 40_000, ["WT", "PC"]),
    late_time: interval("late_time", 5000 + 1000 * random.next(), 40_000, ["PC"]),
    APIVersion: apiVersion
  } as unknown as Ukssdc.SpectrumData
}

/** The job a request names and its product, once the product is complete; otherwise why not, as a refusal. */
export const finishedProduct = (
  state: State,
  request: { readonly UserID: Ukssdc.LightCurveRequest["UserID"]; readonly JobID: Ukssdc.JobId },
  product: Ukssdc.ProductKind,
  what: string
): Result.Result<Job, Ukssdc.Refusal> => {
  const found = owned(state, request.JobID, request.UserID)
  if (Result.isFailure(found)) return Result.fail(refusal(state, found.failure))
  const job = found.success
  const plan = productOf(job, product)
  if (plan === undefined) return Result.fail(refusal(state, `This job did not ask for a ${what}.`, job.id))
  const code = codeAt(job, plan, state.now())
  return code === 4
    ? Result.succeed(job)
    : Result.fail(
        refusal(state, `The ${what} is not available: its status is "${statusText[code]}".`, job.id)
      )
}

/** The job a refusal names, as a number, to count the reply under. */
export const jobOf = (refused: Ukssdc.Refusal): number | undefined =>
  refused.JobID === undefined ? undefined : Number(refused.JobID)

/** The `ukssdc.lightCurve` and `ukssdc.spectrum` routes. */
export const routes = (state: State): ReadonlyArray<Route.Route> => [
  {
    name: "ukssdc.lightCurve",
    methods: ["POST"],
    pattern: "/user_objects/tprods/getLCData.php",
    handle: (request) => {
      const decoded = decodeLightCurveRequest(request.body)
      if (Result.isFailure(decoded)) return lightCurveReply(refusal(state, decoded.failure.message))
      const job = finishedProduct(state, decoded.success, "lc", "light curve")
      if (Result.isFailure(job)) return lightCurveReply(job.failure, jobOf(job.failure))
      return lightCurveReply(
        lightCurve(state.context.random, job.success, decoded.success, state.settings.apiVersion),
        job.success.id
      )
    }
  },
  {
    name: "ukssdc.spectrum",
    methods: ["POST"],
    pattern: "/user_objects/tprods/getSpecData.php",
    handle: (request) => {
      const decoded = decodeSpectrumRequest(request.body)
      if (Result.isFailure(decoded)) return spectrumReply(refusal(state, decoded.failure.message))
      const job = finishedProduct(state, decoded.success, "spec", "spectrum")
      if (Result.isFailure(job)) return spectrumReply(job.failure, jobOf(job.failure))
      return spectrumReply(
        spectrum(state.context.random, job.success, state.settings.apiVersion),
        job.success.id
      )
    }
  }
]
