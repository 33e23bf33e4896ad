/**
 * The zod schemas and the core's agree: on every fixture, on every value the
 * core generates, and on values broken in every way a mutation can break them.
 *
 * "Equal" is precise: zod returns the wire shape and the core decodes it, so
 * zod's output must decode, through the core, to what the input decodes to,
 * and must have the same keys as the core's canonical wire form
 * (`encode(decode(input))`); on values already canonical (all the generated
 * ones), zod's output is that canonical form exactly. The one difference made
 * on purpose: zod drops a record's key named `__proto__`, which the core keeps,
 * so comparisons leave such keys out (and a test below pins the difference).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import { fixture, fixtureNames } from "./fixtures.js"
import {
  asJson,
  canonical,
  coreAccepts,
  decoded,
  type Format,
  formatEntries,
  formatOfFixture,
  formats,
  withoutProtoKeys,
  zodAccepts
} from "./formats.js"
import { get, Mutation, mutate, places, removeAt, replaceAt } from "./mutation.js"

/** Every key and index path in a JSON value, as text. */
const keyPaths = (value: unknown): ReadonlyArray<string> =>
  places(value)
    .map((path) => JSON.stringify(path))
    .sort()

/** zod's output, as JSON without `__proto__` keys (see the header). */
const parseWithZod = (format: Format, value: unknown): unknown => {
  const result = format.zod.safeParse(value)
  if (!result.success) throw new Error(`zod rejects it: ${result.error.message}`)
  return withoutProtoKeys(asJson(result.data))
}

/** Asserts both accept a value and agree on it, as the header says. */
const expectEqualAcceptance = (format: Format, value: unknown): void => {
  const parsed = parseWithZod(format, value)
  expect(coreAccepts(format, value)).toBe(true)
  expect(withoutProtoKeys(decoded(format, parsed))).toEqual(withoutProtoKeys(decoded(format, value)))
  const wire = withoutProtoKeys(canonical(format, value))
  expect(keyPaths(parsed)).toEqual(keyPaths(wire))
  // On the canonical form, zod changes nothing.
  expect(parseWithZod(format, wire)).toEqual(wire)
}

const expectSameVerdict = (format: Format, value: unknown, what: string): boolean => {
  const zod = zodAccepts(format, value)
  expect(
    zod,
    `${what}: zod ${zod ? "accepts" : "rejects"} what the core ${zod ? "rejects" : "accepts"}`
  ).toBe(coreAccepts(format, value))
  return zod
}

describe("agreement on the seed examples", () => {
  it("every fixture of the core is an example of one format", () => {
    expect(fixtureNames.length).toBe(45)
    expect(Object.keys(formatOfFixture).sort()).toEqual(fixtureNames)
  })

  for (const name of fixtureNames) {
    it(`${name}: both accept it and agree on what it says`, () => {
      expectEqualAcceptance(formats[formatOfFixture[name]!], fixture(name))
    })
  }

  it("every fixture gets the same verdict from both under every format", () => {
    let rejected = 0
    for (const [formatName, format] of formatEntries)
      for (const name of fixtureNames)
        if (!expectSameVerdict(format, fixture(name), `${name} as ${formatName}`)) rejected++
    // Most pairs are a reply read as another format: the verdicts are mostly rejections.
    expect(rejected).toBeGreaterThan(fixtureNames.length * formatEntries.length * 0.8)
  })

  it("removing any one key of any fixture gets the same verdict from both", () => {
    let rejected = 0
    let total = 0
    for (const name of fixtureNames) {
      const value = fixture(name)
      const format = formats[formatOfFixture[name]!]
      for (const path of places(value).filter((at) => typeof at.at(-1) === "string")) {
        total++
        if (!expectSameVerdict(format, removeAt(value, path), `${name} without ${path.join(".")}`)) rejected++
      }
    }
    expect(total).toBeGreaterThan(500)
    expect(rejected).toBeGreaterThan(total * 0.3)
  })

  it("putting a value of another JSON type at any place of any fixture gets the same verdict from both", () => {
    const others = [null, true, 0, -1.5, "", "text", [], [1], {}, { a: 1 }]
    let rejected = 0
    let total = 0
    for (const name of fixtureNames) {
      const value = fixture(name)
      const format = formats[formatOfFixture[name]!]
      for (const path of places(value)) {
        const current = get(value, path)
        for (const other of others) {
          if (typeof other === typeof current && Array.isArray(other) === Array.isArray(current)) continue
          total++
          if (!expectSameVerdict(format, replaceAt(value, path, other), `${name} with ${path.join(".")}`))
            rejected++
        }
      }
    }
    expect(total).toBeGreaterThan(5_000)
    expect(rejected).toBeGreaterThan(total * 0.5)
  })

  it("putting a bad value of the same type (a code out of range, a malformed time) at any place of any fixture gets the same verdict from both", () => {
    const numbers = [0, 6, -5, 2.5, 1e9]
    const strings = ["", "0", "6", " 9 ", "3a", "2021-02-30 00:00:00", "00:61:00", "2021-01-01T00:00:00Z"]
    let rejected = 0
    let total = 0
    for (const name of fixtureNames) {
      const value = fixture(name)
      const format = formats[formatOfFixture[name]!]
      for (const path of places(value)) {
        const current = get(value, path)
        const bad = typeof current === "number" ? numbers : typeof current === "string" ? strings : []
        for (const other of bad) {
          if (other === current) continue
          total++
          if (!expectSameVerdict(format, replaceAt(value, path, other), `${name} with ${path.join(".")}`))
            rejected++
        }
      }
    }
    expect(total).toBeGreaterThan(3_000)
    expect(rejected).toBeGreaterThan(total * 0.2)
    // The seed's full status reply with an unknown status code, a step status or a clock out of range.
    const full = formats["ukssdc-status-response"]
    for (const [path, bad] of [
      [["lc", "statusCode"], 0],
      [["lc", "statusCode"], "6"],
      [["spec", "progress", "ProgressSteps", 0, "StepStatus"], 3],
      [["spec", "progress", "TimeRunning"], "00:61:00"]
    ] as const) {
      const mutated = replaceAt(fixture("ukssdc/status-full"), path, bad)
      expect([zodAccepts(full, mutated), coreAccepts(full, mutated)], `${path.join(".")}: ${bad}`).toEqual([
        false,
        false
      ])
    }
  })
})

/** How many generated values each format's mutation property saw, and how many of them both rejected. */
const mutationCounts = new Map<string, { total: number; rejected: number }>()

describe("agreement on generated values", () => {
  for (const [name, format] of formatEntries) {
    it.prop(
      `${name}: any value the core encodes is accepted by zod unchanged`,
      [format.sample ?? format.core],
      ([value]) => {
        const wire = asJson(Schema.encodeSync(format.core)(value))
        expectEqualAcceptance(format, wire)
        expect(canonical(format, wire)).toEqual(wire)
        expect(parseWithZod(format, wire)).toEqual(withoutProtoKeys(wire))
      },
      { arbitrary: { runs: 60 } }
    )

    it.prop(
      `${name}: any value the core encodes, mutated, gets the same verdict from both`,
      [format.sample ?? format.core, Mutation],
      ([value, mutation]) => {
        const wire = asJson(Schema.encodeSync(format.core)(value))
        // A key named __proto__ is the difference pinned below.
        if (mutation.key === "__proto__" || places(wire).some((path) => path.includes("__proto__"))) return
        const mutated = mutate(wire, mutation)
        if (mutated === undefined) return
        const counts = mutationCounts.get(name) ?? { total: 0, rejected: 0 }
        counts.total++
        if (!expectSameVerdict(format, mutated, `${mutation.kind} at ${mutation.at}`)) counts.rejected++
        mutationCounts.set(name, counts)
      },
      { arbitrary: { runs: 150 } }
    )
  }

  it("the mutations broke values, not only reshuffled them", () => {
    for (const [name, { total, rejected }] of mutationCounts) {
      expect(total, name).toBeGreaterThan(50)
      expect(rejected / total, name).toBeGreaterThan(0.2)
    }
    expect(mutationCounts.size).toBe(formatEntries.length)
  })
})

describe("the difference made on purpose", () => {
  it("a record's __proto__ key: zod drops it unchecked, the core keeps and checks it", () => {
    const format = formats["ukssdc-cancel-response"]
    const reply = JSON.parse('{"OK":1,"JobID":1,"status":{"__proto__":"x"},"statusCodes":{"__proto__":9}}')
    expect(zodAccepts(format, reply)).toBe(true)
    expect(coreAccepts(format, reply)).toBe(false)
    const good = JSON.parse('{"OK":1,"JobID":1,"status":{"__proto__":"x"},"statusCodes":{"__proto__":0}}')
    expect(format.zod.parse(good)).toEqual({ OK: 1, JobID: 1, status: {}, statusCodes: {} })
    expect(Object.keys(canonical(format, good) as { status: object }).length).toBe(4)
    expect(Object.keys((canonical(format, good) as { status: object }).status)).toEqual(["__proto__"])
  })
})
