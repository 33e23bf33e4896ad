/**
 * The HTTP API served: handlers over `Watches`, bearer tokens checked against
 * their stored hashes, `/openapi.json`, on Node's HTTP server. Failures of
 * the database become a 500 `ServiceError` whose details go to the log only.
 */
import { createServer } from "node:http"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Effect from "effect/Effect"
import { HttpRouter } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { Api, Authorization, CurrentUser, ServiceError, Unauthorized } from "./Api.js"
import type * as Store from "./Store.js"
import * as Tokens from "./Tokens.js"
import * as WatchEvent from "./WatchEvent.js"
import * as Watches from "./Watches.js"

const encodeStored = Schema.encodeSync(Schema.fromJsonString(WatchEvent.Stored))

/** A database failure as the client sees it: no details (they are logged). */
const internal = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.catchTag(effect as Effect.Effect<A, E | { readonly _tag: "SqlError" }, R>, "SqlError", (error) =>
    Effect.andThen(
      Effect.logError("database failure", error),
      Effect.fail(new ServiceError({ message: "the service could not reach its database; try again" }))
    )
  ) as Effect.Effect<A, Exclude<E, { readonly _tag: "SqlError" }> | ServiceError, R>

/** Bearer tokens, checked against the store. */
export const authorizationLayer = Layer.effect(
  Authorization,
  Effect.gen(function* () {
    const store = yield* Effect.context<Store.Store>()
    return Authorization.of({
      bearer: (httpEffect, { credential }) =>
        Effect.gen(function* () {
          const user = yield* Tokens.userOf(credential).pipe(Effect.provideContext(store), Effect.orDie)
          if (Option.isNone(user))
            return yield* new Unauthorized({
              message: "a valid bearer token is needed (ask the operator for one)"
            })
          return yield* Effect.provideService(httpEffect, CurrentUser, user.value)
        })
    })
  })
)

const watchesHandlers = HttpApiBuilder.group(Api, "watches", (handlers) =>
  Effect.gen(function* () {
    const watches = yield* Watches.Watches
    return handlers
      .handle("create", ({ payload }) =>
        internal(Effect.flatMap(CurrentUser, (user) => watches.create(user, payload)))
      )
      .handle("submit", ({ payload }) =>
        internal(Effect.flatMap(CurrentUser, (user) => watches.submit(user, payload)))
      )
      .handle("list", ({ query }) =>
        internal(Effect.flatMap(CurrentUser, (user) => watches.list(user, query)))
      )
      .handle("get", ({ params }) =>
        internal(Effect.flatMap(CurrentUser, (user) => watches.get(user, params.id)))
      )
      .handle("deliveries", ({ params }) =>
        internal(Effect.flatMap(CurrentUser, (user) => watches.deliveries(user, params.id)))
      )
      .handle("events", ({ params, headers }) =>
        internal(
          Effect.gen(function* () {
            const user = yield* CurrentUser
            const last = Number(headers["last-event-id"] ?? "0")
            const after = Number.isSafeInteger(last) && last > 0 ? last : 0
            const events = yield* watches.events(user, params.id, after)
            return events.pipe(
              Stream.map((stored) => ({
                id: String(stored.seq),
                event: stored.event._tag,
                data: encodeStored(stored)
              })),
              // A database failure mid-stream ends it; the client resumes with Last-Event-ID.
              Stream.catchCause(() => Stream.empty)
            )
          })
        )
      )
      .handle("cancel", ({ params, query }) =>
        internal(Effect.flatMap(CurrentUser, (user) => watches.cancel(user, params.id, query.job === "true")))
      )
  })
)

const systemHandlers = HttpApiBuilder.group(Api, "system", (handlers) =>
  Effect.succeed(handlers.handle("health", () => Effect.succeed({ ok: true as const })))
)

/** The API's routes, `/openapi.json` among them, over `Watches` and the store in context. */
export const routes = HttpApiBuilder.layer(Api, { openapiPath: "/openapi.json" }).pipe(
  Layer.provide([watchesHandlers, systemHandlers]),
  // The pipeline also finds the middleware when each request runs.
  Layer.provideMerge(authorizationLayer)
)

/** Where to listen. */
export interface ListenOptions {
  /** Default: 7878. 0 picks a free port. */
  readonly port?: number | undefined
  /** Default: 127.0.0.1 (put a TLS proxy in front to serve beyond this machine). */
  readonly host?: string | undefined
}

/** The default port. */
export const defaultPort = 7878

/**
 * The API served on Node's HTTP server (also given, for its address). No
 * request log: Effect's would print a rejected body's schema error, which can
 * quote what the client sent, credentials included.
 */
export const layer = (options: ListenOptions = {}) =>
  HttpRouter.serve(routes, { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(
      NodeHttpServer.layer(createServer, {
        port: options.port ?? defaultPort,
        host: options.host ?? "127.0.0.1"
      })
    )
  )
