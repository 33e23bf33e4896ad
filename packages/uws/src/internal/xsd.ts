/**
 * The XML Schema value types a UWS document uses, read from element text and
 * attributes (strings, already trimmed) and written back as servers write them.
 */
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"

/** `xs:dateTime`, with or without a fraction and a zone. */
const dateTimePattern = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/

/** An `xs:dateTime` as a `Date`; one without a zone is UTC, as UWS services mean it. Written back in UTC. */
export const DateTime = Schema.String.check(
  Schema.makeFilter(
    (text: string) =>
      (dateTimePattern.test(text) && !Number.isNaN(Date.parse(zoned(text)))) ||
      "an xs:dateTime such as 2026-12-07T18:58:15Z"
  )
).pipe(
  Schema.decodeTo(
    Schema.Date,
    SchemaTransformation.transform({
      decode: (text: string) => new Date(zoned(text)),
      encode: (date: Date) => date.toISOString()
    })
  )
)

const zoned = (text: string): string => (/(?:Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`)

/** An `xs:boolean`: `true`, `false`, `1` or `0`. */
export const Flag = Schema.Literals(["true", "false", "1", "0"]).pipe(
  Schema.decodeTo(
    Schema.Boolean,
    SchemaTransformation.transform<boolean, "true" | "false" | "1" | "0">({
      decode: (text) => text === "true" || text === "1",
      encode: (value) => (value ? "true" : "false")
    })
  )
)

/** A whole number ≥ 0 written in decimal (`xs:long`, `xs:int` where UWS uses them for sizes and seconds). */
export const Count = Schema.String.check(
  Schema.makeFilter((text: string) => /^\+?\d{1,15}$/.test(text) || "a whole number ≥ 0")
).pipe(
  Schema.decodeTo(
    Schema.Int,
    SchemaTransformation.transform({
      decode: (text) => Number(text),
      encode: (value: number) => String(value)
    })
  )
)
