/**
 * A finished source detection's results (`tprods/getSourceDetResults.php`),
 * mirroring the core's `Ukssdc.SourceDetResponse`: the sources per band,
 * `Total` and, when all bands were searched, `Soft`, `Medium` and `Hard`.
 */
import * as z from "zod"
import { readonlyArray } from "../internal/readonlyArray.js"
import { JobId, UserId } from "./Identity.js"
import { Refusal } from "./Refusal.js"

/** A source-detection results request: whose job. */
export const SourceDetRequest = z.object({
  UserID: UserId,
  JobID: JobId
})

/** The energy bands source detection searches. */
export const SourceDetBand = z.enum(["Total", "Soft", "Medium", "Hard"])

/** One property of a source: text as the server sends it, or a number. */
export const SourceDetValue = z.union([z.string(), z.number()])

/** One source found: its properties by name (`sno`, `ra`, `dec`, `err90`, `C`, …). */
export const DetectedSource = z.record(z.string(), SourceDetValue)

/** The sources found, per band. */
export const SourceDetData = z.object({
  Total: readonlyArray(DetectedSource),
  Soft: z.exactOptional(readonlyArray(DetectedSource)),
  Medium: z.exactOptional(readonlyArray(DetectedSource)),
  Hard: z.exactOptional(readonlyArray(DetectedSource))
})

/** What `tprods/getSourceDetResults.php` answers. */
export const SourceDetResponse = z.union([SourceDetData, Refusal])
