/**
 * @jobscope/uws: IVOA UWS 1.0/1.1 and TAP async jobs, followed like every
 * other jobscope job. Built on the core's and the fetch package's public API
 * alone: the worked example of "a new API is one package".
 */

export * as Tap from "./Tap.js"
export * as UwsClient from "./UwsClient.js"
export * as UwsJob from "./UwsJob.js"
export * as Uws from "./uws/index.js"
export * as Xml from "./Xml.js"
