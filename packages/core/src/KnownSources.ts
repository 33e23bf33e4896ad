/**
 * The Sources of the APIs the core speaks, as one registry: what a renderer or
 * a service uses by default to name and judge a snapshot by its `source` id.
 *
 * @example
 * ```ts
 * import { KnownSources, Source } from "@jobscope/core"
 *
 * KnownSources.registry.get("ukssdc").name // "UKSSDC"
 * const mine = Source.register(KnownSources.registry, uwsSource)
 * ```
 */
import * as Source from "./Source.js"
import * as Tom from "./Tom.js"
import * as Too from "./too/index.js"
import * as TooRest from "./tooRest/index.js"
import * as Ukssdc from "./ukssdc/index.js"

/** The UKSSDC, the Swift TOO API's queue (1.2), Swift TOO requests (REST API) and TOMs; any other id gets `Source.unknown(id)`. */
export const registry: Source.Registry = Source.registry([
  Ukssdc.source,
  Too.source,
  TooRest.source,
  Tom.source
])
