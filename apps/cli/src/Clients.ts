/**
 * The API clients a command talks through, on Node's own HTTP client
 * (keep-alive, no per-response garbage; see `@jobscope/fetch/node`).
 */
import { TomClient, TooClient, UkssdcClient } from "@jobscope/fetch"
import { NodeHttp } from "@jobscope/fetch/node"
import * as Layer from "effect/Layer"

const http = NodeHttp.layer()

/** A UKSSDC client. */
export const ukssdc = (options: UkssdcClient.Options) => UkssdcClient.layer(options).pipe(Layer.provide(http))

/** A Swift TOO client. */
export const too = (options: TooClient.Options) => TooClient.layer(options).pipe(Layer.provide(http))

/** A TOM client. */
export const tom = (options: TomClient.Options) => TomClient.layer(options).pipe(Layer.provide(http))
