/**
 * The simulated IVOA UWS services: `make(context, options)` gives the routes
 * of a UWS 1.1 service at `/uws/jobs` and a UWS 1.0 one at `/uws10/jobs`,
 * and the controls tests use.
 */
export { type Api, defaults, type JobView, make, type Options, Queued } from "./Api.js"
export { Outcome, Plan, Suspension } from "./Plan.js"
