/** A browser bundle that decodes a UKSSDC status reply with `@jobscope/core`. */

import { Ukssdc } from "@jobscope/core"
import * as Schema from "effect/Schema"

/** Decodes a parsed status reply. */
export const decode = Schema.decodeUnknownResult(Ukssdc.StatusResponse)
