/**
 * The service's HTTP API, schema first (Effect `HttpApi`): its OpenAPI
 * document is served at `/openapi.json`. Every `/watches` route takes a
 * bearer token (`Authorization: Bearer jst_…`) and acts for the token's user
 * only. A client can be derived from it with `HttpApiClient.make(Api)`.
 */
import * as Context from "effect/Context"
import { Sse } from "effect/encoding"
import {
  HttpApi,
  HttpApiEndpoint,
  HttpApiGroup,
  HttpApiMiddleware,
  HttpApiSchema,
  HttpApiSecurity,
  OpenApi
} from "effect/http-api"
import * as Schema from "effect/Schema"
import * as Watches from "./Watches.js"

/** The user a request acts for, as its token says. */
export class CurrentUser extends Context.Service<CurrentUser, string>()(
  "@jobscope/service/Api/CurrentUser"
) {}

/** A request without a token of this service's, or with one it does not know. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()(
  "Unauthorized",
  { message: Schema.String },
  { httpApiStatus: 401 }
) {}

/** Bearer-token authentication of the `/watches` routes. */
export class Authorization extends HttpApiMiddleware.Service<
  Authorization,
  { provides: CurrentUser; requires: never }
>()("@jobscope/service/Api/Authorization", {
  security: { bearer: HttpApiSecurity.bearer },
  error: Unauthorized
}) {}

/** What went wrong inside the service (its database, say); the details are in its log. */
export class ServiceError extends Schema.TaggedError<ServiceError>()(
  "ServiceError",
  { message: Schema.String },
  { httpApiStatus: 500 }
) {}

const id = { id: Schema.String }

/** The watches of the token's user. */
export class WatchesGroup extends HttpApiGroup.make("watches")
  .add(
    HttpApiEndpoint.post("create", "/", {
      payload: Watches.CreateWatch,
      success: Watches.WatchView.pipe(HttpApiSchema.status(201)),
      error: [Watches.InvalidWatch, ServiceError]
    }),
    HttpApiEndpoint.post("submit", "/submit", {
      payload: Watches.SubmitWatch,
      success: Watches.WatchView.pipe(HttpApiSchema.status(201)),
      error: [Watches.InvalidWatch, ServiceError]
    }),
    HttpApiEndpoint.get("list", "/", {
      query: {
        status: Schema.optional(Watches.Status),
        source: Schema.optional(Schema.String)
      },
      success: Schema.Array(Watches.WatchView),
      error: ServiceError
    }),
    HttpApiEndpoint.get("get", "/:id", {
      params: id,
      success: Watches.WatchDetail,
      error: [Watches.WatchNotFound, ServiceError]
    }),
    HttpApiEndpoint.get("deliveries", "/:id/deliveries", {
      params: id,
      success: Schema.Array(Watches.DeliveryView),
      error: [Watches.WatchNotFound, ServiceError]
    }),
    HttpApiEndpoint.get("events", "/:id/events", {
      params: id,
      headers: { "last-event-id": Schema.optional(Schema.String) },
      success: HttpApiSchema.StreamSse({ events: Sse.EventEncoded, keepAlive: "15 seconds" }),
      error: [Watches.WatchNotFound, ServiceError]
    }),
    HttpApiEndpoint.delete("cancel", "/:id", {
      params: id,
      query: { job: Schema.optional(Schema.Literals(["true", "false"])) },
      success: Watches.CancelResult,
      error: [Watches.WatchNotFound, Watches.NotActive, ServiceError]
    })
  )
  .middleware(Authorization)
  .prefix("/watches")
  .annotateMerge(
    OpenApi.annotations({
      title: "Watches",
      description:
        "Durable watches of observatory jobs. `GET /watches/{id}/events` is a Server-Sent Events stream: each event's id is its sequence number, and a reconnecting client sends `Last-Event-ID` to resume after it."
    })
  ) {}

/** Whether the service is up (no token needed). */
export class SystemGroup extends HttpApiGroup.make("system", { topLevel: true }).add(
  HttpApiEndpoint.get("health", "/health", { success: Schema.Struct({ ok: Schema.Literal(true) }) })
) {}

/** The jobscope service API. */
export class Api extends HttpApi.make("jobscope")
  .add(WatchesGroup)
  .add(SystemGroup)
  .annotateMerge(
    OpenApi.annotations({
      title: "jobscope service",
      description:
        "Durable watches of UKSSDC, Swift TOO and TOM jobs, with events over SSE and signed webhooks."
    })
  ) {}
