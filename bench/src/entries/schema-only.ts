/** The floor: a browser bundle that decodes the smallest struct with `effect/Schema` alone. */
import * as Schema from "effect/Schema"

/** Decodes `{ OK: 1 }`. */
export const decode = Schema.decodeUnknownResult(Schema.Struct({ OK: Schema.Literal(1) }))
