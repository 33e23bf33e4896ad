/**
 * @jobscope/simulator: a local HTTP server of the UKSSDC XRT product builder,
 * the Swift TOO API, TOM async processes and IVOA UWS and TAP services, with a scalable or stepped
 * clock, seeded behaviour, fault injection and request counts.
 */

export * as Clock from "./Clock.js"
export * as Faults from "./faults/index.js"
export * as Lockstep from "./Lockstep.js"
export * as Requests from "./Requests.js"
export * as Route from "./Route.js"
export * as Server from "./Server.js"
export { Health, RouteInfo, type Simulator, type StartOptions, start } from "./Simulator.js"
export * as Site from "./Site.js"
/** The simulated IVOA TAP service (its options and controls). */
export * as TapSim from "./tap/index.js"
/** The simulated TOM (its options, controls, process scripts); not core's `Tom` schemas. */
export * as Tom from "./tom/index.js"
/** The simulated Swift TOO API (its options, controls and views); not core's `Too` schemas. */
export * as Too from "./too/index.js"
/** The simulated UKSSDC product builder (its options, controls, views and example jobs); not core's `Ukssdc` schemas. */
export * as Ukssdc from "./ukssdc/index.js"
/** The simulated IVOA UWS 1.1 and 1.0 services (options, controls, job plans); not `@jobscope/uws`'s `Uws` schemas. */
export * as UwsSim from "./uws/index.js"
