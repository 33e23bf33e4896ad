/**
 * A finished light curve's data (`tprods/getLCData.php`): the datasets the
 * job built, each a table of columns and rows, as swifttools'
 * `retrieveLightCurve` reads them (`prod_request.py`, `data/download.py`
 * `_handleLightCurve`) and its documents show them (`APIDocs/ukssdc/structures.md`,
 * "The light curve dict"; `data/GRB.md`: the keys `Datasets`, `PC_incbadData`…,
 * `Binning`, `TimeFormat`, `T0`, `OK`, `APIVersion`).
 */
import * as Schema from "effect/Schema"
import { JobId, UserId } from "./Identity.js"
import { Refusal } from "./Refusal.js"

/** Which variant of the light curves to get: with or without a choice, or both (`nosys`, `incbad`). */
export const LightCurveVariant = Schema.Literals(["yes", "no", "both"])

/** Which variant of the light curves to get. */
export type LightCurveVariant = typeof LightCurveVariant.Type

/** A light-curve data request: whose job, and which variants (default on the server: "no" and "no"). */
export const LightCurveRequest = Schema.Struct({
  UserID: UserId,
  JobID: JobId,
  /** WT-mode light curves without the systematic error. */
  nosys: Schema.optionalKey(LightCurveVariant),
  /** Light curves including the points whose centroid could not be checked. */
  incbad: Schema.optionalKey(LightCurveVariant)
})

/** A light-curve data request. */
export interface LightCurveRequest extends Schema.Schema.Type<typeof LightCurveRequest> {}

/** One cell of a light curve: a number, or text (an ObsID, or "inf" for an upper limit's SNR). */
export const LightCurveCell = Schema.Union([Schema.Finite, Schema.String])

/** One dataset: its columns (`Time`, `TimePos`, `TimeNeg`, `Rate`, …) and rows, and the file it came from. */
export const LightCurveTable = Schema.Struct({
  columns: Schema.Array(Schema.String),
  data: Schema.Array(Schema.Array(LightCurveCell)),
  URL: Schema.optionalKey(Schema.String)
}).check(
  Schema.makeFilter(
    ({ columns, data }) =>
      data.every((row) => row.length === columns.length) || {
        path: ["data"],
        issue: `every row must have one value per column (${columns.length})`
      }
  )
)

/** One dataset of a light curve. */
export interface LightCurveTable extends Schema.Schema.Type<typeof LightCurveTable> {}

/** The key of a dataset's table: its name and `Data`, such as `PC_incbadData`. */
export const datasetKey = (dataset: string): string => `${dataset}Data`

const DatasetKey = Schema.String.check(
  Schema.isPattern(/^[A-Za-z][A-Za-z0-9_]*Data$/, { expected: "a dataset's key such as PC_incbadData" })
)

const fixed = {
  OK: Schema.Literal(1),
  /** The datasets, such as `WT_incbad`, `PC_incbad`, `PCUL_incbad`, `PCHR_incbad`: `$mode$what$nosys$incbad`. */
  Datasets: Schema.Array(Schema.String),
  /** How the light curve was binned: Counts, Time, Observation, Snapshot or Unknown. */
  Binning: Schema.optionalKey(Schema.String),
  /** What the times mean: MET (seconds since `T0`), MJD or TDB. */
  TimeFormat: Schema.optionalKey(Schema.String),
  /** The zero point, Swift MET seconds. */
  T0: Schema.optionalKey(Schema.Finite),
  APIVersion: Schema.optionalKey(Schema.Finite)
}

/**
 * A light curve: `Datasets` names the datasets, and each has its table under
 * `<dataset>Data` beside it, as the server sends them.
 */
export const LightCurveData = Schema.StructWithRest(Schema.Struct(fixed), [
  Schema.Record(DatasetKey, LightCurveTable)
]).check(
  Schema.makeFilter((reply) => {
    const missing = reply.Datasets.filter((dataset) => !(datasetKey(dataset) in reply))
    return (
      missing.length === 0 || {
        path: ["Datasets"],
        issue: `no table for ${missing.map(datasetKey).join(", ")}`
      }
    )
  })
)

/** A light curve as the server sends it. */
export type LightCurveData = typeof LightCurveData.Type

/** What `tprods/getLCData.php` answers. */
export const LightCurveResponse = Schema.Union([LightCurveData, Refusal]).annotate({
  expected: "a UKSSDC light curve: OK 1 with Datasets and a table for each, or OK 0 with an ERROR"
})

/** What `tprods/getLCData.php` answers. */
export type LightCurveResponse = typeof LightCurveResponse.Type

/** The table of a dataset of a light curve, if it has one. */
export const tableOf = (data: LightCurveData, dataset: string): LightCurveTable | undefined =>
  (data as unknown as Readonly<Record<string, LightCurveTable | undefined>>)[datasetKey(dataset)]
