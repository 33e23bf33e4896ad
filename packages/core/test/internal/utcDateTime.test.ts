import { describe, expect, it } from "@effect/vitest"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { UtcDateTime } from "../../src/internal/utcDateTime.js"

const decode = Schema.decodeUnknownResult(UtcDateTime)
const encode = Schema.encodeSync(UtcDateTime)

describe("UtcDateTime", () => {
  it("decodes the services' UTC format, with or without fractional seconds", () => {
    expect(Result.getOrThrow(decode("2021-03-15 22:18:07")).toISOString()).toBe("2021-03-15T22:18:07.000Z")
    expect(Result.getOrThrow(decode("2021-03-15 22:18:05.963483")).toISOString()).toBe(
      "2021-03-15T22:18:05.963Z"
    )
  })

  it("keeps years below 100 as written", () => {
    expect(Result.getOrThrow(decode("0050-06-01 12:00:00")).toISOString()).toBe("0050-06-01T12:00:00.000Z")
    expect(encode(new Date("0050-06-01T12:00:00Z"))).toBe("0050-06-01 12:00:00")
  })

  it("encodes back to the same text", () => {
    expect(encode(new Date("2021-02-18T00:00:00Z"))).toBe("2021-02-18 00:00:00")
    expect(encode(new Date("2021-02-18T00:00:00.250Z"))).toBe("2021-02-18 00:00:00.250")
  })

  it.prop("round-trips any date it can write", [UtcDateTime], ([date]) => {
    expect(Result.getOrThrow(decode(encode(date)))).toEqual(date)
  })

  it("rejects other formats and impossible dates with a sentence", () => {
    for (const bad of ["2021-03-15T22:18:07Z", "2021-02-30 00:00:00", "yesterday", 1615846687]) {
      const result = decode(bad)
      expect(Result.isFailure(result)).toBe(true)
    }
    const impossible = decode("2021-02-30 00:00:00")
    expect(Result.isFailure(impossible) && String(impossible.failure)).toContain("not a real date")
  })
})
