/**
 * A job's plan: everything random about a UKSSDC job, drawn once when it is
 * submitted from the job's own random stream. What the server reports at any
 * moment is a function of the plan and the clock, so nothing runs in the
 * background and a job costs only these few numbers.
 */
import type { Ukssdc } from "@jobscope/core"
import type { Random } from "../internal/random.js"
import { recipes, type Unit } from "./Recipe.js"

/** When one product moves through its statuses, in epoch milliseconds. */
export interface ProductPlan {
  readonly product: Ukssdc.ProductKind
  /** Enters the queue (1 → 2). */
  readonly queuedAt: number
  /** Leaves the queue: status 3, or for `xastrom` status 5 while it waits for the PSF position. */
  readonly startsAt: number
  /** Starts its own steps (status 3): `startsAt`, or for `xastrom` when the PSF position is ready. */
  readonly runsAt: number
  /** Completes (status 4), unless it fails or is cancelled first. */
  readonly finishesAt: number
  /** Fails (-3) partway through its run, if it is drawn or scripted to. */
  readonly failsAt: number | undefined
  /** How many attempts it makes at its steps (the enhanced position's filter sets); 1 for most. */
  readonly attempts: number
  /** How long each step of its recipe takes within one attempt, in milliseconds. */
  readonly steps: ReadonlyArray<number>
}

/** A job's plan. */
export interface Plan {
  readonly submittedAt: number
  /** The target IDs whose observations the job uses, e.g. `00081637`. */
  readonly targets: ReadonlyArray<string>
  /** How many items the repeating steps go through. */
  readonly counts: Readonly<Record<Unit, number>>
  /** The products asked for, in the order the server lists them. */
  readonly products: ReadonlyArray<ProductPlan>
}

/** What a plan is drawn from. */
export interface PlanInput {
  readonly submittedAt: number
  readonly products: ReadonlyArray<Ukssdc.ProductKind>
  readonly targets: ReadonlyArray<string>
  /** The shortest and longest job, in milliseconds. */
  readonly duration: { readonly min: number; readonly max: number }
  readonly failureProbability: number
  /** Products scripted to fail halfway through their run. */
  readonly failing: ReadonlySet<Ukssdc.ProductKind>
}

const between = (random: Random, min: number, max: number): number => min + (max - min) * random.next()

/** Instants are whole milliseconds, so that a `Date` holds them exactly. */
const instant = Math.round

/** The dataset a repeating step works on: observation `index` (0-based) of the job's targets. */
export const observationName = (plan: Plan, index: number): string => {
  const targets = plan.targets
  const target = targets[index % targets.length] ?? "00000000"
  const segment = Math.floor(index / targets.length) + 1
  return `Obs_${target}${String(segment).padStart(3, "0")}`
}

/** Splits a run into its recipe's steps, each weighted and jittered by ±40 %. */
const stepDurations = (random: Random, product: Ukssdc.ProductKind, attemptLength: number) => {
  const weights = recipes[product].steps.map((step) => step.weight * between(random, 0.6, 1.4))
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  return weights.map((weight) => (attemptLength * weight) / total)
}

/**
 * Draws a job's plan. The job as a whole takes a duration drawn between
 * `duration.min` and `duration.max`: its slowest product completes exactly
 * then; the others queue briefly, run, and complete before it. `xastrom`
 * waits (status 5) until `psf` completes, or, when the job has no `psf`,
 * for a PSF position of its own.
 */
export const draw = (random: Random, input: PlanInput): Plan => {
  const { submittedAt } = input
  const length = Math.round(between(random, input.duration.min, input.duration.max))
  const end = submittedAt + length
  const observations = random.int(2, 60)
  const counts = { observations, snapshots: observations * random.int(1, 3), iterations: random.int(2, 5) }
  const hasXastrom = input.products.includes("xastrom")
  const drawn = input.products.map((product) => {
    const queuedAt = instant(submittedAt + length * between(random, 0.002, 0.02))
    const startsAt = instant(queuedAt + length * between(random, 0.03, 0.12))
    const share = product === "psf" && hasXastrom ? between(random, 0.25, 0.5) : between(random, 0.45, 0.95)
    const finishesAt = instant(startsAt + (end - startsAt) * share)
    return { product, queuedAt, startsAt, finishesAt, fate: random.next() }
  })
  const psf = drawn.find((product) => product.product === "psf")
  const timed = drawn.map((product) => {
    if (product.product !== "xastrom") return { ...product, runsAt: product.startsAt }
    const psfReady =
      psf?.finishesAt ?? instant(product.startsAt + (end - product.startsAt) * between(random, 0.25, 0.5))
    const runsAt = Math.max(product.startsAt, psfReady)
    return { ...product, runsAt, finishesAt: instant(runsAt + (end - runsAt) * between(random, 0.6, 0.95)) }
  })
  const slowest = timed.reduce((a, b) => (b.finishesAt > a.finishesAt ? b : a))
  const products = timed.map((product): ProductPlan => {
    const finishesAt = product === slowest ? end : product.finishesAt
    const run = finishesAt - product.runsAt
    const possible = recipes[product.product].attempts?.length ?? 1
    const attempts = possible > 1 ? random.int(1, 2) : 1
    const failsAt = input.failing.has(product.product)
      ? instant(product.runsAt + run / 2)
      : product.fate < input.failureProbability
        ? instant(product.runsAt + run * between(random, 0.1, 0.9))
        : undefined
    return {
      product: product.product,
      queuedAt: product.queuedAt,
      startsAt: product.startsAt,
      runsAt: product.runsAt,
      finishesAt,
      failsAt,
      attempts,
      steps: stepDurations(random, product.product, run / attempts)
    }
  })
  return { submittedAt, targets: input.targets, counts, products }
}
