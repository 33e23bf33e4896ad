/**
 * The Node-only part of @jobscope/uws (`@jobscope/uws/node`): saving a TAP
 * result to a file. The main entry stays free of `node:*` modules, for browsers.
 */
export { FileError, type Saved, type SaveResultOptions, saveResult } from "./node/TapFile.js"
