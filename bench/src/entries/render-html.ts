/** A browser page's code with `@jobscope/core` and `@jobscope/html`: decode a UKSSDC status reply, render it. */

import { Ukssdc } from "@jobscope/core"
import { Html } from "@jobscope/html"
import * as Schema from "effect/Schema"

const decode = Schema.decodeUnknownSync(Ukssdc.StatusResponse)

/** The HTML of a parsed status reply, in the given mode. */
export const render = (json: unknown, mode: Html.Mode): string => {
  const reply = decode(json)
  return reply.OK === 1
    ? Html.render(Ukssdc.toSnapshot(reply, { observedAt: new Date() }), { mode })
    : reply.ERROR
}
