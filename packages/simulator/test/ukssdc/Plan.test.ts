import { describe, expect, it } from "@effect/vitest"
import type { Ukssdc } from "@jobscope/core"
import * as Random from "../../src/internal/random.js"
import * as Plan from "../../src/ukssdc/Plan.js"
import { recipes } from "../../src/ukssdc/Recipe.js"

const products: ReadonlyArray<Ukssdc.ProductKind> = ["lc", "spec", "enh", "psf", "xastrom", "image"]
const minute = 60_000

const draw = (seed: number, overrides: Partial<Plan.PlanInput> = {}) =>
  Plan.draw(Random.make(seed).fork("job/1"), {
    submittedAt: 1_000_000,
    products,
    targets: ["00081637"],
    duration: { min: 10 * minute, max: 30 * minute },
    failureProbability: 0,
    failing: new Set(),
    ...overrides
  })

describe("Plan.draw", () => {
  it("ends the job's slowest product within the duration range, every product in order 1 → 2 → 3 → 4", () => {
    const lengths = []
    for (let seed = 0; seed < 300; seed++) {
      const plan = draw(seed)
      const end = Math.max(...plan.products.map((product) => product.finishesAt))
      lengths.push(end - plan.submittedAt)
      for (const product of plan.products) {
        expect(product.queuedAt).toBeGreaterThan(plan.submittedAt)
        expect(product.startsAt).toBeGreaterThan(product.queuedAt)
        expect(product.runsAt).toBeGreaterThanOrEqual(product.startsAt)
        expect(product.finishesAt).toBeGreaterThan(product.runsAt)
        for (const instant of [product.queuedAt, product.startsAt, product.runsAt, product.finishesAt])
          expect(Number.isInteger(instant)).toBe(true)
        const steps = product.steps.reduce((sum, duration) => sum + duration, 0) * product.attempts
        expect(steps).toBeCloseTo(product.finishesAt - product.runsAt, 3)
        expect(product.steps).toHaveLength(recipes[product.product].steps.length)
      }
    }
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(10 * minute)
    expect(Math.max(...lengths)).toBeLessThanOrEqual(30 * minute)
    // spread over the range, not bunched at one end
    expect(Math.min(...lengths)).toBeLessThan(12 * minute)
    expect(Math.max(...lengths)).toBeGreaterThan(28 * minute)
  })

  it("starts the astrometry's own steps when the PSF position completes, or a PSF position of its own", () => {
    for (let seed = 0; seed < 100; seed++) {
      const plan = draw(seed)
      const psf = plan.products.find((product) => product.product === "psf")!
      const xastrom = plan.products.find((product) => product.product === "xastrom")!
      expect(xastrom.runsAt).toBe(Math.max(xastrom.startsAt, psf.finishesAt))
      const alone = draw(seed, { products: ["xastrom"] }).products[0]!
      expect(alone.runsAt).toBeGreaterThan(alone.startsAt)
    }
  })

  it("fails products at the drawn rate, partway through their run", () => {
    let failed = 0
    let total = 0
    for (let seed = 0; seed < 500; seed++) {
      for (const product of draw(seed, { failureProbability: 0.2 }).products) {
        total++
        if (product.failsAt === undefined) continue
        failed++
        expect(product.failsAt).toBeGreaterThan(product.runsAt)
        expect(product.failsAt).toBeLessThan(product.finishesAt)
      }
    }
    expect(failed / total).toBeGreaterThan(0.17)
    expect(failed / total).toBeLessThan(0.23)
  })

  it("fails a scripted product halfway through its run, and only that one", () => {
    const plan = draw(5, { failing: new Set(["spec"]) })
    const spec = plan.products.find((product) => product.product === "spec")!
    expect(spec.failsAt).toBe(Math.round((spec.runsAt + spec.finishesAt) / 2))
    expect(plan.products.filter((product) => product.failsAt !== undefined)).toHaveLength(1)
  })

  it("names observations after the job's targets, cycling through them", () => {
    const plan = draw(1, { targets: ["00010873", "00010907"] })
    expect([0, 1, 2, 3].map((i) => Plan.observationName(plan, i))).toEqual([
      "Obs_00010873001",
      "Obs_00010907001",
      "Obs_00010873002",
      "Obs_00010907002"
    ])
  })
})
