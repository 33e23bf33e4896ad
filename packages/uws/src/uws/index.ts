/**
 * IVOA UWS 1.0 and 1.1, the way every API namespace of jobscope is shaped:
 * wire schemas (`JobDocument`, `JobList`), their decoders from XML, `source`,
 * `lifecycle`, `phaseOf`, `toTask` and `toSnapshot`.
 */
export {
  decodeJob,
  decodeJobList,
  decodeResults,
  jobDecoder,
  jobFormat,
  jobListDecoder,
  jobListFormat,
  namespace,
  resultsFormat
} from "./Decode.js"
export { active, ExecutionPhase, isFinal, lifecycle, phaseOf } from "./ExecutionPhase.js"
export { ErrorSummary, JobDocument, JobList, JobRef, Parameter, Result, ResultList } from "./JobDocument.js"
export { type SnapshotOptions, toSnapshot, toTask } from "./Snapshot.js"
export { blockingSource, source } from "./Source.js"
