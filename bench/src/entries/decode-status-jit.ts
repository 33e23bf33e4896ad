/** A browser bundle that decodes a UKSSDC status reply with `@jobscope/core`, compiled decoding opted in. */

import { Ukssdc } from "@jobscope/core"
import { enable } from "@jobscope/core/jit"
import * as Schema from "effect/Schema"

enable()

/** Decodes a parsed status reply. */
export const decode = Schema.decodeUnknownResult(Ukssdc.StatusResponse)
