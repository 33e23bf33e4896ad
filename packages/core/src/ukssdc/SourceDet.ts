/**
 * A finished source detection's results (`tprods/getSourceDetResults.php`):
 * the sources found in each energy band, as swifttools' `retrieveSourceList`
 * reads them (`prod_request.py`) and its documents show them
 * (`APIDocs/ukssdc/xrt_prods/RetrieveProducts.md`, "Retrieve the source list").
 *
 * The reply is the bands alone, `Total` and, when all bands were asked for
 * (`detbands: "all"`), `Soft`, `Medium` and `Hard`: the client turns every
 * key of it into a table, so it carries no `OK` or `APIVersion`. Each source
 * is an object of properties (`sno`, `ra`, `dec`, `err90`, `C`, …) whose
 * values the server sends as text: the client turns those that hold digits
 * into numbers.
 */
import * as Schema from "effect/Schema"
import { JobId, UserId } from "./Identity.js"
import { Refusal } from "./Refusal.js"

/** A source-detection results request: whose job. */
export const SourceDetRequest = Schema.Struct({
  UserID: UserId,
  JobID: JobId
})

/** A source-detection results request. */
export interface SourceDetRequest extends Schema.Schema.Type<typeof SourceDetRequest> {}

/** The energy bands source detection searches, in the order the documents list them. */
export const SourceDetBand = Schema.Literals(["Total", "Soft", "Medium", "Hard"])

/** An energy band source detection searches. */
export type SourceDetBand = typeof SourceDetBand.Type

/** One property of a source: text as the server sends it (`"32.1512120191"`), or a number. */
export const SourceDetValue = Schema.Union([Schema.String, Schema.Finite])

/** One source found: its properties by name (`sno`, `x`, `y`, `ra`, `dec`, `err90`, `l`, `b`, `C`, …). */
export const DetectedSource = Schema.Record(Schema.String, SourceDetValue)

/** One source found. */
export type DetectedSource = typeof DetectedSource.Type

/** The sources found, per band: `Total` always, the other three when all bands were searched. */
export const SourceDetData = Schema.Struct({
  Total: Schema.Array(DetectedSource),
  Soft: Schema.optionalKey(Schema.Array(DetectedSource)),
  Medium: Schema.optionalKey(Schema.Array(DetectedSource)),
  Hard: Schema.optionalKey(Schema.Array(DetectedSource))
})

/** The sources found, per band. */
export interface SourceDetData extends Schema.Schema.Type<typeof SourceDetData> {}

/** What `tprods/getSourceDetResults.php` answers. */
export const SourceDetResponse = Schema.Union([SourceDetData, Refusal]).annotate({
  expected:
    "UKSSDC source-detection results: the sources per band (Total, Soft, Medium, Hard), or OK 0 with an ERROR"
})

/** What `tprods/getSourceDetResults.php` answers. */
export type SourceDetResponse = typeof SourceDetResponse.Type

/** A source's property as a number, if it holds one (the server sends them as text). */
export const sourceNumber = (source: DetectedSource, property: string): number | undefined => {
  const value = source[property]
  const number =
    typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN
  return Number.isFinite(number) ? number : undefined
}

/** The bands a reply has, in order, with their sources. */
export const bandsOf = (
  data: SourceDetData
): ReadonlyArray<{ readonly band: SourceDetBand; readonly sources: ReadonlyArray<DetectedSource> }> =>
  SourceDetBand.literals.flatMap((band) => {
    const sources = data[band]
    return sources === undefined ? [] : [{ band, sources }]
  })
