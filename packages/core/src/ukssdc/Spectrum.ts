/**
 * A finished spectrum's data (`tprods/getSpecData.php`): for each time
 * interval (`rnames`), each XRT mode, the fitted models, as swifttools'
 * `retrieveSpectralFits` reads them (`prod_request.py`) and its documents
 * show them (`APIDocs/ukssdc/structures.md`, "The Spectrum dict": `T0`,
 * `DeltaFitStat`, `GalNH_unfitted`, `rnames`; per interval `DataFile`,
 * `Start`, `Stop`, `Modes`, or `NOSPEC`; per mode `MeanTime`, `Exposure`,
 * `Models`, or `NOFIT`; per model its parameters and `Image`).
 */
import * as Schema from "effect/Schema"
import { JobId, UserId } from "./Identity.js"
import { Refusal } from "./Refusal.js"

/** A spectrum data request: whose job. */
export const SpectrumRequest = Schema.Struct({ UserID: UserId, JobID: JobId })

/** A spectrum data request. */
export interface SpectrumRequest extends Schema.Schema.Type<typeof SpectrumRequest> {}

/** The XRT modes a spectrum is made in. */
export const SpectrumMode = Schema.Literals(["WT", "PC"])

/** An XRT mode a spectrum is made in. */
export type SpectrumMode = typeof SpectrumMode.Type

/**
 * One model's fit: its parameters by name (`NH`, `NHPos`, `NHNeg`, `Gamma`,
 * `ObsFlux`, `UnabsFlux`, `Cstat`, `Dof`, …; `kT` for a blackbody), the URL of
 * its plot as `Image`, or `NOFIT` when the fit failed.
 */
export const ModelFit = Schema.Record(
  Schema.String,
  Schema.Union([Schema.Finite, Schema.String, Schema.Boolean])
)

/** One model's fit. */
export type ModelFit = typeof ModelFit.Type

const keyOtherThan = (keys: ReadonlyArray<string>, expected: string) =>
  Schema.String.check(Schema.makeFilter((key: string) => !keys.includes(key) || `${expected}, not ${key}`))

const modeFields = {
  /** The mean time of the events, seconds since `T0`. */
  MeanTime: Schema.optionalKey(Schema.Finite),
  /** The exposure, seconds. */
  Exposure: Schema.optionalKey(Schema.Finite),
  /** The models fitted, each with its fit under its name. */
  Models: Schema.optionalKey(Schema.Array(Schema.String)),
  /** Present when no fit was asked for. */
  NOFIT: Schema.optionalKey(Schema.Json)
}

/** The spectrum of one interval in one mode, and its fits under each model's name. */
export const ModeSpectrum = Schema.StructWithRest(Schema.Struct(modeFields), [
  Schema.Record(keyOtherThan(Object.keys(modeFields), "a model's name"), ModelFit)
])

/** The spectrum of one interval in one mode. */
export type ModeSpectrum = typeof ModeSpectrum.Type

const intervalFields = {
  /** The archive of this interval's spectra. */
  DataFile: Schema.optionalKey(Schema.String),
  /** The interval asked for, seconds since `T0`. */
  Start: Schema.optionalKey(Schema.Finite),
  Stop: Schema.optionalKey(Schema.Finite),
  /** The modes with a spectrum, each under its name. */
  Modes: Schema.optionalKey(Schema.Array(SpectrumMode)),
  /** Present when no spectrum could be made for this interval. */
  NOSPEC: Schema.optionalKey(Schema.Json)
}

// A mode's key as a pattern, not the literals: a record of literal keys would need both modes.
const ModeKey = Schema.String.check(Schema.isPattern(/^(WT|PC)$/, { expected: "WT or PC" }))

/** The spectra of one time interval, under each mode's name (WT, PC; either may be absent). */
export const IntervalSpectrum = Schema.StructWithRest(Schema.Struct(intervalFields), [
  Schema.Record(ModeKey, ModeSpectrum)
])

/** The spectra of one time interval. */
export type IntervalSpectrum = typeof IntervalSpectrum.Type

const spectrumFields = {
  OK: Schema.Literal(1),
  /** The reference time, Swift MET seconds. */
  T0: Schema.optionalKey(Schema.Finite),
  /** The change of fit statistic the parameter errors were found at (2.706: 90%). */
  DeltaFitStat: Schema.optionalKey(Schema.Finite),
  /** The Galactic absorption column, when it was not part of the fit, cm⁻². */
  GalNH_unfitted: Schema.optionalKey(Schema.Finite),
  /** The time intervals, each under its name (`interval0`, `late_time`). */
  rnames: Schema.optionalKey(Schema.Array(Schema.String)),
  /** Present when there is no spectrum at all. */
  NoSpectrum: Schema.optionalKey(Schema.Json),
  APIVersion: Schema.optionalKey(Schema.Finite)
}

/** A job's spectra and fits, as the server sends them: each interval under its name beside `rnames`. */
export const SpectrumData = Schema.StructWithRest(Schema.Struct(spectrumFields), [
  Schema.Record(keyOtherThan(Object.keys(spectrumFields), "an interval's name"), IntervalSpectrum)
]).check(
  Schema.makeFilter((reply) => {
    const missing = (reply.rnames ?? []).filter((name) => !(name in reply))
    return missing.length === 0 || { path: ["rnames"], issue: `no spectrum for ${missing.join(", ")}` }
  })
)

/** A job's spectra and fits. */
export type SpectrumData = typeof SpectrumData.Type

/** What `tprods/getSpecData.php` answers. */
export const SpectrumResponse = Schema.Union([SpectrumData, Refusal]).annotate({
  expected: "a UKSSDC spectrum: OK 1 with rnames and a spectrum for each, or OK 0 with an ERROR"
})

/** What `tprods/getSpecData.php` answers. */
export type SpectrumResponse = typeof SpectrumResponse.Type

/** The spectra of an interval named in `rnames`, if there are any. */
export const intervalOf = (data: SpectrumData, rname: string): IntervalSpectrum | undefined =>
  (data as unknown as Readonly<Record<string, IntervalSpectrum | undefined>>)[rname]
