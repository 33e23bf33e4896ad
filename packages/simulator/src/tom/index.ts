/**
 * The simulated TOM async-process API: `make(context, options)` gives its
 * routes (`tom.status`, `tom.logs`, `tom.admin.create`) and the controls tests use.
 */
export {
  type Api,
  Created,
  CreateRequest,
  make,
  type Options,
  type ProcessView,
  type TargetOptions
} from "./Api.js"
export { End, Kind, Outcome, ProcessSpec, Script, Step } from "./Script.js"
