/**
 * The simulated async-process API of a TOM Toolkit site built on
 * tom_education: `GET /api/async/status/<target>/` lists a target's processes
 * (timelapses and pipelines) most recent first with the server's clock, and
 * `GET /api/pipeline/logs/<pk>/` gives a pipeline with its log so far. Processes
 * come from the options, from {@link Api.addProcess}, or over HTTP from
 * `POST /_sim/tom/processes` (for a demo or a web page). Every reply is encoded
 * with the core's schemas; anything unknown is a 404 `{"detail": "Not found."}`.
 */
import { DecodeError, Tom } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Route from "../Route.js"
import * as Process from "./Process.js"
import * as Script from "./Script.js"
import * as Targets from "./Targets.js"

/** A target to have at start. */
export interface TargetOptions {
  /** The target's primary key, as in `/api/async/status/<pk>/`. */
  readonly pk: number
  /** Its name, used in generated identifiers (default: `target<pk>`). */
  readonly name?: string
  /** Processes created at start (default: none). */
  readonly processes?: ReadonlyArray<Script.ProcessSpec>
}

/** How the simulated TOM is set up. */
export interface Options {
  /** Targets and processes at start (default: none; a target also appears when a process is added to it). */
  readonly targets?: ReadonlyArray<TargetOptions>
  /** The chance that a generated script fails, from 0 to 1 (default: 0.25). */
  readonly failureRate?: number
  /** The PK of the first process (default: 1). */
  readonly firstProcessPk?: number
}

/** A process as a test sees it: its plan's facts and where it stands now. */
export interface ProcessView extends Process.State {
  readonly pk: number
  readonly target: number
  readonly kind: Script.Kind
  readonly identifier: string
  readonly created: Date
  /** `/pipeline/<pk>` for a pipeline, `null` for a timelapse. */
  readonly viewUrl: string | null
}

/** The simulated TOM: its routes, and controls for tests. */
export interface Api extends Route.Api {
  /** Adds a target, or renames one. */
  readonly addTarget: (pk: number, name?: string) => void
  /**
   * Creates a process on a target now (adding the target if it is new). Throws
   * a `DecodeError` for an invalid spec, a `RangeError` for an identifier the
   * target already has.
   */
  readonly addProcess: (target: number, spec: Script.ProcessSpec) => ProcessView
  /** A target's processes as they stand now, most recent first (empty for an unknown target). */
  readonly processes: (target: number) => ReadonlyArray<ProcessView>
}

/** The body of `POST /_sim/tom/processes`: a target and a process spec. */
export const CreateRequest = Schema.Struct({
  /** The target's PK; an unknown one is added. */
  target: Schema.Int.check(
    Schema.makeFilter((pk: number) => pk >= 1 || `must be a target PK ≥ 1, got ${pk}`)
  ),
  /** The target's name when it is new, or its new name (default: `target<pk>` for a new target). */
  targetName: Schema.optionalKey(
    Schema.String.check(Schema.makeFilter((name: string) => name.trim() !== "" || "must not be empty"))
  ),
  ...Script.processSpecFields
}).check(Script.oneWay)

/** The body of `POST /_sim/tom/processes`. */
export interface CreateRequest extends Schema.Schema.Type<typeof CreateRequest> {}

/** The reply of `POST /_sim/tom/processes` (201): the process created and where to poll it. */
export const Created = Schema.Struct({
  target: Schema.Int,
  pk: Schema.Int,
  kind: Script.Kind,
  process: Tom.AsyncProcess,
  /** The relative URL of the target's process list. */
  status_url: Schema.String,
  /** The relative URL of the pipeline's log, `null` for a timelapse. */
  logs_url: Schema.NullOr(Schema.String)
})

/** The reply of `POST /_sim/tom/processes`. */
export interface Created extends Schema.Schema.Type<typeof Created> {}

const encodeStatus = Schema.encodeSync(Tom.AsyncStatusResponse)
const encodeLogs = Schema.encodeSync(Tom.PipelineLogs)
// Django REST framework answers every error with {"detail": ...}, the shape of NotFound.
const encodeDetail = Schema.encodeSync(Tom.NotFound)
const encodeCreated = Schema.encodeSync(Created)
const decodeCreateRequest = DecodeError.decodeJson(CreateRequest, "TOM process to create")
const decodeSpec = DecodeError.decodeUnknown(Script.ProcessSpec, "TOM process spec")

const reply = (status: number, body: unknown, job?: string): Route.Reply => ({
  status,
  body: JSON.stringify(body),
  ...(job === undefined ? {} : { job })
})

const notFound = (): Route.Reply => reply(404, encodeDetail({ detail: "Not found." }))

/** A path parameter that is a PK, or undefined. */
const pkOf = (text: string | undefined): number | undefined =>
  text !== undefined && /^[1-9]\d{0,14}$/.test(text) ? Number(text) : undefined

/** Most recently created first; processes created at the same instant, the later PK first. */
const newestFirst = (a: Process.Plan, b: Process.Plan): number =>
  b.created.getTime() - a.created.getTime() || b.pk - a.pk

/** Makes the simulated TOM. */
export const make = (context: Route.Context, options: Options = {}): Api => {
  const failureRate = options.failureRate ?? 0.25
  if (!(failureRate >= 0 && failureRate <= 1))
    throw new RangeError(`failureRate must be from 0 to 1, not ${failureRate}`)
  const firstProcessPk = options.firstProcessPk ?? 1
  if (!(Number.isSafeInteger(firstProcessPk) && firstProcessPk >= 1))
    throw new RangeError(`firstProcessPk must be a whole number ≥ 1, not ${firstProcessPk}`)
  const store = Targets.make({ random: context.random, failureRate, firstProcessPk })

  const view = (plan: Process.Plan): ProcessView => ({
    ...Process.stateAt(plan, context.clock.now()),
    pk: plan.pk,
    target: plan.target,
    kind: plan.kind,
    identifier: plan.identifier,
    created: plan.created,
    viewUrl: Process.viewUrl(plan)
  })

  const addProcess = (target: number, spec: Script.ProcessSpec): Process.Plan => {
    const decoded = decodeSpec(spec)
    if (Result.isFailure(decoded)) throw decoded.failure
    const added = store.add(target, decoded.success, context.clock.now())
    if (Result.isFailure(added)) throw new RangeError(added.failure)
    return added.success
  }

  for (const target of options.targets ?? []) {
    store.addTarget(target.pk, target.name)
    for (const spec of target.processes ?? []) addProcess(target.pk, spec)
  }

  const status = (request: Route.Request): Route.Reply => {
    const pk = pkOf(request.params.target)
    const target = pk === undefined ? undefined : store.target(pk)
    if (target === undefined) return notFound()
    const now = context.clock.now()
    return reply(
      200,
      encodeStatus({
        timestamp: now,
        processes: [...target.processes].sort(newestFirst).map((plan) => Process.toAsyncProcess(plan, now))
      }),
      `tom/target/${target.pk}`
    )
  }

  const logs = (request: Route.Request): Route.Reply => {
    const pk = pkOf(request.params.pk)
    const plan = pk === undefined ? undefined : store.process(pk)
    // A timelapse has a PK too, but no pipeline behind it.
    if (plan === undefined || plan.kind !== "pipeline") return notFound()
    return reply(
      200,
      encodeLogs(Process.toPipelineLogs(plan, context.clock.now())),
      `tom/pipeline/${plan.pk}`
    )
  }

  const create = (request: Route.Request): Route.Reply => {
    const decoded = decodeCreateRequest(request.body)
    if (Result.isFailure(decoded)) return reply(400, encodeDetail({ detail: decoded.failure.message }))
    const { target, targetName, ...spec } = decoded.success
    if (targetName !== undefined) store.addTarget(target, targetName)
    const added = store.add(target, spec, context.clock.now())
    if (Result.isFailure(added)) return reply(409, encodeDetail({ detail: added.failure }))
    const plan = added.success
    return reply(
      201,
      encodeCreated({
        target,
        pk: plan.pk,
        kind: plan.kind,
        process: Process.toAsyncProcess(plan, context.clock.now()),
        status_url: `/api/async/status/${target}/`,
        logs_url: plan.kind === "pipeline" ? `/api/pipeline/logs/${plan.pk}/` : null
      }),
      plan.kind === "pipeline" ? `tom/pipeline/${plan.pk}` : `tom/target/${target}`
    )
  }

  return {
    routes: [
      { name: "tom.status", methods: ["GET"], pattern: "/api/async/status/:target/", handle: status },
      { name: "tom.logs", methods: ["GET"], pattern: "/api/pipeline/logs/:pk/", handle: logs },
      { name: "tom.admin.create", methods: ["POST"], pattern: "/_sim/tom/processes", handle: create }
    ],
    addTarget: store.addTarget,
    addProcess: (target, spec) => view(addProcess(target, spec)),
    processes: (target) => [...(store.target(target)?.processes ?? [])].sort(newestFirst).map(view)
  }
}
