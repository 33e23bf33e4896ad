import { describe, expect, it } from "@effect/vitest"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { isJson } from "../../src/internal/json.js"

const effectSays = (value: unknown): boolean =>
  Result.isSuccess(Schema.decodeUnknownResult(Schema.Json)(value))

describe("isJson", () => {
  it.prop("accepts any JSON value, as Effect's Schema.Json does", [Schema.Json], ([json]) => {
    expect(isJson(json)).toBe(true)
  })

  it("judges what JSON cannot hold as Effect does", () => {
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    const shared = { a: 1 }
    const holey = new Array<unknown>(2)
    holey[0] = 1
    let deep: unknown = 1
    for (let level = 0; level < 50_000; level++) deep = [deep]
    const values: ReadonlyArray<unknown> = [
      cycle,
      { left: shared, right: shared },
      holey,
      [undefined],
      { value: undefined },
      Number.NaN,
      Number.POSITIVE_INFINITY,
      new Date(0),
      Object.create(null),
      new (class Point {
        x = 1
      })(),
      () => 1,
      10n,
      Symbol("s"),
      deep
    ]
    for (const [index, value] of values.entries())
      expect(isJson(value), `value ${index}`).toBe(effectSays(value))
    expect(isJson(deep)).toBe(true)
    expect(isJson(cycle)).toBe(false)
  })
})
