/**
 * The simulated UKSSDC XRT product builder: submit, status, cancel, old jobs,
 * positions and product archives, at the paths of the real service.
 */
export { type Api, type JobView, make, type ProductView } from "./Api.js"
export { sixProducts } from "./Examples.js"
export type { Options, ScriptedFailure } from "./Options.js"
