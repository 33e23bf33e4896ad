import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import { JsonSchema } from "../src/index.js"
import { fixture, fixtureNames } from "./fixtures.js"
import { asJson, formatOfFixture, formats } from "./formats.js"
import { keywords, validate } from "./jsonSchemaValidator.js"
import { places, replaceAt } from "./mutation.js"

/** Every value of a key named `key` anywhere in a document. */
const valuesOf = (document: unknown, key: string): Array<unknown> =>
  places(document)
    .filter((path) => path.at(-1) === key)
    .map((path) =>
      path.reduce<unknown>((node, at) => (node as Record<string | number, unknown>)[at], document)
    )

/** Every schema object in a document, found by the keywords that hold schemas. */
const keywordsUsed = (document: unknown): Set<string> => {
  const used = new Set<string>()
  const visit = (schema: unknown): void => {
    if (typeof schema !== "object" || schema === null) return
    for (const [keyword, argument] of Object.entries(schema)) {
      used.add(keyword)
      if (keyword === "properties" || keyword === "patternProperties" || keyword === "$defs")
        Object.values(argument as object).forEach(visit)
      else if (keyword === "anyOf" || keyword === "oneOf" || keyword === "allOf" || keyword === "prefixItems")
        (argument as Array<unknown>).forEach(visit)
      else if (keyword === "items" || keyword === "additionalProperties" || keyword === "propertyNames")
        visit(argument)
    }
  }
  visit(document)
  return used
}

describe("JsonSchema", () => {
  it("has a document for every format, and the same one every time", () => {
    expect([...JsonSchema.names].sort()).toEqual(Object.keys(formats).sort())
    for (const name of JsonSchema.names) {
      const document = JsonSchema.make(name)
      expect(document.$schema).toBe("https://json-schema.org/draft/2020-12/schema")
      expect(JsonSchema.make(name)).toEqual(document)
      // Plain JSON: it survives being written to a file.
      expect(asJson(document)).toEqual(document)
    }
  })

  it("uses only keywords whose meaning the tests check, and every $ref resolves", () => {
    for (const name of JsonSchema.names) {
      const document = JsonSchema.make(name)
      for (const keyword of keywordsUsed(document))
        expect(keywords.has(keyword), `${name}: ${keyword}`).toBe(true)
      const definitions = Object.keys((document.$defs ?? {}) as object)
      for (const ref of valuesOf(document, "$ref"))
        expect(
          ref === "#" || definitions.includes(String(ref).replace("#/$defs/", "")),
          `${name}: ${String(ref)}`
        ).toBe(true)
    }
  })

  it("names the recursive parts, so that a reader can follow them", () => {
    expect(Object.keys(JsonSchema.make("ukssdc-status-response").$defs ?? {})).toEqual(["UkssdcStep"])
    expect(Object.keys(JsonSchema.make("progress-steps").$defs ?? {})).toEqual(["ProgressStep"])
    expect(Object.keys(JsonSchema.make("too-envelope").$defs ?? {}).sort()).toEqual([
      "TooEnvelope",
      "TooStatus"
    ])
  })

  for (const name of fixtureNames) {
    it(`accepts the seed example ${name}`, () => {
      expect(validate(JsonSchema.make(formatOfFixture[name]!), fixture(name))).toBe(true)
    })
  }

  for (const name of JsonSchema.names) {
    const format = formats[name]
    it.prop(
      `${name}: accepts every value the core encodes`,
      [format.sample ?? format.core],
      ([value]) => {
        expect(validate(JsonSchema.make(name), asJson(Schema.encodeSync(format.core)(value)))).toBe(true)
      },
      { arbitrary: { runs: 30 } }
    )
  }

  it("rejects what it can tell is wrong: wrong types, missing keys, bad literals, bad products", () => {
    const status = JsonSchema.make("ukssdc-status-response")
    const full = fixture("ukssdc/status-full")
    expect(validate(status, replaceAt(full, ["lc", "statusCode"], 9))).toBe(false)
    expect(
      validate(status, replaceAt(full, ["lc", "progress", "ProgressSteps", 1, "StepStatus"], "done"))
    ).toBe(false)
    expect(validate(status, replaceAt(full, ["spec", "progress", "TimeRunning"], "00:61:00"))).toBe(false)
    expect(validate(status, replaceAt(full, ["OK"], 2))).toBe(false)
    // An upper-case key is not a product, and is left alone, as zod and the core leave it.
    expect(validate(status, replaceAt(full, ["Notice"], 9))).toBe(true)
    const envelope = JsonSchema.make("too-envelope")
    expect(validate(envelope, { api_name: "Swift_Clock", api_version: "1.2" })).toBe(false)
    expect(validate(envelope, replaceAt(fixture("too/status-queued"), ["api_data", "status"], "Done"))).toBe(
      true // a known name with broken data still matches the generic member: the rule is zod's alone
    )
    const logs = JsonSchema.make("tom-pipeline-logs")
    expect(validate(logs, replaceAt(fixture("tom/pipeline-failed"), ["created"], -1))).toBe(false)
    expect(
      validate(
        JsonSchema.make("ukssdc-cancel-request"),
        replaceAt(fixture("ukssdc/cancel-request"), ["what"], "lc,,spec")
      )
    ).toBe(false)
  })
})
