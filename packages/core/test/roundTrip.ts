import { expect } from "@effect/vitest"
import * as Schema from "effect/Schema"

/** A value as it comes back from JSON text. */
export const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/**
 * Asserts that a value a schema accepts survives encoding to JSON text and
 * decoding back: the decoded value encodes to the same JSON. (Compared as JSON
 * because JSON has no -0, which generated numbers may hold.)
 */
export const expectJsonRoundTrip = <A, I>(schema: Schema.Codec<A, I>, value: A): void => {
  const json = asJson(Schema.encodeSync(schema)(value))
  const decoded = Schema.decodeUnknownSync(schema)(json)
  expect(asJson(Schema.encodeSync(schema)(decoded))).toEqual(json)
}
