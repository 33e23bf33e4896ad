/**
 * The neutral progress tree of `@jobscope/core` (`Progress.Step`), as JSON: a
 * saved or transmitted step list, nesting limited as in the core.
 */
import * as z from "zod"
import { boundedTree } from "./internal/boundedTree.js"
import { readonlyArray } from "./internal/readonlyArray.js"

export { maxDepth } from "./internal/boundedTree.js"

/** Where a step stands: not reached yet, being worked on, or finished. */
export const State = z.enum(["pending", "active", "done"])

/** Where a step stands. */
export type State = z.output<typeof State>

/** A count parsed from a step's text, such as 14 of 156 spectra. */
export const Counter = z.object({
  /** The item being worked on, counted from 1. */
  current: z.int().min(0),
  /** How many items there are in all. */
  total: z.int().positive()
})

/** A count parsed from a step's text. */
export type Counter = z.output<typeof Counter>

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

const StepNode: z.ZodType<Step, Step> = z.object({
  label: z.string(),
  state: State,
  extra: z.exactOptional(z.string()),
  counter: z.exactOptional(Counter),
  get children() {
    return readonlyArray(StepNode)
  }
})

/** One step, nesting at most {@link maxDepth} levels (deeper is an issue at the offending `children`). */
export const Step = boundedTree(StepNode, "children")

/** A step list, as a task's progress. */
export const Steps = readonlyArray(Step)

/** A step list. */
export type Steps = ReadonlyArray<Step>
