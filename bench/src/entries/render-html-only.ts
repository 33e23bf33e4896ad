/** A browser page's code that renders snapshots it already has with `@jobscope/html` (no decoding). */

import type { Job } from "@jobscope/core"
import { Html } from "@jobscope/html"

/** The HTML of a snapshot, in the given mode. */
export const render = (snapshot: Job.Snapshot, mode: Html.Mode): string => Html.render(snapshot, { mode })
