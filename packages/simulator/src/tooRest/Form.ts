/**
 * Reads a TOO request as the official client posts it (form fields, as
 * httpx encodes `data=`: numbers as text, booleans as `true`/`false`) and
 * checks it as the client's own `SwiftTOOPostSchema` does, failing the way
 * FastAPI answers a Pydantic error: a list of `{type, loc, msg, input}`,
 * `loc` starting with `"body"`. The required fields are checked first (the
 * schema's `mode="before"` validator), then each field, then the rules
 * between fields (brightness, GRB details, visits and cadence).
 */

/** One problem, as FastAPI writes it. */
export interface Issue {
  readonly type: string
  readonly loc: ReadonlyArray<string | number>
  readonly msg: string
  readonly input: unknown
  readonly ctx?: Readonly<Record<string, unknown>>
}

/** A TOO request as the simulator keeps it. */
export interface Submitted {
  readonly username: string
  readonly target_name: string
  readonly target_type: string
  readonly ra: number
  readonly dec: number
  readonly poserr: number | undefined
  readonly instrument: "XRT" | "UVOT" | "BAT"
  readonly obs_type: string
  readonly urgency: number
  readonly opt_mag: string | undefined
  readonly opt_filt: string | undefined
  readonly xrt_countrate: string | undefined
  readonly bat_countrate: string | undefined
  readonly other_brightness: string | undefined
  readonly grb_detector: string | undefined
  readonly grb_triggertime: string | undefined
  readonly science_just: string
  readonly immediate_objective: string
  readonly exposure: number
  readonly exp_time_just: string
  readonly exp_time_per_visit: number | undefined
  readonly num_of_visits: number | undefined
  readonly monitoring_freq: string | undefined
  readonly xrt_mode: number
  readonly uvot_mode: string
  readonly uvot_just: string
  readonly validate_only: boolean
}

/** The fields the client's `check_requirements` insists on, in its order. */
const required = [
  "ra",
  "dec",
  "num_of_visits",
  "exp_time_just",
  "target_type",
  "target_name",
  "science_just",
  "username",
  "obs_type"
] as const

/** UVOT's filter of the day, as the client may write it: hexadecimal, or the number itself. */
const filterOfTheDay = ["0x9999", "39321"]

const obsTypes = ["Spectroscopy", "Light Curve", "Position", "Timing"]
const instruments = ["XRT", "UVOT", "BAT"] as const
const xrtModes: Readonly<Record<string, number>> = { Auto: 0, WT: 6, PC: 7 }

/** Reads and checks a posted TOO request: the request, or FastAPI's issues. */
export const read = (
  form: URLSearchParams
):
  | { readonly ok: true; readonly request: Submitted }
  | { readonly ok: false; readonly issues: ReadonlyArray<Issue> } => {
  const text = (name: string): string | undefined => {
    const value = form.get(name)
    return value === null || value === "" ? undefined : value
  }
  const whole: Record<string, string> = Object.fromEntries(form.entries())
  for (const name of required) {
    if (text(name) === undefined)
      return {
        ok: false,
        issues: [
          {
            type: "value_error",
            loc: ["body"],
            msg: `Value error, Missing required field: ${name}`,
            input: whole
          }
        ]
      }
  }
  const issues: Array<Issue> = []
  const need = (name: string): string => {
    const value = text(name)
    if (value === undefined)
      issues.push({ type: "missing", loc: ["body", name], msg: "Field required", input: null })
    return value ?? ""
  }
  const number = (
    name: string,
    bounds: { ge?: number; le?: number } = {},
    integer = false
  ): number | undefined => {
    const value = text(name)
    if (value === undefined) return undefined
    const parsed = Number(value)
    if (value.trim() === "" || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
      issues.push(
        integer
          ? {
              type: "int_parsing",
              loc: ["body", name],
              msg: "Input should be a valid integer, unable to parse string as an integer",
              input: value
            }
          : {
              type: "float_parsing",
              loc: ["body", name],
              msg: "Input should be a valid number, unable to parse string as a number",
              input: value
            }
      )
      return undefined
    }
    if (bounds.ge !== undefined && parsed < bounds.ge)
      issues.push({
        type: "greater_than_equal",
        loc: ["body", name],
        msg: `Input should be greater than or equal to ${bounds.ge}`,
        input: value,
        ctx: { ge: bounds.ge }
      })
    else if (bounds.le !== undefined && parsed > bounds.le)
      issues.push({
        type: "less_than_equal",
        loc: ["body", name],
        msg: `Input should be less than or equal to ${bounds.le}`,
        input: value,
        ctx: { le: bounds.le }
      })
    return parsed
  }
  const boolean = (name: string): boolean => {
    const value = text(name)
    if (value === undefined) return false
    const word = value.toLowerCase()
    if (["true", "1", "yes", "on", "t", "y"].includes(word)) return true
    if (["false", "0", "no", "off", "f", "n"].includes(word)) return false
    issues.push({
      type: "bool_parsing",
      loc: ["body", name],
      msg: "Input should be a valid boolean, unable to interpret input",
      input: value
    })
    return false
  }
  const username = need("username")
  const target_name = need("target_name")
  const target_type = need("target_type")
  const ra = number("ra", { ge: 0, le: 360 }) ?? 0
  const dec = number("dec", { ge: -90, le: 90 }) ?? 0
  const poserr = number("poserr")
  const instrument = (text("instrument") ?? "XRT") as Submitted["instrument"]
  if (!instruments.includes(instrument))
    issues.push({
      type: "literal_error",
      loc: ["body", "instrument"],
      msg: "Input should be 'XRT', 'UVOT' or 'BAT'",
      input: instrument,
      ctx: { expected: "'XRT', 'UVOT' or 'BAT'" }
    })
  const obs_type = need("obs_type")
  if (obs_type !== "" && !obsTypes.includes(obs_type))
    issues.push({
      type: "enum",
      loc: ["body", "obs_type"],
      msg: "Input should be 'Spectroscopy', 'Light Curve', 'Position' or 'Timing'",
      input: obs_type,
      ctx: { expected: "'Spectroscopy', 'Light Curve', 'Position' or 'Timing'" }
    })
  const urgency = number("urgency", {}, true) ?? 3
  if (!(urgency >= 0 && urgency <= 4))
    issues.push({
      type: "enum",
      loc: ["body", "urgency"],
      msg: "Input should be 0, 1, 2, 3 or 4",
      input: text("urgency"),
      ctx: { expected: "0, 1, 2, 3 or 4" }
    })
  const science_just = need("science_just")
  const immediate_objective = need("immediate_objective")
  const exposure = number("exposure", { ge: 1 }, true)
  if (exposure === undefined && text("exposure") === undefined && text("exp_time_per_visit") === undefined)
    issues.push({ type: "missing", loc: ["body", "exposure"], msg: "Field required", input: null })
  const exp_time_just = need("exp_time_just")
  const exp_time_per_visit = number("exp_time_per_visit", { ge: 1 })
  const num_of_visits = number("num_of_visits", { ge: 1 }, true)
  const xrtText = text("xrt_mode") ?? "7"
  const xrt_mode = xrtModes[xrtText] ?? Number(xrtText)
  if (!Number.isInteger(xrt_mode))
    issues.push({
      type: "value_error",
      loc: ["body", "xrt_mode"],
      msg: `Value error, Invalid XRT mode: ${xrtText}`,
      input: xrtText
    })
  const validate_only = boolean("validate_only")
  boolean("debug")
  boolean("quiet")
  if (issues.length > 0) return { ok: false, issues }
  const request: Submitted = {
    username,
    target_name,
    target_type,
    ra,
    dec,
    poserr,
    instrument,
    obs_type,
    urgency,
    opt_mag: text("opt_mag"),
    opt_filt: text("opt_filt"),
    xrt_countrate: text("xrt_countrate"),
    bat_countrate: text("bat_countrate"),
    other_brightness: text("other_brightness"),
    grb_detector: text("grb_detector"),
    grb_triggertime: text("grb_triggertime"),
    science_just,
    immediate_objective,
    exposure: exposure ?? Math.round((exp_time_per_visit ?? 0) * (num_of_visits ?? 1)),
    exp_time_just,
    exp_time_per_visit,
    num_of_visits,
    monitoring_freq: text("monitoring_freq"),
    xrt_mode,
    uvot_mode: text("uvot_mode") ?? "0x9999",
    uvot_just: text("uvot_just") ?? "",
    validate_only
  }
  const rule = ruleBroken(request)
  return rule === undefined
    ? { ok: true, request }
    : {
        ok: false,
        issues: [{ type: "value_error", loc: ["body"], msg: `Value error, ${rule}`, input: whole }]
      }
}

/** The first rule between fields the request breaks, in the client's words (`SwiftTOOFormSchema.check_proposal`). */
const ruleBroken = (request: Submitted): string | undefined => {
  if (
    (request.opt_mag === undefined || request.opt_filt === undefined) &&
    request.xrt_countrate === undefined &&
    request.bat_countrate === undefined &&
    request.other_brightness === undefined
  )
    return "Must specify at least one brightness value. If specifying optical brightness, ensure filter is set."
  if (
    request.target_type === "GRB" &&
    (request.grb_triggertime === undefined || request.grb_detector === undefined)
  )
    return "Must specify GRB trigger time and detector if source type is GRB."
  if (request.uvot_just === "" && !filterOfTheDay.includes(request.uvot_mode.toLowerCase()))
    return "Must specify UVOT justification if UVOT mode is not filter of the day (0x9999)."
  if (request.num_of_visits !== undefined && request.monitoring_freq === undefined)
    return "Must specify monitoring frequency if number of visits is specified."
  if (request.exp_time_per_visit === undefined && request.num_of_visits !== undefined)
    return "Must specify exposure time per visit if number of visits is specified."
  return undefined
}
