/**
 * @jobscope/fetch: HTTP clients for the UKSSDC, Swift TOO and TOM job APIs,
 * and a watcher that polls like a good citizen.
 */
export { type Client, type ClientOptions, createClient, NotConfigured } from "./Client.js"
export * as FetchError from "./FetchError.js"
export * as JobRef from "./JobRef.js"
export * as Scrub from "./Scrub.js"
export * as TomClient from "./TomClient.js"
export * as TooClient from "./TooClient.js"
export * as Transport from "./Transport.js"
export * as UkssdcClient from "./UkssdcClient.js"
export * as Watch from "./Watch.js"
export * as Watcher from "./Watcher.js"
