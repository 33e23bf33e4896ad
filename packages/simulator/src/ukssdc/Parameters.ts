/**
 * The parameters of a UKSSDC job, checked as the server checks them: which
 * are needed (some only for some products, or some settings), which values
 * each may take, and the defaults filled in for the rest. Names are the JSON
 * names the real client sends (`cent`, `poserr`, `dopsf`, …).
 */
import { DecodeError, Ukssdc } from "@jobscope/core"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import type { Random } from "../internal/random.js"
import * as Lookup from "./Lookup.js"

type Json = Schema.Json

/** The request keys that are not job parameters. */
export const requestKeys: ReadonlySet<string> = new Set(["api_name", "api_version", "UserID"])

/** Short forms some clients use for the position flags, read as the real ones. */
const flagAliases: Readonly<Record<string, string>> = { psf: "dopsf", enh: "doenh", xastrom: "doxastrom" }

/** The products, in the order the server lists them. */
const productOrder: ReadonlyArray<Ukssdc.ProductKind> = [
  "lc",
  "spec",
  "enh",
  "psf",
  "xastrom",
  "image",
  "sourceDet"
]

type Check =
  | { readonly type: "flag" }
  | { readonly type: "number"; readonly min?: number; readonly max?: number; readonly integer?: boolean }
  | { readonly type: "choice"; readonly values: ReadonlyArray<string> }
  | { readonly type: "text" }
  | { readonly type: "targets" }

/** The parameters as checked so far, by name. */
type Values = Readonly<Record<string, Json>>

interface Rule {
  readonly check: Check
  /** The value it takes when not given, and when that applies (default: whenever it is not given). */
  readonly fallback?: { readonly value: Json; readonly when?: (values: Values, asked: Asked) => boolean }
}

/** Which products a job asks for. */
type Asked = ReadonlySet<Ukssdc.ProductKind>

const flag: Check = { type: "flag" }
const text: Check = { type: "text" }
const number = (min?: number, max?: number, integer?: boolean): Check => ({
  type: "number",
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
  ...(integer === undefined ? {} : { integer })
})
const choice = (...values: ReadonlyArray<string>): Check => ({ type: "choice", values })
const energy = number(0.3, 10)

const forProducts =
  (...products: ReadonlyArray<Ukssdc.ProductKind>) =>
  (_: Values, asked: Asked) =>
    products.some((product) => asked.has(product))
const positions = forProducts("psf", "enh", "xastrom")
const lc = forProducts("lc")
const spec = forProducts("spec")
const sourceDet = forProducts("sourceDet")
/** Source detection alone needs no RA, Dec or centroiding (`RequestJob.md`; `skipGlobals` in `productVars.py`). */
const notSourceDetAlone = (_: Values, asked: Asked) => !(asked.size === 1 && asked.has("sourceDet"))

const rule = (check: Check, value?: Json, when?: (values: Values, asked: Asked) => boolean): Rule =>
  value === undefined ? { check } : { check, fallback: when === undefined ? { value } : { value, when } }

/** Every parameter the simulator knows, with its check and default. */
const rules: Readonly<Record<string, Rule>> = {
  // The job as a whole.
  name: rule(text),
  targ: rule({ type: "targets" }),
  RA: rule(number(0, 360)),
  Dec: rule(number(-90, 90)),
  getCoords: rule(flag),
  getTargs: rule(flag),
  getT0: rule(flag),
  Tstart: rule(number(0)),
  SinceT0: rule(flag, 0),
  cent: rule(flag),
  centMeth: rule(choice("simple", "iterative"), "simple", (values) => values.cent === 1),
  maxCentTries: rule(number(1, 50, true), 10, (values) => values.cent === 1),
  poserr: rule(number(1, 6)),
  useSXPS: rule(flag, 0),
  sss: rule(flag, 0),
  wtpuprate: rule(number(0), 150),
  pcpuprate: rule(number(0), 0.6),
  notify: rule(flag, 0),
  outdir: rule(text),
  // Which products.
  lc: rule(flag, 0),
  spec: rule(flag, 0),
  dopsf: rule(flag, 0),
  doenh: rule(flag, 0),
  doxastrom: rule(flag, 0),
  image: rule(flag, 0),
  sourceDet: rule(flag, 0),
  // Settings the three positions share.
  posRadius: rule(number(1, 60), 20, positions),
  posobs: rule(choice("all", "user", "hours"), "all", positions),
  useposobs: rule(text),
  posobstime: rule(number(0)),
  detornot: rule(choice("detect", "centroid"), "detect", positions),
  detMeth: rule(choice("simple", "iterative"), "simple", positions),
  allxastrom: rule(flag, 0, forProducts("xastrom")),
  // Light curve.
  binMeth: rule(choice("counts", "time", "snapshot", "obsid")),
  pccounts: rule(
    number(1, undefined, true),
    20,
    (values, asked) => lc(values, asked) && values.binMeth === "counts"
  ),
  wtcounts: rule(
    number(1, undefined, true),
    30,
    (values, asked) => lc(values, asked) && values.binMeth === "counts"
  ),
  dynamic: rule(flag, 1, (values, asked) => lc(values, asked) && values.binMeth === "counts"),
  pcbin: rule(number(0)),
  wtbin: rule(number(0)),
  minen: rule(energy, 0.3, lc),
  maxen: rule(energy, 10, lc),
  soft1: rule(energy, 0.3, lc),
  soft2: rule(energy, 1.5, lc),
  hard1: rule(energy, 1.5, lc),
  hard2: rule(energy, 10, lc),
  sigmin: rule(number(0), 3, lc),
  grades: rule(choice("0", "4", "all"), "all", lc),
  allowUL: rule(choice("no", "pc", "wt", "both"), "both", lc),
  allowB: rule(choice("no", "pc", "wt", "both"), "both", lc),
  bayesCounts: rule(number(0), 15, lc),
  bayesSNR: rule(number(0), 2.4, lc),
  lctimetype: rule(choice("m", "s", "mjd", "sec"), "s", lc),
  lcobs: rule(choice("all", "user"), "all", lc),
  uselcobs: rule(text),
  // Spectrum.
  specz: rule(flag),
  zval: rule(number(0, 20)),
  dchi: rule(number(0), 2.706, spec),
  specobs: rule(choice("all", "user", "hours"), "all", spec),
  usespecobs: rule(text),
  specobstime: rule(number(0)),
  timeslice: rule(choice("single", "user", "snapshot", "obsid"), "single", spec),
  specgrades: rule(choice("0", "4", "all"), "all", spec),
  specstem: rule(text, "interval", spec),
  rname1: rule(text),
  gti1: rule(text),
  doNotFit: rule(flag, 0, spec),
  galactic: rule(flag, 0, spec),
  // Image.
  imen: rule(text, "0.3-1.5,1.5-10,0.3-10", forProducts("image")),
  imobs: rule(choice("all", "user"), "all", forProducts("image")),
  useimobs: rule(text),
  // Source detection (productVars.py: whichData → detobs, useObs → usedetobs, whichBands → detbands).
  detobs: rule(choice("all", "user")),
  usedetobs: rule(text),
  detbands: rule(choice("total", "all"), "total", sourceDet),
  fitStrayLight: rule(flag, 1, sourceDet)
}

/** A parameter a job needs, and when it needs it (default: always). */
interface Need {
  readonly name: string
  readonly when?: (values: Values, asked: Asked) => boolean
}

const needs: ReadonlyArray<Need> = [
  { name: "name" },
  { name: "cent", when: notSourceDetAlone },
  { name: "targ", when: (values) => values.getTargs !== 1 },
  { name: "RA", when: (values, asked) => values.getCoords !== 1 && notSourceDetAlone(values, asked) },
  { name: "Dec", when: (values, asked) => values.getCoords !== 1 && notSourceDetAlone(values, asked) },
  { name: "poserr", when: (values) => values.cent === 1 },
  { name: "binMeth", when: lc },
  { name: "pcbin", when: (values, asked) => lc(values, asked) && values.binMeth === "time" },
  { name: "wtbin", when: (values, asked) => lc(values, asked) && values.binMeth === "time" },
  { name: "uselcobs", when: (values, asked) => lc(values, asked) && values.lcobs === "user" },
  { name: "specz", when: spec },
  { name: "zval", when: (values, asked) => spec(values, asked) && values.specz === 1 },
  { name: "usespecobs", when: (values, asked) => spec(values, asked) && values.specobs === "user" },
  { name: "specobstime", when: (values, asked) => spec(values, asked) && values.specobs === "hours" },
  { name: "rname1", when: (values, asked) => spec(values, asked) && values.timeslice === "user" },
  { name: "gti1", when: (values, asked) => spec(values, asked) && values.timeslice === "user" },
  { name: "useposobs", when: (values, asked) => positions(values, asked) && values.posobs === "user" },
  { name: "posobstime", when: (values, asked) => positions(values, asked) && values.posobs === "hours" },
  { name: "useimobs", when: (values, asked) => asked.has("image") && values.imobs === "user" },
  // Unlike the other products' data choices, source detection's has no default (RequestJob.md).
  { name: "detobs", when: sourceDet },
  { name: "usedetobs", when: (values, asked) => sourceDet(values, asked) && values.detobs === "user" }
]

/** Pairs of limits where the first must be below the second. */
const ordered: ReadonlyArray<readonly [string, string]> = [
  ["minen", "maxen"],
  ["soft1", "soft2"],
  ["hard1", "hard2"]
]

/**
 * A value as a message quotes it: numbers, booleans and null as they are,
 * text as a short excerpt in quotes, lists and objects by their kind alone
 * (so that nothing deep is walked).
 */
export const quote = (value: unknown): string =>
  typeof value === "string"
    ? JSON.stringify(DecodeError.excerpt(value))
    : Array.isArray(value)
      ? "a list"
      : typeof value === "object" && value !== null
        ? "an object"
        : String(value)

const flagValues: ReadonlyMap<unknown, 0 | 1> = new Map<unknown, 0 | 1>([
  [0, 0],
  [1, 1],
  [false, 0],
  [true, 1],
  ["0", 0],
  ["1", 1],
  ["no", 0],
  ["yes", 1]
])

const targetPattern = /^\{?\s*\d{1,8}(?:\s*,\s*\d{1,8})*\s*\}?$/

/** Target IDs from `targ`: `"00081637"`, `"81637,10907"` or `"{00010873,00010907}"`, padded to 8 digits. */
export const targetIds = (targ: string): ReadonlyArray<string> =>
  targ
    .replace(/[{}\s]/g, "")
    .split(",")
    .map((id) => id.padStart(8, "0"))

/** `targ` as the server writes it back: one ID, or several in braces. */
const targText = (ids: ReadonlyArray<string>): string => (ids.length === 1 ? ids[0]! : `{${ids.join(",")}}`)

/** Checks one value: its normal form, or what is wrong with it. */
const checkValue = (name: string, check: Check, value: unknown): Result.Result<Json, string> => {
  const wrong = (must: string) => Result.fail(`${name} is ${quote(value)}, but must be ${must}`)
  switch (check.type) {
    case "flag": {
      const normal = flagValues.get(value)
      return normal === undefined ? wrong("0 or 1") : Result.succeed(normal)
    }
    case "number": {
      const n =
        typeof value === "number"
          ? value
          : typeof value === "string" && value.trim() !== ""
            ? Number(value)
            : NaN
      const { min, max, integer } = check
      const range =
        min !== undefined && max !== undefined
          ? `between ${min} and ${max}`
          : min !== undefined
            ? `at least ${min}`
            : "a number"
      if (!Number.isFinite(n)) return wrong(integer ? "a whole number" : "a number")
      if (integer && !Number.isInteger(n)) return wrong(`a whole number ${range}`)
      if ((min !== undefined && n < min) || (max !== undefined && n > max)) return wrong(range)
      return Result.succeed(n)
    }
    case "choice":
      return typeof value === "string" && check.values.includes(value)
        ? Result.succeed(value)
        : wrong(`one of ${check.values.join(", ")}`)
    case "text":
      return typeof value === "string" && value.trim() !== ""
        ? Result.succeed(value)
        : wrong("a text that is not empty")
    case "targets":
      return typeof value === "string" && targetPattern.test(value)
        ? Result.succeed(targText(targetIds(value)))
        : typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value < 1e8
          ? Result.succeed(targText(targetIds(String(value))))
          : wrong('a target ID or a list of them, such as "00081637" or "{00010873,00010907}"')
  }
}

/** A job the server accepts: its products and full parameters, defaults and looked-up values included. */
export interface Accepted {
  readonly products: ReadonlyArray<Ukssdc.ProductKind>
  readonly parameters: Readonly<Record<string, Json>>
  readonly targets: ReadonlyArray<string>
}

/** Why the server refuses a job. */
export interface Rejected {
  readonly error: string
  readonly problems: ReadonlyArray<Ukssdc.ProblemList>
}

/** The error a submission with bad parameters gets, as the real server words it. */
export const parametersError = "There were problems with the parameters you supplied."

/**
 * Checks a submission's parameters (the request body without `api_name`,
 * `api_version` and `UserID`) and fills in the rest: defaults, and the
 * values `getCoords`, `getTargs` and `getT0` ask the server to look up.
 */
export const check = (
  body: Readonly<Record<string, unknown>>,
  lookups: Random
): Result.Result<Accepted, Rejected> => {
  const values: Record<string, Json> = {}
  const invalid: Array<string> = []
  const unknown: Array<string> = []
  const supplied = new Set<string>()
  for (const [given, value] of Object.entries(body)) {
    if (requestKeys.has(given)) continue
    const name = flagAliases[given] ?? given
    const known = rules[name]
    if (known === undefined) {
      unknown.push(DecodeError.excerpt(given))
      continue
    }
    supplied.add(name)
    const checked = checkValue(name, known.check, value)
    if (Result.isSuccess(checked)) values[name] = checked.success
    else invalid.push(checked.failure)
  }
  const asked: Set<Ukssdc.ProductKind> = new Set(
    productOrder.filter((product) => values[Ukssdc.productFlag[product]] === 1)
  )
  for (const [name, { fallback }] of Object.entries(rules)) {
    if (fallback === undefined || name in values) continue
    if (fallback.when === undefined || fallback.when(values, asked)) values[name] = fallback.value
  }
  for (const [low, high] of ordered) {
    const a = values[low]
    const b = values[high]
    if (typeof a === "number" && typeof b === "number" && a >= b)
      invalid.push(`${low} is ${a}, but must be below ${high} (${b})`)
  }
  const missing = needs
    .filter(
      (need) =>
        !supplied.has(need.name) &&
        !(need.name in values) &&
        (need.when === undefined || need.when(values, asked))
    )
    .map((need) => need.name)
  const problems: Array<Ukssdc.ProblemList> = []
  if (asked.size === 0)
    invalid.push(`no product was asked for: set one of ${Object.values(Ukssdc.productFlag).join(", ")} to 1`)
  if (missing.length > 0)
    problems.push({ label: "The following parameters are needed, but were not supplied:", list: missing })
  if (invalid.length > 0)
    problems.push({ label: "The following parameters have invalid values:", list: invalid })
  if (unknown.length > 0)
    problems.push({ label: "The following parameters are not recognised:", list: unknown })
  if (problems.length > 0) return Result.fail({ error: parametersError, problems })
  lookUp(values, lookups)
  return Result.succeed({
    products: [...asked],
    parameters: values,
    targets: targetIds(String(values.targ))
  })
}

/** Fills in what `getCoords`, `getTargs` and `getT0` ask for. */
const lookUp = (values: Record<string, Json>, lookups: Random): void => {
  const name = String(values.name)
  if (values.getCoords === 1) Object.assign(values, Lookup.coordinates(lookups, name))
  if (values.getTargs === 1)
    values.targ = targText(Lookup.targets(lookups, Number(values.RA), Number(values.Dec)))
  if (values.getT0 === 1) values.Tstart = Lookup.t0(lookups, name)
}
