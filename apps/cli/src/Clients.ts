/**
 * The API clients a command talks through, on Node's own HTTP client
 * (keep-alive, no per-response garbage; see `@jobscope/fetch/node`), each
 * saying who is asking in its `User-Agent`, as polite API clients do.
 */
import { TomClient, TooClient, TooRestClient, UkssdcClient } from "@jobscope/fetch"
import { NodeHttp } from "@jobscope/fetch/node"
import * as Layer from "effect/Layer"
import * as RetryNotice from "./RetryNotice.js"
import * as Secrets from "./Secrets.js"
import * as SpeedCheck from "./SpeedCheck.js"

declare const __VERSION__: string

/** Where an observatory's staff can find out what is calling them. */
export const projectUrl = "https://www.npmjs.com/package/@jobscope/cli"

/** `jobscope/<version> (+<project URL>)`; the version is the build's ("dev" when run from the sources). */
export const userAgent = `jobscope/${typeof __VERSION__ === "string" ? __VERSION__ : "dev"} (+${projectUrl})`

/** Every client's transport, showing each retry as it comes (see `RetryNotice`). */
const http = NodeHttp.layer({ onRetry: RetryNotice.report })

/** The transport UWS and TAP commands talk through, to a service at `url` (which the speed check remembers). */
export const transport = (url: string) => {
  SpeedCheck.remember(url)
  return http
}

/** A UKSSDC client; its user ID is hidden from every output (see `Secrets`). */
export const ukssdc = (options: UkssdcClient.Options) => {
  Secrets.remember(options.userId)
  SpeedCheck.remember(options.baseUrl ?? "https://www.swift.ac.uk")
  return UkssdcClient.layer({ userAgent, ...options }).pipe(Layer.provide(http))
}

/** A Swift TOO client; its shared secret is hidden from every output. */
export const too = (options: TooClient.Options) => {
  if (options.secret !== undefined) Secrets.remember(options.secret)
  SpeedCheck.remember(options.baseUrl ?? "https://www.swift.psu.edu")
  return TooClient.layer({ userAgent, ...options }).pipe(Layer.provide(http))
}

/** A Swift TOO REST API client; its shared secret is hidden from every output. */
export const tooRest = (options: TooRestClient.Options) => {
  if (options.secret !== undefined) Secrets.remember(options.secret)
  SpeedCheck.remember(options.apiUrl ?? TooRestClient.defaultApiUrl)
  return TooRestClient.layer({ userAgent, ...options }).pipe(Layer.provide(http))
}

/** A TOM client; its token is hidden from every output. */
export const tom = (options: TomClient.Options) => {
  if (options.token !== undefined) Secrets.remember(options.token)
  SpeedCheck.remember(options.baseUrl)
  return TomClient.layer({ userAgent, ...options }).pipe(Layer.provide(http))
}
