/**
 * One neutral, recursive progress tree that every API maps onto, with the folds
 * renderers and progress bars need: the active path, the fraction done, step
 * counts, and the changes between two polls.
 *
 * @example
 * ```ts
 * import { Progress } from "@jobscope/core"
 *
 * const steps = [
 *   Progress.make("Prepare data.", "done"),
 *   Progress.make("Build spectra.", "active", { extra: "Working on spectrum: Obs_1 (14/156)" })
 * ]
 * Progress.fraction(steps) // 0.5416…: one step done, the second 13/156 of the way
 * ```
 */
import * as Schema from "effect/Schema"
import { unroll } from "./internal/boundedTree.js"

export { maxDepth } from "./internal/boundedTree.js"

/** Where a step stands: not reached yet, being worked on, or finished. */
export const State = Schema.Literals(["pending", "active", "done"])

/** Where a step stands: not reached yet, being worked on, or finished. */
export type State = typeof State.Type

/** A count parsed from a step's text, such as 14 of 156 spectra. */
export const Counter = Schema.Struct({
  /** The item being worked on, counted from 1. */
  current: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  /** How many items there are in all. */
  total: Schema.Int.check(Schema.isGreaterThan(0))
})

/** A count parsed from a step's text, such as 14 of 156 spectra. */
export interface Counter extends Schema.Schema.Type<typeof Counter> {}

/** One step of a job, possibly with sub-steps. */
export interface Step {
  readonly label: string
  readonly state: State
  /** Extra text the server gave about the step, such as which dataset it is on. */
  readonly extra?: string
  /** A count parsed from `extra`, when it holds one. */
  readonly counter?: Counter
  readonly children: ReadonlyArray<Step>
}

/** A step list, as a task's progress. */
export type Steps = ReadonlyArray<Step>

/**
 * The schema of a {@link Step}: JSON-safe on both sides, nesting limited to
 * {@link maxDepth} levels.
 */
export const Step: Schema.Codec<Step> = unroll<Step, Step>((children) =>
  Schema.Struct({
    label: Schema.String,
    state: State,
    extra: Schema.optionalKey(Schema.String),
    counter: Schema.optionalKey(Counter),
    children: children
  })
)

/** The schema of a step list. */
export const Steps: Schema.Codec<Steps> = Schema.Array(Step)

/**
 * Builds a step; the counter is parsed from `extra` unless one is given.
 *
 * @example
 * ```ts
 * Progress.make("Build spectra.", "active", { extra: "Working on spectrum (14/156)" }).counter
 * // { current: 14, total: 156 }
 * ```
 */
export const make = (
  label: string,
  state: State,
  options: { readonly extra?: string; readonly counter?: Counter; readonly children?: Steps } = {}
): Step => {
  const counter = options.counter ?? (options.extra === undefined ? undefined : parseCounter(options.extra))
  return {
    label,
    state,
    ...(options.extra === undefined ? {} : { extra: options.extra }),
    ...(counter === undefined ? {} : { counter }),
    children: options.children ?? []
  }
}

const counterPattern = /(\d+)\s*(?:\/|\bof\b)\s*(\d+)/g

/**
 * Finds a count such as "(14/156)", "2 / 121" or "3 of 10" in free text; the
 * last one wins, since servers put the running count at the end.
 */
export const parseCounter = (text: string): Counter | undefined => {
  let found: Counter | undefined
  for (const match of text.matchAll(counterPattern)) {
    const current = Number(match[1])
    const total = Number(match[2])
    if (total > 0 && current <= total && Number.isSafeInteger(current) && Number.isSafeInteger(total)) {
      found = { current, total }
    }
  }
  return found
}

/**
 * The chain of active steps from the top down: the active top-level step, its
 * active sub-step, and so on. Empty when nothing is active.
 */
export const activePath = (steps: Steps): ReadonlyArray<Step> => {
  const path: Array<Step> = []
  let level = steps
  for (;;) {
    const active = level.find((step) => step.state === "active")
    if (active === undefined) return path
    path.push(active)
    level = active.children
  }
}

/**
 * How far through its steps a task is, from 0 to 1. Top-level steps weigh the
 * same; an active step counts for the items its counter says are finished, or
 * else for the fraction of its own sub-steps.
 */
export const fraction = (steps: Steps): number => {
  if (steps.length === 0) return 0
  let sum = 0
  for (const step of steps) sum += stepFraction(step)
  return sum / steps.length
}

const stepFraction = (step: Step): number => {
  switch (step.state) {
    case "done":
      return 1
    case "pending":
      return 0
    case "active": {
      const inner = fraction(step.children)
      if (step.counter === undefined) return inner
      const { current, total } = step.counter
      return Math.min(1, (Math.max(current - 1, 0) + inner) / total)
    }
  }
}

/** How many steps of a list are in each state. */
export interface Counts {
  readonly done: number
  readonly active: number
  readonly pending: number
  readonly total: number
}

/** Counts the top-level steps in each state (sub-steps are a step's own business). */
export const counts = (steps: Steps): Counts => {
  let done = 0
  let active = 0
  for (const step of steps) {
    if (step.state === "done") done++
    else if (step.state === "active") active++
  }
  return { done, active, pending: steps.length - done - active, total: steps.length }
}

/** How deep a step list nests: 0 for no steps, 1 for a flat list. */
export const depth = (steps: Steps): number => {
  let deepest = 0
  for (const step of steps) deepest = Math.max(deepest, 1 + depth(step.children))
  return deepest
}

/** Where a step sits: its index at each level, and the labels along the way. */
export const Location = Schema.Struct({
  indices: Schema.Array(Schema.Int),
  labels: Schema.Array(Schema.String)
})

/** Where a step sits: its index at each level, and the labels along the way. */
export interface Location extends Schema.Schema.Type<typeof Location> {}

/** A step became active; `extra` is its text at that moment. */
export const StepStarted = Schema.TaggedStruct("StepStarted", {
  at: Location,
  extra: Schema.optionalKey(Schema.String)
})

/** A step became done. */
export const StepDone = Schema.TaggedStruct("StepDone", { at: Location })

/** A step's counter moved (`from` is absent when it had none). */
export const CounterAdvanced = Schema.TaggedStruct("CounterAdvanced", {
  at: Location,
  from: Schema.optionalKey(Counter),
  to: Counter
})

/** A change between two polls of the same step list. */
export type Change = typeof StepStarted.Type | typeof StepDone.Type | typeof CounterAdvanced.Type

/**
 * The steps as they stand once their task has succeeded: every one done, at
 * every level, counters as they were. A server that stops reporting steps
 * when a task completes (UKSSDC) leaves the last ones unfinished otherwise.
 */
export const completed = (steps: Steps): Steps =>
  steps.map((step) =>
    step.state === "done" && step.children.length === 0
      ? step
      : { ...step, state: "done", children: completed(step.children) }
  )

/**
 * The changes between two polls: steps that became active, steps that became
 * done (including ones a poll skipped straight past), and counters that moved.
 *
 * Steps are matched by position; a position whose label changed is treated as
 * a new step. Sub-steps that cycle back to pending (one pass per dataset) are
 * expected and produce no change of their own.
 */
export const diff = (previous: Steps, next: Steps): ReadonlyArray<Change> => {
  const changes: Array<Change> = []
  diffLevel(previous, next, [], [], changes)
  return changes
}

const diffLevel = (
  previous: Steps,
  next: Steps,
  indices: ReadonlyArray<number>,
  labels: ReadonlyArray<string>,
  changes: Array<Change>
): void => {
  next.forEach((step, index) => {
    const before = previous[index]
    const was = before !== undefined && before.label === step.label ? before : undefined
    const at: Location = { indices: [...indices, index], labels: [...labels, step.label] }
    const wasState = was?.state ?? "pending"
    if (step.state === "active" && wasState !== "active") {
      changes.push({ _tag: "StepStarted", at, ...(step.extra === undefined ? {} : { extra: step.extra }) })
    } else if (step.state === "done" && wasState !== "done") {
      changes.push({ _tag: "StepDone", at })
    }
    if (step.counter !== undefined && !sameCounter(was?.counter, step.counter)) {
      const from = was?.counter
      changes.push({ _tag: "CounterAdvanced", at, ...(from === undefined ? {} : { from }), to: step.counter })
    }
    diffLevel(was?.children ?? [], step.children, at.indices, at.labels, changes)
  })
}

const sameCounter = (a: Counter | undefined, b: Counter): boolean =>
  a !== undefined && a.current === b.current && a.total === b.total
