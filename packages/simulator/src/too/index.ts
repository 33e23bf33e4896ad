/**
 * The simulated Swift TOO API: `make(context, options)` gives its route
 * (`too.submit`, `/toop/submit_json.php`) and the controls tests use.
 */
export { type Api, type JobView, make, type Options } from "./Api.js"
export { supernovaRequest } from "./Examples.js"
export type { Range } from "./Jobs.js"
