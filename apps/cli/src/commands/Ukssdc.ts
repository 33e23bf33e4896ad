/**
 * `jobscope ukssdc …`: the UKSSDC XRT product builder. Submit a job, see or
 * follow its products, cancel them, download their archives.
 */

import { existsSync } from "node:fs"
import { type Job, type Phase, Ukssdc } from "@jobscope/core"
import { Follow as FetchFollow, Followable, JobRef, UkssdcClient } from "@jobscope/fetch"
import { downloadToFile } from "@jobscope/fetch/node"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Flags from "../Flags.js"
import * as Follow from "../Follow.js"
import * as JsonText from "../JsonText.js"
import * as Output from "../Output.js"
import * as Problem from "../Problem.js"
import * as SpeedCheck from "../SpeedCheck.js"
import { client, realService, ukssdc } from "./ukssdc/Parent.js"
import * as Results from "./ukssdc/Results.js"

const allProducts = Ukssdc.ProductKind.literals

/**
 * What submit asks for without --products: every product but source
 * detection, whose `detobs` must be chosen on purpose (a search of all the
 * data can outrun the server's 12-hour limit, RequestJob.md says).
 */
const submittedByDefault = allProducts.filter((product) => product !== "sourceDet")

const products = Flag.String("products").pipe(
  Flag.withDescription(
    `Products, comma-separated, from ${allProducts.join(", ")} (default: every product the job has)`
  ),
  Flag.optional
)

/** A comma-separated product list, checked. */
const productList = (text: Option.Option<string>) =>
  Effect.gen(function* () {
    if (Option.isNone(text)) return undefined
    const list = text.value
      .split(",")
      .map((product) => product.trim())
      .filter((product) => product !== "")
    const unknown = list.filter((product) => !(allProducts as ReadonlyArray<string>).includes(product))
    if (list.length === 0 || unknown.length > 0)
      return yield* Problem.usage(
        `--products takes some of ${allProducts.join(", ")}, comma-separated${unknown.length > 0 ? `; not ${unknown.join(", ")}` : ""}`
      )
    return list as ReadonlyArray<Ukssdc.ProductKind>
  })

const jobId = Argument.Int("job").pipe(Argument.withDescription("The job's ID, as submit printed it"))

/**
 * A job to show or follow by its ID: the products asked for (default: those
 * it has), and the position each position product found, read once it is complete.
 */
const byId = (job: number, products: ReadonlyArray<string> | undefined) =>
  JobRef.ukssdc(job, { positions: true, ...(products === undefined ? {} : { products }) })

/**
 * A submission's parameters: the object, the product flags, then any --param.
 * What is not given, the product builder is asked to work out, as the API
 * offers: the position from the name (`getCoords`), the target IDs from the
 * name and position (`getTargs`).
 */
const parameters = (input: {
  readonly name: string
  readonly target: Option.Option<string>
  readonly position: { readonly ra: number; readonly dec: number } | undefined
  readonly products: ReadonlyArray<Ukssdc.ProductKind>
  readonly extra: Readonly<Record<string, string>>
}): Ukssdc.JobParameters => {
  const chosen: Record<string, number> = {}
  for (const product of allProducts)
    chosen[Ukssdc.productFlag[product]] = input.products.includes(product) ? 1 : 0
  const extra: Record<string, Ukssdc.JobParameters[string]> = {}
  for (const [key, value] of Object.entries(input.extra)) extra[key] = jsonOrText(value)
  return {
    name: input.name,
    ...(Option.isSome(input.target) ? { targ: input.target.value } : { getTargs: 1 }),
    ...(input.position === undefined ? { getCoords: 1 } : { RA: input.position.ra, Dec: input.position.dec }),
    ...defaults(input.products),
    ...chosen,
    ...extra
  }
}

/**
 * What the product builder needs but a person rarely changes, as swifttools
 * sends it: centroid on the source, a 1 arcsecond position error, no SXPS,
 * light curves binned by counts, spectra without a redshift. `--param`
 * overrides each.
 */
const defaults = (products: ReadonlyArray<Ukssdc.ProductKind>): Ukssdc.JobParameters => ({
  cent: 1,
  poserr: 1,
  useSXPS: 0,
  ...(products.includes("lc") ? { binMeth: "counts" } : {}),
  ...(products.includes("spec") ? { specz: 0 } : {})
})

/** A `--param` value: a JSON number, boolean or null when it reads as one, else the text. */
const jsonOrText = (value: string): Ukssdc.JobParameters[string] => {
  if (/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/.test(value)) return JSON.parse(value)
  return value
}

/**
 * The shared flags to repeat in a command suggested to the user, as they were
 * given on this command line (`--base-url`, not the user ID: it may come from
 * the environment, and a suggestion must not spread it).
 */
const sharedFlagsShown = (shared: { readonly baseUrl: string }): string =>
  shared.baseUrl === realService ? "" : ` --base-url ${shared.baseUrl}`

/** After a UKSSDC watch: the command that fetches each job's products, for the jobs that made some. */
const downloadSteps =
  (shared: { readonly baseUrl: string }) =>
  (snapshots: ReadonlyArray<Job.Snapshot>): ReadonlyArray<string> =>
    snapshots
      .filter((snapshot) => snapshot.tasks.some((task) => task.phase === "succeeded"))
      .map(
        (snapshot) =>
          `Download job ${snapshot.jobId}'s products: jobscope ukssdc download ${snapshot.jobId} -o job-${snapshot.jobId}.tar.gz${sharedFlagsShown(shared)}`
      )

const submit = Command.make(
  "submit",
  {
    name: Flags.required(
      Flag.String("name").pipe(
        Flag.withDescription(
          "The object's name, e.g. GRB 200101A; without --ra and --dec, the product builder resolves it"
        )
      )
    ),
    target: Flag.String("target").pipe(
      Flag.withDescription(
        "The Swift target ID(s), e.g. 00081637 (default: the product builder finds those of the name and position)"
      ),
      Flag.optional
    ),
    ra: Flags.rightAscension("; with --dec (default: resolved from --name)").pipe(Flag.optional),
    dec: Flags.declination("; with --ra (default: resolved from --name)").pipe(Flag.optional),
    products,
    param: Flag.KeyValuePair("param").pipe(
      Flag.withDescription(
        "Any other parameter of the product builder, e.g. --param binMeth=time --param specz=0.5 (defaults: cent=1, poserr=1, useSXPS=0, binMeth=counts, specz=0)"
      ),
      Flag.optional
    ),
    watch: Flags.thenWatch,
    ...Flags.watch
  },
  (parsed) =>
    Effect.gen(function* () {
      const flags = yield* Flags.given(parsed)
      if (Option.isSome(flags.ra) !== Option.isSome(flags.dec))
        return yield* Problem.usage(
          "give both --ra and --dec, or neither and the product builder resolves the position from --name"
        )
      if (flags.name.trim() === "")
        return yield* Problem.usage(
          "--name must not be empty: the product builder needs the object's name, and resolves it when --ra and --dec are not given"
        )
      const layer = yield* client
      // Before submitting: a --speed refused after the job started would leave it unwatched.
      if (flags.watch) yield* SpeedCheck.check(flags.speed)
      const chosen = (yield* productList(flags.products)) ?? submittedByDefault
      const position =
        Option.isSome(flags.ra) && Option.isSome(flags.dec)
          ? { ra: flags.ra.value, dec: flags.dec.value }
          : undefined
      const accepted = yield* Effect.gen(function* () {
        const ukssdc = yield* UkssdcClient.UkssdcClient
        return yield* ukssdc.submit(
          parameters({
            name: flags.name,
            target: flags.target,
            position,
            products: chosen,
            extra: Option.getOrElse(flags.param, () => ({}))
          })
        )
      }).pipe(Effect.provide(layer))
      const job = JobRef.fromSubmit(accepted, undefined, { positions: true })
      const { ref } = job
      yield* Output.line(
        flags.format === "json"
          ? JsonText.stringify({ job: ref.jobId, url: accepted.URL, products: ref.products ?? chosen })
          : `Submitted UKSSDC job ${ref.jobId}: ${accepted.URL}${flags.watch ? "" : `\nFollow it with: jobscope ukssdc watch ${ref.jobId}${sharedFlagsShown(yield* ukssdc)}`}`
      )
      if (flags.watch)
        yield* Follow.follow([job], { ...flags, nextSteps: downloadSteps(yield* ukssdc) }).pipe(
          Effect.provide(layer)
        )
    })
).pipe(
  Command.withDescription("Submit a job to build products"),
  Command.withExamples([
    {
      command:
        'jobscope ukssdc submit --name "GRB 200101A" --target 00081637 --ra 219.2875 --dec -60.8333 --watch',
      description: "Ask for all six products and follow the job live"
    },
    {
      command:
        'jobscope ukssdc submit --name "GRB 200101A" --target 00081637 --ra 219.2875 --dec -60.8333 --products lc,spec --param specz=0.5',
      description: "Only a light curve and a spectrum, the spectrum at redshift 0.5"
    },
    {
      command: 'jobscope ukssdc submit --name "GRB 200416A" --ra 335.6985 --dec -7.5179 --param getT0=1',
      description: "The tutorial's request: the product builder finds the target IDs and the start time"
    },
    {
      command: 'jobscope ukssdc submit --name "Mrk 421" --products lc',
      description:
        "A light curve of a named object, its position and target IDs resolved by the product builder"
    }
  ])
)

const status = Command.make(
  "status",
  { job: jobId, products, format: Flags.format, raw: Output.rawFlag },
  (flags) =>
    Effect.gen(function* () {
      const layer = yield* client
      const chosen = yield* productList(flags.products)
      const answer = yield* Followable.poll(byId(flags.job, chosen)).pipe(Effect.provide(layer))
      if (flags.raw) return yield* Output.reply(Ukssdc.StatusOk, answer.reply)
      yield* Output.snapshot(answer.snapshot, flags.format)
    })
).pipe(
  Command.withDescription(
    "Show a job's products as they are now (one request, and one more per position a product found)"
  ),
  Command.withExamples([
    { command: "jobscope ukssdc status 14", description: "Every product of job 14, with its progress" },
    { command: "jobscope ukssdc status 14 --format json", description: "The same, as JSON" },
    {
      command: "jobscope ukssdc status 14 --raw > status.json",
      description: "The server's reply itself, saved; jobscope render status.json shows it again"
    }
  ])
)

const watch = Command.make(
  "watch",
  { jobs: jobId.pipe(Argument.variadic({ min: 1 })), products, ...Flags.watch },
  (flags) =>
    Effect.gen(function* () {
      const layer = yield* client
      const chosen = yield* productList(flags.products)
      const jobs = flags.jobs.map((job) => byId(job, chosen))
      yield* Follow.follow(jobs, { ...flags, nextSteps: downloadSteps(yield* ukssdc) }).pipe(
        Effect.provide(layer)
      )
    })
).pipe(
  Command.withDescription("Follow jobs live until they are over, polling politely (at most every 10 s)"),
  Command.withExamples([
    { command: "jobscope ukssdc watch 14", description: "Follow job 14 until every product is done" },
    {
      command: 'jobscope ukssdc watch 14 15 --deadline "2 hours" --format json',
      description: "Two jobs, one JSON object per update, exit 3 after two hours"
    }
  ])
)

/** What a product's phase means for someone who did not ask to cancel it. */
const uncancelled: Readonly<Record<Phase.Phase, string>> = {
  pending: "still waiting to start",
  queued: "still queued",
  waiting: "still waiting",
  running: "still running",
  succeeded: "complete",
  failed: "failed",
  cancelled: "cancelled earlier",
  unknown: "in an unknown state"
}

/** What the server said it did to a product it was asked to cancel, for people. */
const cancelWords: Readonly<Record<Ukssdc.CancelCode, string>> = {
  0: "cancelled",
  1: "not cancelled: already complete",
  2: "not cancelled: not part of this job",
  3: "not cancelled: the server did not say why",
  4: "not cancelled: the server does not know its status"
}

/**
 * Per product, what a cancel did (from the server's answer) and where each
 * product it was not asked about stands (from a status request after it).
 */
const cancelText = (outcome: UkssdcClient.CancelOutcome, after: Job.Snapshot): string => {
  const asked = Object.entries(outcome.products)
  const others = after.tasks.filter((task) => !(task.id in outcome.products))
  const total = asked.length + others.length
  return [
    `UKSSDC job ${outcome.jobId}: ${outcome.cancelled === 0 ? "nothing" : `${outcome.cancelled} of ${total} product${total === 1 ? "" : "s"}`} cancelled`,
    ...asked.map(([product, result]) => `  ${Ukssdc.productName(product)}: ${cancelWords[result.code]}`),
    ...others.map(
      (task) => `  ${Ukssdc.productName(task.id)}: ${uncancelled[task.phase]} (not asked to cancel)`
    )
  ].join("\n")
}

const cancel = Command.make("cancel", { job: jobId, products, format: Flags.format }, (flags) =>
  Effect.gen(function* () {
    const layer = yield* client
    const chosen = yield* productList(flags.products)
    const { outcome, after } = yield* Effect.gen(function* () {
      const ukssdc = yield* UkssdcClient.UkssdcClient
      // Without --products, the products the job has: cancelling one it lacks only fails.
      const products =
        chosen ?? (yield* FetchFollow.status(JobRef.ukssdc(flags.job))).tasks.map((task) => task.id)
      const outcome = yield* ukssdc.cancel(flags.job, products)
      // One status request more, for the products not asked about: what is still running.
      const after = yield* FetchFollow.status(JobRef.ukssdc(flags.job))
      return { outcome, after }
    }).pipe(Effect.provide(layer))
    yield* Output.line(flags.format === "json" ? JsonText.stringify(outcome) : cancelText(outcome, after))
  })
).pipe(
  Command.withDescription(
    "Cancel a job's products (every one it has unless --products says which), and say what was and was not cancelled"
  ),
  Command.withExamples([
    { command: "jobscope ukssdc cancel 14 --products lc,spec", description: "Stop two products" }
  ])
)

const download = Command.make(
  "download",
  {
    job: Argument.String("job").pipe(
      Argument.withDescription("The job's ID, or its URL as submit printed it")
    ),
    product: Flag.Literals("product", [...allProducts, "all"]).pipe(
      Flag.withDescription("Which archive: one product, or all"),
      Flag.withDefault("all")
    ),
    archive: Flag.Literals("archive", ["tar.gz", "tar", "zip"]).pipe(
      Flag.withDescription("The archive format"),
      Flag.withDefault("tar.gz")
    ),
    output: Flag.String("output").pipe(
      Flag.withAlias("o"),
      Flag.withDescription("Where to write it (default: <product>.<archive> here)"),
      Flag.optional
    ),
    force: Flag.Boolean("force").pipe(
      Flag.withDescription("Replace the file at --output if there is one (default: refuse, keeping it)"),
      Flag.withDefault(false)
    ),
    maxBytes: Flag.Int("max-bytes").pipe(
      Flag.withDescription(
        "The largest archive saved, in bytes (default: 1 GiB); a larger one fails, leaving nothing"
      ),
      Flag.optional
    )
  },
  (flags) =>
    Effect.gen(function* () {
      const layer = yield* client
      const { baseUrl } = yield* ukssdc
      const jobUrl = /^https?:\/\//.test(flags.job)
        ? flags.job
        : `${baseUrl.replace(/\/+$/, "")}/user_objects/tprods/USERPROD_${flags.job}`
      const path = Option.getOrElse(flags.output, () => `${flags.product}.${flags.archive}`)
      if (!flags.force && existsSync(path))
        return yield* Problem.usage(`${path} exists already: give --force to replace it, or -o another path`)
      const saved = yield* downloadToFile(jobUrl, flags.product, path, {
        format: flags.archive,
        ...(Option.isSome(flags.maxBytes) ? { maxBytes: flags.maxBytes.value } : {})
      }).pipe(Effect.provide(layer))
      yield* Output.line(`Saved ${saved.bytes} bytes to ${saved.path}`)
    })
).pipe(
  Command.withDescription("Download a finished job's product archive"),
  Command.withExamples([
    {
      command: "jobscope ukssdc download 14 --product lc -o lc.tar.gz",
      description: "The light curve of job 14"
    }
  ])
)

/** `jobscope ukssdc`. */
export const command = ukssdc.pipe(
  Command.withSubcommands([
    submit,
    status,
    watch,
    cancel,
    download,
    Results.jobs,
    Results.position,
    Results.lightCurve,
    Results.spectrum,
    Results.sourceDetection
  ])
)
