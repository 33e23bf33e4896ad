/**
 * What a `Swift_TOO_Request` asked for, as outputs a person reads: the target's
 * name and position (with its error circle), the instruments and their modes,
 * the exposure, the visits and how often, and the urgency. Only the fields the
 * request (or the server's echo of it) carries are shown.
 */
import type * as Job from "../Job.js"
import type { Request } from "./Envelope.js"
import { xrtModes } from "./RequestRules.js"

const urgencies: Readonly<Record<number, string>> = {
  1: "1 (within hours)",
  2: "2 (within a day)",
  3: "3 (within days)",
  4: "4 (within weeks)"
}

const text = (id: string, label: string, value: string | undefined): ReadonlyArray<Job.Output> =>
  value === undefined || value.trim() === "" ? [] : [{ id, label, value: { _tag: "Text", value } }]

const seconds = (value: number): string => `${String(value)} s`

// A mode sent by number is named as the server names it ("PC", "WT"); one sent by name is kept.
const xrtModeName = (mode: string | number): string =>
  typeof mode === "number" ? ((xrtModes as Readonly<Record<number, string>>)[mode] ?? String(mode)) : mode

// A UVOT mode sent as a number is shown as the hex code observers use ("0x9999").
const uvotModeName = (mode: string | number): string =>
  typeof mode === "number" ? `0x${mode.toString(16)}` : mode

const instruments = (data: Request["api_data"]): string | undefined => {
  const xrt =
    data.xrt_mode === null || data.xrt_mode === undefined
      ? undefined
      : `XRT in ${xrtModeName(data.xrt_mode)} mode`
  const uvot =
    data.uvot_mode === null || data.uvot_mode === undefined
      ? undefined
      : `UVOT mode ${uvotModeName(data.uvot_mode)}`
  const modes = [xrt, uvot].filter((mode) => mode !== undefined)
  const prime = data.instrument === undefined ? undefined : `${data.instrument} prime`
  const all = [prime, ...modes].filter((part) => part !== undefined)
  return all.length === 0 ? undefined : all.join("; ")
}

const exposure = (data: Request["api_data"]): string | undefined => {
  const total = typeof data.exposure === "number" ? `${seconds(data.exposure)} in all` : undefined
  const perVisit =
    typeof data.exp_time_per_visit === "number" ? `${seconds(data.exp_time_per_visit)} a visit` : undefined
  const parts = [total, perVisit].filter((part) => part !== undefined)
  return parts.length === 0 ? undefined : parts.join(", ")
}

const visits = (data: Request["api_data"]): string => {
  const count = data.num_of_visits === 1 ? "1 visit" : `${String(data.num_of_visits)} visits`
  const every =
    data.monitoring_freq === null || data.monitoring_freq === undefined ? "" : data.monitoring_freq.trim()
  return data.num_of_visits > 1 && every !== "" ? `${count}, every ${every}` : count
}

/**
 * The outputs that summarise what a TOO request asked for: `target`,
 * `target_position` (the error circle from `poserr`, arcminutes, in
 * arcseconds), `instruments`, `exposure`, `visits` and `urgency`, each present
 * only when the request carries it.
 */
export const requestSummary = (request: Request): ReadonlyArray<Job.Output> => {
  const data = request.api_data
  const error = typeof data.poserr === "number" ? { error: data.poserr * 60 } : {}
  return [
    ...text("target", "Target", data.source_name),
    {
      id: "target_position",
      label: "Target position",
      value: { _tag: "Position", ra: data.ra, dec: data.dec, ...error }
    },
    ...text("instruments", "Instruments", instruments(data)),
    ...text("exposure", "Exposure", exposure(data)),
    ...text("visits", "Visits", visits(data)),
    ...text("urgency", "Urgency", data.urgency === undefined ? undefined : urgencies[data.urgency])
  ]
}
