/**
 * The simulated Swift TOO REST API: `make(context, options)` gives its routes
 * under `/api/v2` (`tooRest.login`, `tooRest.too`, `tooRest.calendar`,
 * `tooRest.obsquery`, `tooRest.data`, `tooRest.visquery`, `tooRest.resolve`)
 * and the simulated archive's files, and the controls tests use.
 */
export { type Api, archivePrefix, make, type Options, prefix, type RequestView } from "./Api.js"
export { supernovaSubmission } from "./Examples.js"
