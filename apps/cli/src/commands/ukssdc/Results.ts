/**
 * What the product builder can say besides a job's status, each as a
 * command, as the library and the official client offer it: the user's jobs
 * (active count, the list, a copy of an old one), the positions a job found,
 * a finished light curve's data and spectrum's fits, and the sources a
 * source detection found. Each prints text for people or JSON for programs.
 */
import { Ukssdc } from "@jobscope/core"
import { UkssdcClient } from "@jobscope/fetch"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Output from "../../Output.js"
import * as Style from "../../Style.js"
import { client } from "./Parent.js"

const format = Flag.Literals("format", ["text", "json"]).pipe(
  Flag.withDescription("Output: text for people (default), json for programs"),
  Flag.withDefault("text")
)

const jobId = Argument.Int("job").pipe(Argument.withDescription("The job's ID, as submit printed it"))

/** Text a server sent, safe to print in a terminal. */
const shown = (value: unknown): string => Style.sanitize(String(value), { singleLine: true })

/** Rows as aligned columns, the first row the header. */
const table = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? []
  return rows
    .map(
      (row) =>
        `  ${row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join("  ")
          .trimEnd()}`
    )
    .join("\n")
}

/** Runs `use` with the UKSSDC client the shared flags describe. */
const withClient = <A, E>(use: (ukssdc: UkssdcClient.Shape) => Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    const layer = yield* client
    return yield* Effect.flatMap(UkssdcClient.UkssdcClient, use).pipe(Effect.provide(layer))
  })

const yesNo = (flag: unknown): string => (flag === true || flag === 1 || flag === "1" ? "yes" : "-")

const active = Command.make("active", { format }, (flags) =>
  Effect.gen(function* () {
    const count = yield* withClient((ukssdc) => ukssdc.numJobs())
    yield* Output.line(
      flags.format === "json"
        ? JSON.stringify({ active: count })
        : `${count} active job${count === 1 ? "" : "s"} (in the queue or running)`
    )
  })
).pipe(Command.withDescription("How many of your jobs are in the queue or running (getNumJobs)"))

const encodeOldJob = (job: Ukssdc.OldJob) => ({
  ...job,
  DateSubmitted: job.DateSubmitted.toISOString()
})

const list = Command.make("list", { format }, (flags) =>
  Effect.gen(function* () {
    const jobs = yield* withClient((ukssdc) => ukssdc.listOldJobs())
    if (flags.format === "json") {
      return yield* Output.line(JSON.stringify(jobs.map(encodeOldJob)))
    }
    yield* Output.line(
      jobs.length === 0
        ? "No jobs yet"
        : table([
            [
              "Job",
              "Name",
              "Submitted (UTC)",
              "lc",
              "spec",
              "psf",
              "enh",
              "xastrom",
              "image",
              "Products kept"
            ],
            ...jobs.map((job) => [
              shown(job.JobID),
              shown(job.Name),
              job.DateSubmitted.toISOString().slice(0, 19).replace("T", " "),
              yesNo(job.LightCurve),
              yesNo(job.Spectrum),
              yesNo(job.StandardPos),
              yesNo(job.EnhancedPos),
              yesNo(job.AstromPos),
              yesNo(job.Image),
              yesNo(job.hasProd)
            ])
          ])
    )
  })
).pipe(Command.withDescription("Every job you have submitted, most recent first (listOldJobs)"))

const copy = Command.make(
  "copy",
  {
    job: jobId,
    submit: Flag.Boolean("submit").pipe(
      Flag.withDescription(
        "Submit the old job's parameters again as a new job (the values it looked up kept)"
      ),
      Flag.withDefault(false)
    ),
    format
  },
  (flags) =>
    Effect.gen(function* () {
      const result = yield* withClient((ukssdc) =>
        Effect.gen(function* () {
          const old = yield* ukssdc.copyOldJob(flags.job)
          const parameters = Ukssdc.resubmissionParameters(old.jobPars)
          if (!flags.submit) return { old, parameters, submitted: undefined }
          return { old, parameters, submitted: yield* ukssdc.submit(parameters) }
        })
      )
      const { old, parameters, submitted } = result
      yield* Output.line(
        flags.format === "json"
          ? JSON.stringify({
              oldJob: old.oldJob,
              url: old.URL,
              parameters,
              ...(submitted === undefined ? {} : { job: submitted.JobID, jobUrl: submitted.URL })
            })
          : submitted === undefined
            ? `UKSSDC job ${shown(old.oldJob)}: ${shown(old.URL)}\n${JSON.stringify(parameters, null, 2)}`
            : `Submitted UKSSDC job ${shown(submitted.JobID)}, a copy of job ${shown(old.oldJob)}: ${shown(submitted.URL)}`
      )
    })
).pipe(
  Command.withDescription("An old job's parameters, ready to submit again; --submit does (getOldProduct)"),
  Command.withExamples([
    {
      command: "jobscope ukssdc jobs copy 14 --submit",
      description: "Build job 14's products again, with new data"
    }
  ])
)

/** `jobscope ukssdc jobs …`: the user's jobs. */
export const jobs = Command.make("jobs").pipe(
  Command.withDescription("Your jobs: how many are active, the list of all of them, a copy of one"),
  Command.withSubcommands([active, list, copy])
)

const positionNames: Readonly<Record<UkssdcClient.PositionKind, string>> = {
  psf: "Standard (PSF) position",
  enh: "Enhanced position",
  xastrom: "Astrometric position"
}

/** `jobscope ukssdc position`. */
export const position = Command.make(
  "position",
  {
    job: jobId,
    kind: Flag.Literals("kind", ["psf", "enh", "xastrom"]).pipe(
      Flag.withDescription("Which position: psf (standard), enh (enhanced) or xastrom (astrometric)"),
      Flag.withDefault("psf")
    ),
    format
  },
  (flags) =>
    Effect.gen(function* () {
      const found = yield* withClient((ukssdc) => ukssdc.position(flags.job, flags.kind))
      const name = positionNames[flags.kind]
      yield* Output.line(
        flags.format === "json"
          ? JSON.stringify(found)
          : found.GotPos === 1
            ? `${name} of UKSSDC job ${flags.job}: RA ${found.RA}, Dec ${found.Dec} (J2000), 90% error ${found.Err90}″${found.FromSXPS === 1 || found.FromSXPS === true ? ` (from ${shown(found.WhichSXPS ?? "SXPS")})` : ""}`
            : `${name} of UKSSDC job ${flags.job}: none${found.Reason === undefined ? "" : ` (${shown(found.Reason)})`}`
      )
    })
).pipe(
  Command.withDescription(
    "The position a finished position product found (getPSFPos, getEnhPos, getAstromPos)"
  ),
  Command.withExamples([
    { command: "jobscope ukssdc position 14 --kind enh", description: "Job 14's enhanced position" }
  ])
)

const variant = (name: string, description: string) =>
  Flag.Literals(name, ["yes", "no", "both"]).pipe(Flag.withDescription(description), Flag.optional)

/** `jobscope ukssdc lightcurve`. */
export const lightCurve = Command.make(
  "lightcurve",
  {
    job: jobId,
    nosys: variant(
      "nosys",
      "WT-mode light curves without the systematic error: yes, no or both (default: no)"
    ),
    incbad: variant(
      "incbad",
      "Include points whose centroid could not be checked: yes, no or both (default: no)"
    ),
    format
  },
  (flags) =>
    Effect.gen(function* () {
      const data = yield* withClient((ukssdc) =>
        ukssdc.lightCurve(flags.job, {
          ...(flags.nosys._tag === "Some" ? { nosys: flags.nosys.value } : {}),
          ...(flags.incbad._tag === "Some" ? { incbad: flags.incbad.value } : {})
        })
      )
      if (flags.format === "json") return yield* Output.line(JSON.stringify(data))
      const head = `Light curve of UKSSDC job ${flags.job}: ${data.Datasets.length} dataset${data.Datasets.length === 1 ? "" : "s"}, binned by ${shown(data.Binning ?? "unknown")}, times ${shown(data.TimeFormat ?? "")}${data.T0 === undefined ? "" : ` since T0 = ${data.T0}`}`
      const blocks = data.Datasets.map((dataset) => {
        const found = Ukssdc.tableOf(data, dataset)
        if (found === undefined) return `${shown(dataset)}: no table`
        return `${shown(dataset)} (${found.data.length} row${found.data.length === 1 ? "" : "s"})\n${table([
          found.columns.map(shown),
          ...found.data.map((row) => row.map(shown))
        ])}`
      })
      yield* Output.line([head, ...blocks].join("\n\n"))
    })
).pipe(
  Command.withDescription("A finished light curve's data, every dataset (getLCData)"),
  Command.withExamples([
    { command: "jobscope ukssdc lightcurve 14", description: "Job 14's light curves as tables" },
    {
      command: "jobscope ukssdc lightcurve 14 --incbad both --format json",
      description: "Every variant, as JSON"
    }
  ])
)

const fitColumns = ["Gamma", "NH", "ObsFlux", "UnabsFlux", "Cstat", "Dof"] as const

/** `jobscope ukssdc spectrum`. */
export const spectrum = Command.make("spectrum", { job: jobId, format }, (flags) =>
  Effect.gen(function* () {
    const data = yield* withClient((ukssdc) => ukssdc.spectrum(flags.job))
    if (flags.format === "json") return yield* Output.line(JSON.stringify(data))
    const rows: Array<Array<string>> = [["Interval", "Mode", "Model", "Exposure (s)", ...fitColumns]]
    for (const rname of data.rnames ?? []) {
      const interval = Ukssdc.intervalOf(data, rname)
      for (const mode of interval?.Modes ?? []) {
        const spectrumOfMode = interval?.[mode]
        for (const model of spectrumOfMode?.Models ?? []) {
          const fit = spectrumOfMode?.[model] as Ukssdc.ModelFit | undefined
          rows.push([
            shown(rname),
            mode,
            shown(model),
            spectrumOfMode?.Exposure === undefined ? "" : spectrumOfMode.Exposure.toFixed(0),
            ...fitColumns.map((column) => {
              const value = fit?.[column]
              return typeof value === "number"
                ? value.toPrecision(4)
                : value === undefined
                  ? ""
                  : shown(value)
            })
          ])
        }
      }
    }
    yield* Output.line(
      `Spectral fits of UKSSDC job ${flags.job}${data.T0 === undefined ? "" : `, T0 = ${data.T0}`}\n${table(rows)}`
    )
  })
).pipe(
  Command.withDescription("A finished spectrum's fits, every interval and mode (getSpecData)"),
  Command.withExamples([{ command: "jobscope ukssdc spectrum 14", description: "Job 14's fitted models" }])
)

/** A source's property as the server sent it, or blank. */
const property = (source: Ukssdc.DetectedSource, name: string): string => {
  const value = source[name]
  return value === undefined ? "" : shown(value)
}

/** `jobscope ukssdc sourcedet`. */
export const sourceDetection = Command.make("sourcedet", { job: jobId, format }, (flags) =>
  Effect.gen(function* () {
    const data = yield* withClient((ukssdc) => ukssdc.sourceDetection(flags.job))
    if (flags.format === "json") return yield* Output.line(JSON.stringify(data))
    const bands = Ukssdc.bandsOf(data)
    const head = `Sources found by UKSSDC job ${flags.job}: ${bands
      .map(({ band, sources }) => `${band} ${sources.length}`)
      .join(", ")}`
    const blocks = bands.map(({ band, sources }) =>
      sources.length === 0
        ? `${band} band: no sources`
        : `${band} band\n${table([
            ["#", "RA (deg)", "Dec (deg)", "Err90 (\u2033)", "Counts"],
            ...sources.map((source) => [
              property(source, "sno"),
              property(source, "ra"),
              property(source, "dec"),
              Ukssdc.sourceNumber(source, "err90")?.toFixed(1) ?? property(source, "err90"),
              property(source, "C")
            ])
          ])}`
    )
    yield* Output.line([head, ...blocks].join("\n\n"))
  })
).pipe(
  Command.withDescription(
    "The sources a finished source detection found, per energy band (getSourceDetResults)"
  ),
  Command.withExamples([
    { command: "jobscope ukssdc sourcedet 14", description: "Job 14's sources, a table per band" }
  ])
)
