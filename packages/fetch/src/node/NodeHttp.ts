/**
 * The transport over Effect's own Node HTTP client
 * (`NodeHttpClient.layerNodeHttp` from `@effect/platform-node`: `node:http` and
 * `node:https` with keep-alive agents), for Node processes that poll many jobs.
 * Node's `fetch` (undici) keeps every response alive until a full garbage
 * collection, so at hundreds of polls a second the heap balloons between
 * collections; this client's responses die young. Same retries, timeouts,
 * limits and errors as `Transport.layerFetch`. Node only: import it from
 * `@jobscope/fetch/node`.
 *
 * It replaced a hand-written `node:http` client that existed only because
 * `@effect/platform-node` needs Node ≥ 22.19. The watch bench, 10,000 jobs for
 * 45 s, both clients in one run (2 shared cores, load 7–13, so CPU figures
 * moved ±50% between runs): peak RSS 232 MB and 232 MB for Effect's against
 * 235 MB and 186 MB for ours (target ≤ 300 MB); CPU per poll 934 µs and
 * 1,117 µs against 600 µs and 1,371 µs. Not clearly worse, and a status
 * outside 200–599 is a typed error instead of an uncaught exception. Effect's
 * undici client (`layerUndici`) used less CPU but peaked at 335–383 MB.
 *
 * @example
 * ```ts
 * import { UkssdcClient } from "@jobscope/fetch"
 * import { NodeHttp } from "@jobscope/fetch/node"
 * import * as Layer from "effect/Layer"
 *
 * const live = UkssdcClient.layer({ userId: "me@example.org" }).pipe(Layer.provide(NodeHttp.layer()))
 * ```
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { HttpClient } from "effect/http"
import * as Layer from "effect/Layer"
import * as Transport from "../Transport.js"

/** Effect's `HttpClient` on `node:http` and `node:https`, with keep-alive connections. */
export const layerClient: Layer.Layer<HttpClient.HttpClient> = NodeHttpClient.layerNodeHttp

/** The transport over {@link layerClient}: `Transport.layerFetch`'s Node twin. */
export const layer = (options: Transport.Options = {}): Layer.Layer<Transport.Transport> =>
  Transport.layer(options).pipe(Layer.provide(layerClient))
