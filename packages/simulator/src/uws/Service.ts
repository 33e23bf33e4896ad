/**
 * The routes of one UWS service over a store of jobs: the job list (GET,
 * with the `PHASE`, `AFTER` and `LAST` filters of 1.1) and job creation
 * (POST, answered 303 with the job's URL), the job (GET with 1.1's blocking
 * `WAIT`; POST `PHASE=RUN|ABORT`, `DESTRUCTION=`, `EXECUTIONDURATION=`,
 * `RUNID=` or `ACTION=DELETE`; DELETE), and its parts: `/phase`, `/quote`,
 * `/executionduration`, `/destruction`, `/error`, `/parameters`, `/results`
 * (and each result), `/owner`. What a job does is the {@link Worker}'s: the
 * generic service draws it, TAP runs a query. Errors are plain text, as
 * UWS servers send them.
 */
import type * as Route from "../Route.js"
import * as Document from "./Document.js"
import * as Form from "./Form.js"
import type * as Jobs from "./Jobs.js"
import * as Phase from "./Phase.js"
import type * as Plan from "./Plan.js"
import * as Timeline from "./Timeline.js"
import * as Wait from "./Wait.js"

/** A file a completed job produced. */
export interface ResultFile {
  readonly id: string
  readonly mimeType: string
  readonly body: string
}

/** A document served at a job's `/error`. */
export interface ErrorDetail {
  readonly contentType: string
  readonly body: string
}

/** What the jobs of a service do. */
export interface Worker {
  /** What a job does, decided when `PHASE=RUN` is first accepted (its parameters are final then). */
  readonly plan: (job: Jobs.Job) => Plan.Plan
  /** The files of a job that COMPLETED, in the order listed. */
  readonly results: (job: Jobs.Job) => ReadonlyArray<ResultFile>
  /** The document at `/error` of a job in ERROR with this summary. */
  readonly errorDetail: (job: Jobs.Job, summary: Document.ErrorSummary) => ErrorDetail
}

/** How a service is set up. */
export interface ServiceOptions {
  /** The prefix of its route names (`uws`, `uws10`, `tap`) and of its jobs' names in the request counts. */
  readonly family: string
  /** The path of the job list, e.g. `/uws/jobs`; a job is at `<base>/<id>`. */
  readonly base: string
  readonly version: Document.Version
  readonly jobs: Jobs.Jobs
  readonly worker: Worker
  readonly context: Route.Context
  /** The longest a `WAIT` holds a request, simulated seconds; `WAIT=-1` means this long. */
  readonly maxWait: number
  /** Where the requests held by `WAIT` are counted. */
  readonly holds: Wait.Holds
}

/** The parameters that control a job rather than tell it what to do. */
const controls = new Set(["PHASE", "RUNID", "EXECUTIONDURATION", "DESTRUCTION", "ACTION", "WAIT"])

const plain = (status: number, body: string, job?: string): Route.Reply => ({
  status,
  headers: { "Content-Type": "text/plain; charset=UTF-8" },
  body: body === "" ? "" : `${body}\n`,
  ...(job === undefined ? {} : { job })
})

const xml = (body: string, job?: string): Route.Reply => ({
  status: 200,
  headers: { "Content-Type": Document.contentType },
  body,
  ...(job === undefined ? {} : { job })
})

const seeOther = (location: string, job?: string): Route.Reply => ({
  status: 303,
  headers: { Location: location, "Content-Type": "text/plain; charset=UTF-8" },
  body: "",
  ...(job === undefined ? {} : { job })
})

/** The user name of an HTTP Basic `Authorization` header (never its password), or undefined. */
const ownerOf = (request: Route.Request): string | undefined => {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.authorization ?? "")
  if (match === null) return undefined
  const user = Buffer.from(match[1]!, "base64").toString("utf8").split(":")[0] ?? ""
  return user === "" ? undefined : user
}

/** An ISO 8601 date-time, as `DESTRUCTION` and `AFTER` take it; a date alone means its midnight UTC. */
const instantOf = (text: string): number | undefined => {
  if (!/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/.test(text.trim()))
    return undefined
  const trimmed = text.trim().replace(" ", "T")
  // Without a zone, IVOA date-times are UTC (DALI, on date-times), not local time as Date.parse reads them.
  const zoned = /T/.test(trimmed) && !/(Z|[+-]\d\d:?\d\d)$/.test(trimmed) ? `${trimmed}Z` : trimmed
  const millis = Date.parse(zoned)
  return Number.isFinite(millis) ? millis : undefined
}

/** Makes the routes of a UWS service. */
export const routes = (options: ServiceOptions): ReadonlyArray<Route.Route> => {
  const { family, base, version, jobs, worker, context } = options
  const now = () => context.clock.now().getTime()
  const jobUrl = (id: string) => `${context.baseUrl()}${base}/${encodeURIComponent(id)}`
  const jobName = (job: Jobs.Job) => `${family}/${job.id}`

  const errorSummary = (job: Jobs.Job, timeline: Timeline.Timeline): Document.ErrorSummary | undefined => {
    if (Timeline.phaseAt(timeline, now()) !== "ERROR") return undefined
    if (timeline.overrun !== undefined)
      return {
        type: "fatal",
        message: `The job ran longer than its execution duration of ${timeline.overrun.limit} s and was stopped`,
        hasDetail: true
      }
    const outcome = job.plan?.outcome
    return outcome?.phase === "ERROR"
      ? { type: outcome.type, message: outcome.message, hasDetail: true }
      : undefined
  }

  const quoteOf = (job: Jobs.Job, timeline: Timeline.Timeline): number | undefined => {
    const plan = job.plan
    const queued = timeline.transitions.find((transition) => transition.phase === "QUEUED")
    // Before it is run, or while it is HELD, the server cannot say: "don't know" is nil.
    if (plan === undefined || queued === undefined || queued.at > now()) return undefined
    const factor = plan.quoteFactor ?? 1
    return queued.at + Math.round((plan.queue + plan.execution * factor) * 1000)
  }

  const view = (job: Jobs.Job): Document.JobView => {
    const timeline = jobs.timeline(job)
    const at = now()
    const phase = Timeline.phaseAt(timeline, at)
    const results =
      phase === "COMPLETED"
        ? worker.results(job).map((file) => ({
            id: file.id,
            href: `${jobUrl(job.id)}/results/${encodeURIComponent(file.id)}`,
            size: Buffer.byteLength(file.body, "utf8"),
            mimeType: file.mimeType
          }))
        : []
    return {
      id: job.id,
      runId: job.runId,
      owner: job.owner,
      phase,
      quote: quoteOf(job, timeline),
      created: job.created,
      start: Timeline.startTime(timeline, at),
      end: Timeline.endTime(timeline, at),
      executionDuration: job.executionDuration,
      destruction: job.destruction,
      parameters: job.parameters,
      results,
      error: errorSummary(job, timeline)
    }
  }

  const notFound = (id: string | undefined) =>
    plain(404, `There is no job ${JSON.stringify(id ?? "")} here: it never existed or it has been destroyed`)

  /** The request's job and form, or the reply that says why not. */
  const withJob =
    (
      handle: (job: Jobs.Job, form: Form.Form, request: Route.Request) => Route.Reply | Promise<Route.Reply>
    ) =>
    async (request: Route.Request): Promise<Route.Reply> => {
      const job = jobs.get(request.params.job ?? "")
      if (job === undefined) return notFound(request.params.job)
      const form = await Form.read(request)
      if (form instanceof Form.FormError) return plain(400, form.message, jobName(job))
      return handle(job, form, request)
    }

  const run = (job: Jobs.Job) => {
    const phase = jobs.phase(job)
    if (phase === "PENDING") {
      job.plan = worker.plan(job)
      job.runAt = now()
    } else if (phase === "HELD") job.releasedAt = now()
  }

  /** Applies the control parameters of a POST; a sentence when one is wrong (nothing is applied then). */
  const control = (job: Jobs.Job, form: Form.Form): string | undefined => {
    const phase = Form.get(form, "PHASE")
    const destruction = Form.get(form, "DESTRUCTION")
    const duration = Form.get(form, "EXECUTIONDURATION")
    const runId = Form.get(form, "RUNID")
    if (phase !== undefined && phase !== "RUN" && phase !== "ABORT")
      return `PHASE must be RUN or ABORT, not ${JSON.stringify(phase.slice(0, 40))}`
    const destroyAt = destruction === undefined ? undefined : instantOf(destruction)
    if (destruction !== undefined && destroyAt === undefined)
      return `DESTRUCTION must be an ISO 8601 date-time such as 2026-12-31T00:00:00Z, not ${JSON.stringify(destruction.slice(0, 40))}`
    if (duration !== undefined) {
      if (!/^\s*\d{1,12}\s*$/.test(duration))
        return `EXECUTIONDURATION must be a whole number of seconds (0 for no limit), not ${JSON.stringify(duration.slice(0, 40))}`
      const current = jobs.phase(job)
      if (current !== "PENDING" && current !== "HELD" && current !== "QUEUED")
        return `the execution duration can only change before the job executes; it is ${current}`
    }
    if (phase === "RUN") run(job)
    if (phase === "ABORT" && !Phase.isFinal(jobs.phase(job))) job.abortedAt = now()
    if (destroyAt !== undefined) job.destruction = destroyAt
    if (duration !== undefined) job.executionDuration = Number(duration)
    if (runId !== undefined) job.runId = runId
    jobs.changed(job)
    return undefined
  }

  const jobParameters = (form: Form.Form): ReadonlyArray<Jobs.Parameter> =>
    form.entries
      .filter(([name]) => !controls.has(name.toUpperCase()))
      .map(([name, value]) => ({ name, value }))

  const list = async (request: Route.Request): Promise<Route.Reply> => {
    const form = await Form.read(request)
    if (form instanceof Form.FormError) return plain(400, form.message)
    if (request.method === "POST") {
      const job = jobs.create({
        owner: ownerOf(request),
        runId: undefined,
        parameters: jobParameters(form),
        files: form.files
      })
      const refused = control(job, form)
      if (refused !== undefined) {
        jobs.destroy(job.id)
        return plain(400, refused)
      }
      return seeOther(jobUrl(job.id), jobName(job))
    }
    let chosen = jobs.all().map((job) => ({ job, phase: jobs.phase(job) }))
    // A 1.0 service knows no filters: it lists every job, as such a server would.
    if (version === "1.1") {
      const phases = Form.getAll(form, "PHASE")
      const unknown = phases.find((phase) => !Phase.isPhase(phase))
      if (unknown !== undefined)
        return plain(400, `PHASE must be a UWS phase, not ${JSON.stringify(unknown.slice(0, 40))}`)
      const afterText = Form.get(form, "AFTER")
      const after = afterText === undefined ? undefined : instantOf(afterText)
      if (afterText !== undefined && after === undefined)
        return plain(
          400,
          `AFTER must be an ISO 8601 date-time, not ${JSON.stringify(afterText.slice(0, 40))}`
        )
      const lastText = Form.get(form, "LAST")
      if (lastText !== undefined && !/^\s*\d{1,9}\s*$/.test(lastText))
        return plain(400, `LAST must be a whole number, not ${JSON.stringify(lastText.slice(0, 40))}`)
      if (phases.length > 0) chosen = chosen.filter(({ phase }) => phases.includes(phase))
      if (after !== undefined) chosen = chosen.filter(({ job }) => job.created > after)
      if (lastText !== undefined)
        // The most recently created first (as UWS 1.1 gives the LAST filter).
        chosen = [...chosen].sort((a, b) => b.job.created - a.job.created).slice(0, Number(lastText))
    }
    return xml(
      Document.jobs(
        chosen.map(({ job, phase }) => ({
          id: job.id,
          href: jobUrl(job.id),
          phase,
          runId: job.runId,
          owner: job.owner,
          created: job.created
        })),
        version
      )
    )
  }

  /** Answers now, or after a blocking `WAIT` (1.1 only), with the job document. */
  const show = async (job: Jobs.Job, form: Form.Form, request: Route.Request): Promise<Route.Reply> => {
    const waitText = version === "1.1" ? Form.get(form, "WAIT") : undefined
    if (waitText !== undefined) {
      if (!/^\s*-?\d{1,9}\s*$/.test(waitText))
        return plain(
          400,
          `WAIT must be a whole number of seconds (-1 for as long as the server allows), not ${JSON.stringify(waitText.slice(0, 40))}`,
          jobName(job)
        )
      const asked = Number(waitText)
      const seconds = asked < 0 ? options.maxWait : Math.min(asked, options.maxWait)
      const phase = jobs.phase(job)
      const expected = Form.get(form, "PHASE")
      if (seconds > 0 && Phase.isActive(phase) && (expected === undefined || expected === phase)) {
        await Wait.untilPhaseChanges({
          clock: context.clock,
          deadline: now() + seconds * 1000,
          phase: () => {
            const still = jobs.get(job.id)
            return still === undefined ? undefined : jobs.phase(still)
          },
          nextChange: () => Timeline.nextChange(jobs.timeline(job), now()),
          onChange: (listener) => jobs.onChange(job.id, listener),
          signal: request.signal,
          holds: options.holds
        })
        if (jobs.get(job.id) === undefined) return notFound(job.id)
      }
    }
    return xml(Document.job(view(job), version), jobName(job))
  }

  const jobRoute = withJob(async (job, form, request) => {
    if (
      request.method === "DELETE" ||
      (request.method === "POST" && Form.get(form, "ACTION") !== undefined)
    ) {
      const action = Form.get(form, "ACTION")
      if (request.method === "POST" && action !== "DELETE")
        return plain(400, `ACTION must be DELETE, not ${JSON.stringify(action?.slice(0, 40))}`, jobName(job))
      jobs.destroy(job.id)
      return seeOther(`${context.baseUrl()}${base}`, jobName(job))
    }
    if (request.method === "POST") {
      const refused = control(job, form)
      return refused === undefined
        ? seeOther(jobUrl(job.id), jobName(job))
        : plain(400, refused, jobName(job))
    }
    return show(job, form, request)
  })

  /** A part that answers GET with plain text and POST like the job (then 303 to the job). */
  const part = (name: string, path: string, read: (job: Jobs.Job) => string, post: boolean): Route.Route => ({
    name: `${family}.${name}`,
    methods: post ? ["GET", "POST"] : ["GET"],
    pattern: `${base}/:job/${path}`,
    handle: withJob((job, form, request) => {
      if (request.method === "POST") {
        const refused = control(job, form)
        return refused === undefined
          ? seeOther(jobUrl(job.id), jobName(job))
          : plain(400, refused, jobName(job))
      }
      return plain(200, read(job), jobName(job))
    })
  })

  return [
    { name: `${family}.jobs`, methods: ["GET", "POST"], pattern: base, handle: list },
    { name: `${family}.job`, methods: ["GET", "POST", "DELETE"], pattern: `${base}/:job`, handle: jobRoute },
    part("phase", "phase", (job) => jobs.phase(job), true),
    part(
      "quote",
      "quote",
      (job) => {
        const quote = view(job).quote
        return quote === undefined ? "" : new Date(quote).toISOString()
      },
      false
    ),
    part("executionDuration", "executionduration", (job) => String(job.executionDuration), true),
    part("destruction", "destruction", (job) => new Date(job.destruction).toISOString(), true),
    part("owner", "owner", (job) => job.owner ?? "", false),
    {
      name: `${family}.error`,
      methods: ["GET"],
      pattern: `${base}/:job/error`,
      handle: withJob((job) => {
        const summary = errorSummary(job, jobs.timeline(job))
        if (summary === undefined)
          return plain(404, `Job ${job.id} has no error: it is ${jobs.phase(job)}`, jobName(job))
        const detail = worker.errorDetail(job, summary)
        return {
          status: 200,
          headers: { "Content-Type": detail.contentType },
          body: detail.body,
          job: jobName(job)
        }
      })
    },
    {
      name: `${family}.parameters`,
      methods: ["GET", "POST"],
      pattern: `${base}/:job/parameters`,
      handle: withJob((job, form, request) => {
        if (request.method === "GET") return xml(Document.parameters(view(job)), jobName(job))
        if (jobs.phase(job) !== "PENDING")
          return plain(
            400,
            `The parameters of job ${job.id} can only change while it is PENDING; it is ${jobs.phase(job)}`,
            jobName(job)
          )
        const given = jobParameters(form)
        const names = new Set(given.map((parameter) => parameter.name.toUpperCase()))
        job.parameters = [
          ...job.parameters.filter((parameter) => !names.has(parameter.name.toUpperCase())),
          ...given
        ]
        job.files = new Map([...job.files, ...form.files])
        const refused = control(job, form)
        return refused === undefined
          ? seeOther(jobUrl(job.id), jobName(job))
          : plain(400, refused, jobName(job))
      })
    },
    {
      name: `${family}.results`,
      methods: ["GET"],
      pattern: `${base}/:job/results`,
      handle: withJob((job) => xml(Document.results(view(job), version), jobName(job)))
    },
    {
      name: `${family}.result`,
      methods: ["GET"],
      pattern: `${base}/:job/results/:result`,
      handle: withJob((job, _form, request) => {
        const file =
          jobs.phase(job) === "COMPLETED"
            ? worker.results(job).find((candidate) => candidate.id === request.params.result)
            : undefined
        if (file === undefined)
          return plain(
            404,
            `Job ${job.id} has no result ${JSON.stringify(request.params.result)}: it is ${jobs.phase(job)}`,
            jobName(job)
          )
        return { status: 200, headers: { "Content-Type": file.mimeType }, body: file.body, job: jobName(job) }
      })
    }
  ]
}
