/**
 * A finished spectrum's data (`tprods/getSpecData.php`), mirroring the
 * core's `Ukssdc.SpectrumResponse`: each interval of `rnames`, each mode,
 * each model's fit.
 */
import * as z from "zod"
import { Json } from "../internal/json.js"
import { readonlyArray } from "../internal/readonlyArray.js"
import { withRest } from "../internal/withRest.js"
import { JobId, UserId } from "./Identity.js"
import { Refusal } from "./Refusal.js"

/** A spectrum data request. */
export const SpectrumRequest = z.object({ UserID: UserId, JobID: JobId })

/** The XRT modes a spectrum is made in. */
export const SpectrumMode = z.enum(["WT", "PC"])

/** One model's fit: its parameters, its plot as `Image`. */
export const ModelFit = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]))

const modeFields = {
  MeanTime: z.exactOptional(z.number()),
  Exposure: z.exactOptional(z.number()),
  Models: z.exactOptional(readonlyArray(z.string())),
  NOFIT: z.exactOptional(Json)
}

/** The spectrum of one interval in one mode, and its fits under each model's name. */
export const ModeSpectrum = withRest(modeFields, (key) => !Object.hasOwn(modeFields, key), ModelFit)

const intervalFields = {
  DataFile: z.exactOptional(z.string()),
  Start: z.exactOptional(z.number()),
  Stop: z.exactOptional(z.number()),
  Modes: z.exactOptional(readonlyArray(SpectrumMode)),
  NOSPEC: z.exactOptional(Json)
}

/** The spectra of one time interval, under each mode's name. */
export const IntervalSpectrum = withRest(intervalFields, (key) => key === "WT" || key === "PC", ModeSpectrum)

const spectrumFields = {
  OK: z.literal(1),
  T0: z.exactOptional(z.number()),
  DeltaFitStat: z.exactOptional(z.number()),
  GalNH_unfitted: z.exactOptional(z.number()),
  rnames: z.exactOptional(readonlyArray(z.string())),
  NoSpectrum: z.exactOptional(Json),
  APIVersion: z.exactOptional(z.number())
}

/** A job's spectra and fits, as the server sends them. */
export const SpectrumData = withRest(
  spectrumFields,
  (key) => !Object.hasOwn(spectrumFields, key),
  IntervalSpectrum
).superRefine((reply, context) => {
  const missing = (reply.rnames ?? []).filter((name) => !(name in reply))
  if (missing.length > 0)
    context.addIssue({
      code: "custom",
      path: ["rnames"],
      message: `no spectrum for ${missing.join(", ")}`,
      input: reply.rnames
    })
})

/** What `tprods/getSpecData.php` answers. */
export const SpectrumResponse = z.discriminatedUnion("OK", [SpectrumData, Refusal])
