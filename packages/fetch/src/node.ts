/**
 * The Node-only part of @jobscope/fetch (`@jobscope/fetch/node`): saving
 * product archives to files, an HTTP client on Node's own `http` module, and
 * a Swift TOO REST session kept in an owner-only file.
 * The main entry stays free of `node:*` modules, for browsers.
 */
export {
  type DownloadOptions,
  defaultMaxBytes,
  downloadToFile,
  FileError,
  type Saved,
  type SaveOptions,
  saveToFile
} from "./node/FileDownload.js"
export * as NodeHttp from "./node/NodeHttp.js"
export * as SessionFile from "./node/SessionFile.js"
