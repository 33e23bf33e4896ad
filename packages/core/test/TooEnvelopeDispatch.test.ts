/**
 * `Too.Envelope` reads `api_name` first and decodes with that name's schema
 * alone; `Too.EnvelopeUnion` tries every member in turn. They must be the same
 * decoder: same values, same errors, same encodings, on every fixture, on every
 * fixture broken at every leaf, and on any JSON.
 */
import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Too } from "@jobscope/core"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import { fixture, fixtureNames } from "./fixtures.js"

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

/** Both decoders' answers, issue for issue: the `Exit` of each, and the DecodeError a person reads. */
const answers = (input: unknown, options?: SchemaAST.ParseOptions) => {
  const answer = (schema: Schema.Codec<Too.Envelope, Too.EnvelopeEncoded>) => ({
    exit: Schema.decodeUnknownExit(schema)(input, options),
    error: DecodeError.decodeUnknown(schema, "Swift TOO reply")(input)
  })
  return { dispatched: answer(Too.Envelope), union: answer(Too.EnvelopeUnion) }
}

const expectSameAnswers = (input: unknown): void => {
  for (const options of [undefined, { errors: "all" } as const]) {
    const { dispatched, union } = answers(input, options)
    expect(dispatched).toEqual(union)
    if (Exit.isSuccess(dispatched.exit))
      expect(Schema.encodeSync(Too.Envelope)(dispatched.exit.value)).toEqual(
        Schema.encodeSync(Too.EnvelopeUnion)(dispatched.exit.value)
      )
  }
}

/** Copies of `json`, each with one leaf (or one key) changed in one way. */
const brokenAtEveryLeaf = (json: Json): Array<Json> => {
  const copies: Array<Json> = []
  const visit = (node: Json, rebuild: (replacement: Json | undefined) => Json): void => {
    if (node === null || typeof node !== "object") {
      for (const replacement of [null, 7, -1.5, "2021-02-30 00:00:00", "x", true, [], {}, undefined])
        if (replacement !== node) copies.push(rebuild(replacement))
      return
    }
    if (Array.isArray(node)) {
      const items = node as ReadonlyArray<Json>
      copies.push(rebuild("not a list"))
      items.forEach((item, index) => {
        visit(item, (replacement) =>
          rebuild(
            replacement === undefined
              ? items.filter((_, at) => at !== index)
              : items.map((other, at) => (at === index ? replacement : other))
          )
        )
      })
      return
    }
    const object = node as { readonly [key: string]: Json }
    copies.push(rebuild("not an object"))
    for (const key of Object.keys(object))
      visit(object[key]!, (replacement) => {
        const { [key]: _, ...rest } = object
        return rebuild(replacement === undefined ? rest : { ...object, [key]: replacement })
      })
  }
  visit(json, (replacement) => replacement ?? null)
  return copies
}

describe("Too.Envelope dispatching on api_name", () => {
  const fixtures = fixtureNames("too").map((name) => [name, fixture("too", name) as Json] as const)

  it("decodes every fixture as the union does", () => {
    expect(fixtures.length).toBeGreaterThan(10)
    for (const [, json] of fixtures) expectSameAnswers(json)
  })

  it("answers as the union does for every fixture broken at every leaf, errors included", () => {
    let failures = 0
    for (const [, json] of fixtures) {
      for (const broken of brokenAtEveryLeaf(json)) {
        expectSameAnswers(broken)
        if (Exit.isFailure(answers(broken).dispatched.exit)) failures++
      }
    }
    // The mutations must reach the error paths, not only ones both accept.
    expect(failures).toBeGreaterThan(500)
  })

  it("answers as the union does for inputs that are not envelopes, and for unknown api_names", () => {
    for (const input of [
      "<html>busy</html>",
      null,
      [],
      {},
      { api_name: 7, api_version: "1.2", api_data: {} },
      { api_name: "toString", api_version: "1.2", api_data: {} },
      { api_name: "__proto__", api_version: "1.2", api_data: {} },
      { api_name: "Swift_Clock", api_version: "1.2", api_data: { utc: "2021-03-15 22:18:07" } },
      { api_name: "Swift_Clock", api_version: "1.2", api_data: "not an object" }
    ])
      expectSameAnswers(input)
  })

  it.prop("answers as the union does for any JSON", [Schema.Json], ([json]) => expectSameAnswers(json), {
    arbitrary: { runs: 300 }
  })

  it.prop(
    "answers as the union does for anything shaped like an envelope, known names or not",
    [
      Schema.Struct({
        api_name: Schema.Union([Schema.Literals(Too.knownApiNames), Schema.String]),
        api_version: Schema.String,
        api_data: Schema.JsonObject
      })
    ],
    ([shaped]) => expectSameAnswers(shaped),
    { arbitrary: { runs: 300 } }
  )

  it.prop(
    "decodes and encodes any status, its result included, as the union does",
    [Too.Status],
    ([status]) => expectSameAnswers(Schema.encodeSync(Too.Status)(status)),
    { arbitrary: { runs: 200 } }
  )
})
