/**
 * The Sources the command knows jobs of: the core's built-in APIs, and UWS
 * from `@jobscope/uws`, so a UWS job is named "UWS job q7f3k2" and judged by
 * the UWS lifecycle in every view and report.
 */
import { KnownSources, Source } from "@jobscope/core"
import { Uws } from "@jobscope/uws"

/** Every API the command follows, by Source id. */
export const registry: Source.Registry = Source.register(KnownSources.registry, Uws.source)
