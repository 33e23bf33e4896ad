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

describe("UtcDateTime's reading of a real instant", () => {
  const between = (minimum: number, maximum: number) =>
    Schema.Int.check(Schema.isBetween({ minimum, maximum }))
  const pad = (n: number, width: number) => String(n).padStart(width, "0")

  it.prop(
    "accepts a text exactly when the calendar has that day and time, as Date's own ISO reading says",
    [between(0, 9999), between(0, 13), between(0, 32), between(0, 25), between(0, 61), between(0, 61)],
    ([year, month, day, hour, minute, second]) => {
      const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`
      const parsed = Date.parse(`${iso}Z`)
      const real = !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 19) === iso
      const result = decode(iso.replace("T", " "))
      expect(Result.isSuccess(result)).toBe(real)
      if (Result.isSuccess(result)) expect(result.success.getTime()).toBe(parsed)
    },
    { arbitrary: { runs: 2000 } }
  )

  it("knows the leap days of the proleptic Gregorian calendar, year 0 among them", () => {
    for (const [text, real] of [
      ["0000-02-29 00:00:00", true],
      ["1900-02-29 00:00:00", false],
      ["2000-02-29 23:59:59", true],
      ["2023-02-29 00:00:00", false],
      ["2024-02-29 12:00:00.5", true],
      ["2024-04-31 00:00:00", false],
      ["2024-12-31 24:00:00", false]
    ] as const)
      expect([text, Result.isSuccess(decode(text))]).toEqual([text, real])
  })
})

describe("UtcDateTime's reading of the format", () => {
  const pattern = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/
  const nearMisses = [
    "2021-03-15 22:18:07",
    "2021-03-15 22:18:07.",
    "2021-03-15 22:18:07.1",
    "2021-03-15 22:18:07.123456789",
    "2021-03-15 22:18:07.1234567890",
    "2021-03-15 22:18:07,5",
    "2021-03-15T22:18:07",
    "2021/03/15 22:18:07",
    "2021-03-15 22-18-07",
    "2021-3-15 22:18:07",
    "202a-03-15 22:18:07",
    "2021-03-15 22:18:0x",
    "2021-03-15 22:18:07.12a",
    "2021-03-15 22:18:07 ",
    " 2021-03-15 22:18:07",
    "２０２１-03-15 22:18:07",
    "2021-03-15 22:18:07.٣"
  ]

  it("accepts exactly the texts its pattern matches, each decoded to the instant it writes", () => {
    for (const text of nearMisses) {
      const result = decode(text)
      const matches = pattern.test(text)
      expect([text, Result.isSuccess(result)]).toEqual([text, matches])
      if (Result.isSuccess(result)) {
        const [, fraction = "0"] = text.split(".")
        const millis = Math.floor(Number(`0.${fraction}`) * 1000)
        expect(result.success.getTime()).toBe(Date.parse(`${text.slice(0, 19).replace(" ", "T")}Z`) + millis)
      }
    }
  })
})
