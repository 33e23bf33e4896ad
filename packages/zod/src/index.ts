/**
 * @jobscope/zod: zod 4 schemas of the UKSSDC, Swift TOO (JWT and REST) and TOM wire formats,
 * proven to agree with `@jobscope/core`, their JSON Schemas, and a bridge from
 * a checked reply to the core's `Job.Snapshot`.
 */
export * as JsonSchema from "./JsonSchema.js"
export * as Progress from "./Progress.js"
export * as Snapshot from "./Snapshot.js"
export * as Tom from "./Tom.js"
export * as Too from "./Too.js"
export * as TooRest from "./TooRest.js"
export * as Ukssdc from "./ukssdc/index.js"
