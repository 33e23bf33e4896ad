/**
 * @jobscope/core: Effect Schemas of the UKSSDC, Swift TOO (API 1.2 and the REST API) and TOM job APIs,
 * one progress tree, a unified job model with what each job produced, a
 * Source per API (lifecycle, polling defaults, names), a polling policy, ETAs,
 * and the Renderer contract.
 */
export * as Clock from "./Clock.js"
export * as Coordinates from "./Coordinates.js"
export * as DecodeError from "./DecodeError.js"
export * as Elapsed from "./Elapsed.js"
export * as Eta from "./Eta.js"
export * as Href from "./Href.js"
export * as InlineText from "./InlineText.js"
export * as Job from "./Job.js"
export * as KnownSources from "./KnownSources.js"
export * as Lifecycle from "./Lifecycle.js"
export * as Pace from "./Pace.js"
export * as Phase from "./Phase.js"
export * as Poll from "./Poll.js"
export * as Progress from "./Progress.js"
export * as Renderer from "./Renderer.js"
export * as Scrub from "./Scrub.js"
export * as Source from "./Source.js"
export * as Tom from "./Tom.js"
export * as Too from "./too/index.js"
export * as TooRest from "./tooRest/index.js"
export * as UtcTime from "./UtcTime.js"
export * as Ukssdc from "./ukssdc/index.js"
