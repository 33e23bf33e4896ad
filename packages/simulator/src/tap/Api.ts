/**
 * The simulated TAP service at `/tap`, answering as real TAP 1.1 services do
 * so that a standard client (pyvo, TOPCAT, astroquery) works unchanged:
 * `/tap/sync` (GET or POST) runs a query at once; `/tap/async` is a UWS 1.1
 * job list whose jobs queue and execute for a seeded while on the simulated
 * clock and then offer `results/result`; `/tap/capabilities`,
 * `/tap/availability` and `/tap/tables` are the VOSI documents. Queries are
 * the ADQL subset of {@link Adql} over `swift.observations`,
 * `swift.xrt_sources` and `TAP_SCHEMA`. Route names are `tap.*`, async jobs
 * `tap/<id>` in the request counts.
 */
import type * as Route from "../Route.js"
import * as UwsApi from "../uws/Api.js"
import * as Form from "../uws/Form.js"
import * as Jobs from "../uws/Jobs.js"
import * as Plan from "../uws/Plan.js"
import * as Service from "../uws/Service.js"
import type * as Timeline from "../uws/Timeline.js"
import * as Wait from "../uws/Wait.js"
import * as Adql from "./Adql.js"
import * as Catalogue from "./Catalogue.js"
import * as Format from "./Format.js"
import * as Query from "./Query.js"
import type * as Table from "./Table.js"
import * as TapSchema from "./TapSchema.js"
import * as Upload from "./Upload.js"
import * as Vosi from "./Vosi.js"
import * as VoTable from "./VoTable.js"

/** How the simulated TAP service behaves; every option has a default. */
export interface Options extends UwsApi.Options, Catalogue.CatalogueOptions {
  /** Rows a query returns when MAXREC does not say (default: 1000). */
  readonly maxrec?: number
  /** The most rows any query returns, whatever MAXREC says (default: 100,000). */
  readonly hardLimit?: number
}

/** The defaults of the UWS side of the TAP service: queries queue briefly, run seconds, never held. */
export const defaults: Required<UwsApi.Options> = {
  ...UwsApi.defaults,
  holdProbability: 0,
  suspendProbability: 0,
  failureProbability: 0,
  queueSeconds: [0, 5],
  executionSeconds: [2, 20],
  executionDuration: 3600
}

/** An async TAP job as a test sees it. */
export interface JobView {
  readonly id: string
  readonly phase: string
  readonly plan: Plan.Plan | undefined
  readonly transitions: ReadonlyArray<Timeline.Transition>
}

/** The simulated TAP service: its routes and controls for tests. */
export interface Api extends Route.Api {
  /** Fixes how long the next async query to be run queues and executes (and, if it is valid, how it ends). */
  readonly scriptNext: (plan: Plan.Plan) => void
  /** An async job, or undefined. */
  readonly job: (id: string) => JobView | undefined
  /** Every schema and table it serves, TAP_SCHEMA included. */
  readonly schemas: ReadonlyArray<Table.SchemaInfo>
  /** How many requests a blocking `WAIT` holds now. */
  readonly held: () => number
  /** The earliest simulated instant (epoch ms) at which a held request would be answered, if any is held. */
  readonly nextWake: () => number | undefined
  /** Runs a query as `/tap/sync` would, for tests to compare with: its rows, or the error. */
  readonly query: (adql: string, maxrec?: number) => Query.Result
}

/** A query ready to run, or why it cannot be. */
type Prepared =
  | {
      readonly ok: true
      /** The uploaded tables, as `TAP_UPLOAD.<name>`. */
      readonly uploads: ReadonlyArray<Table.Table>
      readonly select: Adql.Select
      readonly query: string
      readonly format: Format.Format
      readonly maxrec: number
    }
  | { readonly ok: false; readonly message: string }

/** What an async job produced: its result file, or its error. */
type Outcome =
  | { readonly ok: true; readonly body: string; readonly format: Format.Format }
  | { readonly ok: false; readonly message: string }

const transientErrors = [
  "The database connection was lost while the query ran; run it again",
  "The query was cancelled by the database for a resource limit; run it again later"
]

/** Makes the simulated TAP service. */
export const make = (context: Route.Context, options: Options = {}): Api => {
  const settings = UwsApi.settingsOf(options, defaults)
  const maxrecDefault = options.maxrec ?? 1000
  const hardLimit = options.hardLimit ?? 100_000
  if (
    !(
      Number.isInteger(maxrecDefault) &&
      maxrecDefault >= 0 &&
      Number.isInteger(hardLimit) &&
      hardLimit >= maxrecDefault
    )
  )
    throw new RangeError(
      `maxrec and hardLimit must be whole numbers with 0 ≤ maxrec ≤ hardLimit, not ${maxrecDefault} and ${hardLimit}`
    )
  const science = Catalogue.make(context.random.fork("catalogue"), options)
  const schemas = [TapSchema.make([science], Catalogue.keys), science]
  const tables = new Map(
    schemas.flatMap((schema) => schema.tables.map((table) => [table.name.toLowerCase(), table] as const))
  )
  const lookup = (name: string) => tables.get(name.toLowerCase())

  const prepare = (form: Form.Form): Prepared => {
    const failed = (message: string): Prepared => ({ ok: false, message })
    const request = Form.get(form, "REQUEST")
    if (request !== undefined && request.toLowerCase() !== "doquery")
      return failed(`REQUEST must be doQuery, not ${request.slice(0, 40)}`)
    const lang = Form.get(form, "LANG")
    if (lang === undefined) return failed("LANG is missing: say LANG=ADQL")
    if (!/^adql(-2\.0)?$/i.test(lang.trim()))
      return failed(`LANG ${lang.slice(0, 40)} is not offered; this service speaks ADQL (2.0)`)
    const query = Form.get(form, "QUERY")
    if (query === undefined) return failed("QUERY is missing: give the ADQL query to run")
    const upload = Form.get(form, "UPLOAD")
    const uploads = upload === undefined ? [] : Upload.read(upload, form.files)
    if (typeof uploads === "string") return failed(uploads)
    const maxrecText = Form.get(form, "MAXREC")
    if (maxrecText !== undefined && !/^\s*\d{1,12}\s*$/.test(maxrecText))
      return failed(`MAXREC must be a whole number of rows, not ${maxrecText.slice(0, 40)}`)
    const maxrec = Math.min(maxrecText === undefined ? maxrecDefault : Number(maxrecText), hardLimit)
    const format = Format.choose(Form.get(form, "RESPONSEFORMAT") ?? Form.get(form, "FORMAT"))
    if (typeof format === "string") return failed(format)
    try {
      return { ok: true, uploads, select: Adql.parse(query), query, format, maxrec }
    } catch (error) {
      if (error instanceof Adql.AdqlError) return failed(`Invalid ADQL: ${error.message}`)
      throw error
    }
  }

  /** Runs a prepared query into its reply body, or the error message. */
  const execute = (prepared: Prepared): Outcome => {
    if (!prepared.ok) return prepared
    try {
      const uploaded = (name: string) =>
        prepared.uploads.find((table) => table.name.toLowerCase() === name.toLowerCase()) ?? lookup(name)
      const result = Query.run(prepared.select, uploaded, prepared.maxrec)
      return { ok: true, body: prepared.format.write(result, prepared.query), format: prepared.format }
    } catch (error) {
      if (error instanceof Adql.AdqlError) return { ok: false, message: error.message }
      throw error
    }
  }

  const outcomes = new WeakMap<Jobs.Job, Outcome>()
  const scripted: Array<Plan.Plan> = []
  const worker: Service.Worker = {
    plan: (job) => {
      const outcome = execute(
        prepare({ entries: job.parameters.map((p) => [p.name, p.value] as const), files: job.files })
      )
      outcomes.set(job, outcome)
      const random = job.random.fork("plan")
      const drawn = scripted.shift() ?? Plan.generate(random, settings.chances)
      if (!outcome.ok)
        // A query the service cannot run fails as soon as it is looked at, as real services fail it.
        return {
          queue: drawn.queue,
          execution: Math.min(drawn.execution, 1),
          outcome: { phase: "ERROR", type: "fatal", message: outcome.message }
        }
      if (drawn.outcome.phase === "ERROR")
        return {
          ...drawn,
          outcome: { phase: "ERROR", type: "transient", message: random.pick(transientErrors) }
        }
      return drawn
    },
    results: (job) => {
      const outcome = outcomes.get(job)
      return outcome?.ok === true
        ? [{ id: "result", mimeType: outcome.format.contentType, body: outcome.body }]
        : []
    },
    errorDetail: (_job, summary) => ({
      contentType: VoTable.contentType,
      body: VoTable.error(summary.message)
    })
  }
  const jobs = Jobs.make({
    now: () => context.clock.now().getTime(),
    random: context.random.fork("jobs"),
    ...settings
  })
  const holds = Wait.makeHolds()
  const asyncRoutes = Service.routes({
    holds,
    family: "tap",
    base: "/tap/async",
    version: "1.1",
    jobs,
    worker,
    context,
    maxWait: settings.maxWait
  })

  const votableError = (status: number, message: string): Route.Reply => ({
    status,
    headers: { "Content-Type": VoTable.contentType },
    body: VoTable.error(message)
  })

  const sync = async (request: Route.Request): Promise<Route.Reply> => {
    const form = await Form.read(request)
    if (form instanceof Form.FormError) return votableError(400, form.message)
    const outcome = execute(prepare(form))
    if (!outcome.ok) return votableError(400, outcome.message)
    return { status: 200, headers: { "Content-Type": outcome.format.contentType }, body: outcome.body }
  }

  const vosi =
    (body: () => string): Route.Route["handle"] =>
    () => ({
      status: 200,
      headers: { "Content-Type": Vosi.contentType },
      body: body()
    })
  const base = () => `${context.baseUrl()}/tap`
  const limits: Vosi.Limits = {
    retention: settings.retention,
    executionDuration: settings.executionDuration,
    maxrec: maxrecDefault,
    hardLimit
  }
  const keys = [...TapSchema.keysOf, ...Catalogue.keys]

  return {
    routes: [
      ...asyncRoutes,
      { name: "tap.sync", methods: ["GET", "POST"], pattern: "/tap/sync", handle: sync },
      {
        name: "tap.capabilities",
        methods: ["GET"],
        pattern: "/tap/capabilities",
        handle: vosi(() => Vosi.capabilities(base(), limits))
      },
      {
        name: "tap.availability",
        methods: ["GET"],
        pattern: "/tap/availability",
        handle: vosi(Vosi.availability)
      },
      {
        name: "tap.tables",
        methods: ["GET"],
        pattern: "/tap/tables",
        handle: vosi(() => Vosi.tableset(schemas, keys))
      },
      {
        name: "tap.table",
        methods: ["GET"],
        pattern: "/tap/tables/:table",
        handle: (request) => {
          const table = lookup(request.params.table ?? "")
          if (table === undefined)
            return {
              status: 404,
              headers: { "Content-Type": "text/plain; charset=UTF-8" },
              body: `There is no table ${JSON.stringify(request.params.table)} here\n`
            }
          return { status: 200, headers: { "Content-Type": Vosi.contentType }, body: Vosi.table(table, keys) }
        }
      }
    ],
    scriptNext: (plan) => void scripted.push(plan),
    job: (id) => {
      const job = jobs.get(id)
      return job === undefined
        ? undefined
        : { id, phase: jobs.phase(job), plan: job.plan, transitions: jobs.timeline(job).transitions }
    },
    schemas,
    held: holds.held,
    nextWake: holds.nextWake,
    query: (adql, maxrec = maxrecDefault) => Query.run(Adql.parse(adql), lookup, maxrec)
  }
}
