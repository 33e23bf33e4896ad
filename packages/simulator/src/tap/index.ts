/**
 * The simulated IVOA TAP service: `make(context, options)` gives the routes
 * at `/tap` (sync, async, capabilities, availability, tables) and the
 * controls tests use.
 */

export { AdqlError } from "./Adql.js"
export { type Api, defaults, type JobView, make, type Options } from "./Api.js"
