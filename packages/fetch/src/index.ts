/**
 * @jobscope/fetch: HTTP clients for the UKSSDC, Swift TOO and TOM job APIs,
 * and one follow layer for any job of any API, polling like a good citizen.
 */
export { type Client, type ClientOptions, createClient, NotConfigured } from "./Client.js"
export * as FetchError from "./FetchError.js"
export * as Follow from "./Follow.js"
export * as Followable from "./Followable.js"
export * as JobRef from "./JobRef.js"
export * as Poller from "./Poller.js"
export * as Redact from "./Redact.js"
export * as Scheduler from "./Scheduler.js"
export * as TomClient from "./TomClient.js"
export * as TooClient from "./TooClient.js"
export * as TooRestClient from "./TooRestClient.js"
export * as Transport from "./Transport.js"
export * as UkssdcClient from "./UkssdcClient.js"
