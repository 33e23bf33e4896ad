/**
 * One simulated TOM process: a plan fixed at creation (its PK, target,
 * identifier, creation time and script) and its state at any instant, a pure
 * function of the plan and the clock. The log at a later instant always
 * starts with the log at an earlier one: logs only grow.
 */
import type { Tom } from "@jobscope/core"
import type * as Script from "./Script.js"

/** A process as created. */
export interface Plan {
  /** The process's primary key; a pipeline's page is `/pipeline/<pk>`. */
  readonly pk: number
  /** The PK of its target. */
  readonly target: number
  readonly kind: Script.Kind
  readonly identifier: string
  readonly created: Date
  readonly script: Script.Script
  /** The data product group a successful pipeline's outputs go to. */
  readonly groupId: number
}

/** Where a process stands at an instant. */
export interface State {
  /** `pending`, a script's own words, `created` or `failed`. */
  readonly status: string
  /** The log so far, a line per `\n`-terminated line. */
  readonly logs: string
  /** When it finished or failed, `null` while it runs. */
  readonly terminal: Date | null
  readonly failureMessage: string | null
}

/** A wait in whole milliseconds, the resolution of the clock and of every time reported. */
const millis = (seconds: number): number => Math.round(seconds * 1000)

const lines = (logs: ReadonlyArray<string> | undefined): string =>
  (logs ?? []).map((line) => `${line}\n`).join("")

/** Where a process stands at `now`: the steps whose time has come (to the millisecond) applied in order. */
export const stateAt = (plan: Plan, now: Date): State => {
  const time = now.getTime()
  let at = plan.created.getTime()
  let status = "pending"
  let logs = ""
  const running = (): State => ({ status, logs, terminal: null, failureMessage: null })
  for (const step of plan.script.steps) {
    at += millis(step.after)
    if (at > time) return running()
    status = step.status
    logs += lines(step.logs)
  }
  const end = plan.script.end
  at += millis(end.after)
  if (at > time) return running()
  return {
    status: end.outcome,
    logs: logs + lines(end.logs),
    terminal: new Date(at),
    failureMessage: end.outcome === "failed" ? end.failureMessage : null
  }
}

/** The relative URL of a process's page: pipelines only. */
export const viewUrl = (plan: Plan): string | null =>
  plan.kind === "pipeline" ? `/pipeline/${plan.pk}` : null

const processOf = (plan: Plan, state: State): Tom.AsyncProcess => ({
  identifier: plan.identifier,
  created: plan.created,
  status: state.status,
  terminal_timestamp: state.terminal,
  failure_message: state.failureMessage,
  view_url: viewUrl(plan)
})

/** A process as the async status API reports it at `now`. */
export const toAsyncProcess = (plan: Plan, now: Date): Tom.AsyncProcess => processOf(plan, stateAt(plan, now))

/** A pipeline as the pipeline logs API reports it at `now`: the output group appears once it succeeded. */
export const toPipelineLogs = (plan: Plan, now: Date): Tom.PipelineLogs => {
  const state = stateAt(plan, now)
  const grouped = state.status === "created"
  return {
    ...processOf(plan, state),
    logs: state.logs,
    group_name: grouped ? `${plan.identifier}_outputs` : null,
    group_url: grouped ? `/dataproducts/data/group/${plan.groupId}/` : null
  }
}
