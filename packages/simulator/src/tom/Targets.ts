/**
 * The simulated TOM's targets and their processes. A process's plan is fixed
 * when it is created (its script drawn from its own random stream when not
 * given), so its state is a pure function of the plan and the clock.
 */
import * as Result from "effect/Result"
import type { Random } from "../internal/random.js"
import type * as Process from "./Process.js"
import * as Script from "./Script.js"

/** A target and its processes, oldest first. */
export interface Target {
  readonly pk: number
  readonly name: string
  readonly processes: ReadonlyArray<Process.Plan>
}

/** How the store is set up. */
export interface Options {
  readonly random: Random
  /** The chance a generated script fails, 0 to 1. */
  readonly failureRate: number
  readonly firstProcessPk: number
}

/** All targets and processes. */
export interface Store {
  /** Adds a target, or renames one. */
  readonly addTarget: (pk: number, name?: string) => void
  readonly target: (pk: number) => Target | undefined
  /** A process of any target, by its PK. */
  readonly process: (pk: number) => Process.Plan | undefined
  /** Creates a process at `now` on a target (added if new), or says why it cannot. */
  readonly add: (target: number, spec: Script.ProcessSpec, now: Date) => Result.Result<Process.Plan, string>
}

const two = (n: number): string => String(n).padStart(2, "0")

/** A creation time as tom_education writes it in identifiers: `2019-08-02-100944`. */
const stamp = (date: Date): string =>
  `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}-${two(
    date.getUTCHours()
  )}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}`

const prefixes: Readonly<Record<Script.Kind, string>> = { timelapse: "timelapse", pipeline: "astrosource" }
const suffixes: Readonly<Record<Script.Kind, string>> = { timelapse: ".webm", pipeline: "" }

/** Makes an empty store. */
export const make = (options: Options): Store => {
  const targets = new Map<number, { pk: number; name: string; processes: Array<Process.Plan> }>()
  const processes = new Map<number, Process.Plan>()
  let nextPk = options.firstProcessPk
  let nextGroup = 1

  const targetOf = (pk: number, name?: string) => {
    if (!Number.isSafeInteger(pk) || pk < 1)
      throw new RangeError(`a target PK must be a whole number ≥ 1, not ${pk}`)
    if (name !== undefined && name.trim() === "") throw new RangeError("a target's name must not be empty")
    const known = targets.get(pk)
    if (known !== undefined) {
      if (name !== undefined) known.name = name
      return known
    }
    const target = { pk, name: name ?? `target${pk}`, processes: [] }
    targets.set(pk, target)
    return target
  }

  const add: Store["add"] = (targetPk, spec, now) => {
    const target = targetOf(targetPk)
    const taken = (identifier: string) => target.processes.some((plan) => plan.identifier === identifier)
    if (spec.identifier !== undefined && taken(spec.identifier))
      return Result.fail(
        `identifier ${JSON.stringify(spec.identifier)} is already used by another process of target ${targetPk}`
      )
    let identifier = spec.identifier
    if (identifier === undefined) {
      const base = `${prefixes[spec.kind]}_${target.name.replace(/\s+/g, "_")}_${stamp(now)}`
      identifier = `${base}${suffixes[spec.kind]}`
      for (let n = 2; taken(identifier); n++) identifier = `${base}-${n}${suffixes[spec.kind]}`
    }
    const pk = nextPk++
    const random = options.random.fork(`process/${pk}`)
    const script =
      spec.script ??
      Script.generate(
        spec.kind,
        spec.outcome ?? (random.next() < options.failureRate ? "failed" : "created"),
        random
      )
    const plan: Process.Plan = {
      pk,
      target: targetPk,
      kind: spec.kind,
      identifier,
      created: now,
      script,
      groupId: nextGroup++
    }
    target.processes.push(plan)
    processes.set(pk, plan)
    return Result.succeed(plan)
  }

  return {
    addTarget: (pk, name) => {
      targetOf(pk, name)
    },
    target: (pk) => targets.get(pk),
    process: (pk) => processes.get(pk),
    add
  }
}
