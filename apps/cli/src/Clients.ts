/**
 * The API clients a command talks through, on Node's own HTTP client
 * (keep-alive, no per-response garbage; see `@jobscope/fetch/node`), each
 * saying who is asking in its `User-Agent`, as polite API clients do.
 */
import { TomClient, TooClient, UkssdcClient } from "@jobscope/fetch"
import { NodeHttp } from "@jobscope/fetch/node"
import * as Layer from "effect/Layer"

declare const __VERSION__: string

/** Where an observatory's staff can find out what is calling them. */
export const projectUrl = "https://www.npmjs.com/package/@jobscope/cli"

/** `jobscope/<version> (+<project URL>)`; the version is the build's ("dev" when run from the sources). */
export const userAgent = `jobscope/${typeof __VERSION__ === "string" ? __VERSION__ : "dev"} (+${projectUrl})`

const http = NodeHttp.layer()

/** A UKSSDC client. */
export const ukssdc = (options: UkssdcClient.Options) =>
  UkssdcClient.layer({ userAgent, ...options }).pipe(Layer.provide(http))

/** A Swift TOO client. */
export const too = (options: TooClient.Options) =>
  TooClient.layer({ userAgent, ...options }).pipe(Layer.provide(http))

/** A TOM client. */
export const tom = (options: TomClient.Options) =>
  TomClient.layer({ userAgent, ...options }).pipe(Layer.provide(http))
