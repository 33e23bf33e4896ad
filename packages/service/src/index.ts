/**
 * @jobscope/service: durable watches of observatory jobs as Effect Workflows
 * on Effect Cluster, kept in SQLite or PostgreSQL, with an HTTP API, SSE and
 * signed webhooks.
 */

export * as Api from "./Api.js"
export * as ApiServer from "./ApiServer.js"
export * as Credentials from "./Credentials.js"
export * as Deliverer from "./Deliverer.js"
export * as Sealing from "./Sealing.js"
export * as Service from "./Service.js"
export * as SlackMessage from "./SlackMessage.js"
export * as Store from "./Store.js"
export * as Tokens from "./Tokens.js"
export * as Topic from "./Topic.js"
export * as Upstreams from "./Upstreams.js"
export * as WatchEvent from "./WatchEvent.js"
export * as Watches from "./Watches.js"
export * as WatchWorkflow from "./WatchWorkflow.js"
export * as Webhook from "./Webhook.js"
