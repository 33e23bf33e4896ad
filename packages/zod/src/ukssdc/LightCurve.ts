/**
 * A finished light curve's data (`tprods/getLCData.php`), mirroring the
 * core's `Ukssdc.LightCurveResponse`: `Datasets`, and a table under
 * `<dataset>Data` for each.
 */
import * as z from "zod"
import { readonlyArray } from "../internal/readonlyArray.js"
import { withRest } from "../internal/withRest.js"
import { JobId, UserId } from "./Identity.js"
import { Refusal } from "./Refusal.js"

/** Which variant of the light curves to get. */
export const LightCurveVariant = z.enum(["yes", "no", "both"])

/** A light-curve data request. */
export const LightCurveRequest = z.object({
  UserID: UserId,
  JobID: JobId,
  nosys: z.exactOptional(LightCurveVariant),
  incbad: z.exactOptional(LightCurveVariant)
})

/** One cell of a light curve: a number, or text. */
export const LightCurveCell = z.union([z.number(), z.string()])

/** One dataset: its columns and rows, and the file it came from. */
export const LightCurveTable = z
  .object({
    columns: readonlyArray(z.string()),
    data: readonlyArray(readonlyArray(LightCurveCell)),
    URL: z.exactOptional(z.string())
  })
  .superRefine(({ columns, data }, context) => {
    if (!data.every((row) => row.length === columns.length))
      context.addIssue({
        code: "custom",
        path: ["data"],
        message: `every row must have one value per column (${columns.length})`,
        input: data
      })
  })

/** The key of a dataset's table, such as `PC_incbadData`. */
export const datasetKey = (dataset: string): string => `${dataset}Data`

const datasetKeyPattern = /^[A-Za-z][A-Za-z0-9_]*Data$/

/** A light curve as the server sends it. */
export const LightCurveData = withRest(
  {
    OK: z.literal(1),
    Datasets: readonlyArray(z.string()),
    Binning: z.exactOptional(z.string()),
    TimeFormat: z.exactOptional(z.string()),
    T0: z.exactOptional(z.number()),
    APIVersion: z.exactOptional(z.number())
  },
  (key) => datasetKeyPattern.test(key),
  LightCurveTable
).superRefine((reply, context) => {
  const missing = reply.Datasets.filter((dataset) => !(datasetKey(dataset) in reply))
  if (missing.length > 0)
    context.addIssue({
      code: "custom",
      path: ["Datasets"],
      message: `no table for ${missing.map(datasetKey).join(", ")}`,
      input: reply.Datasets
    })
})

/** What `tprods/getLCData.php` answers. */
export const LightCurveResponse = z.discriminatedUnion("OK", [LightCurveData, Refusal])
