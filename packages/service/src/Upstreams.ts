/**
 * Where the observatories are and how hard to poll them, as the operator
 * configures the service: each API's address (a simulator's in tests), the
 * clock speed of a simulator, the transport's limits. One transport serves
 * every watch of a runner, so its per-host limit holds across all of them.
 */
import { Poll, type Source } from "@jobscope/core"
import { Redact, TomClient, TooClient, Transport, UkssdcClient } from "@jobscope/fetch"
import { NodeHttp } from "@jobscope/fetch/node"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Credentials from "./Credentials.js"

/** The operator's settings; every one has a default. */
export interface Options {
  /** The UKSSDC product builder's address (default: the real one, https://www.swift.ac.uk). */
  readonly ukssdcUrl?: string | undefined
  /** The Swift TOO API's address (default: the real one, https://www.swift.psu.edu). */
  readonly tooUrl?: string | undefined
  /** The TOM's address; without it TOM jobs cannot be watched (a TOM has no public default). */
  readonly tomUrl?: string | undefined
  /**
   * How many times faster than real time the servers' clocks run: a
   * simulator's speed (default: 1). The polling floor is divided by it, so
   * the server still sees, in its own time, the rate it asks for.
   */
  readonly speed?: number | undefined
  /** The `User-Agent` of every request (default: `@jobscope/service`). */
  readonly userAgent?: string | undefined
  /** Timeouts, retries and the per-host limit of the shared transport (default: `Transport`'s). */
  readonly transport?: Transport.Options | undefined
}

/** The clients a watch's requests go through. */
export type Clients = UkssdcClient.UkssdcClient | TooClient.TooClient | TomClient.TomClient

/** What a watch needs from the operator's settings. */
export interface Shape {
  /** The polling policy for an API: its own floor (never undercut), scaled by `speed`. */
  readonly policy: (source: Source.Source) => Poll.Policy
  /** The clients, signed with a user's credentials, over the shared transport. */
  readonly clients: (credentials: Credentials.Credentials) => Effect.Effect<Context.Context<Clients>>
  /** Whether a watch of this API can be polled with these credentials; a sentence why not, if not. */
  readonly missing: (source: string, credentials: Credentials.Credentials) => string | undefined
  /** A scrub that hides the credentials from text a server or an error repeats. */
  readonly scrub: (credentials: Credentials.Credentials) => (text: string) => string
}

/** The operator's settings in use. */
export class Upstreams extends Context.Service<Upstreams, Shape>()("@jobscope/service/Upstreams") {}

/** The default `User-Agent`. */
export const defaultUserAgent = "@jobscope/service (+https://www.npmjs.com/package/@jobscope/service)"

/** The settings over a transport in context. */
export const make = (options: Options = {}): Effect.Effect<Shape, never, Transport.Transport> =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const userAgent = options.userAgent ?? defaultUserAgent
    const speed = options.speed ?? 1
    const withTransport = <A>(effect: Effect.Effect<A, never, Transport.Transport>) =>
      Effect.provideService(effect, Transport.Transport, transport)
    // A TOM watch needs the TOM's address; a client without one is never asked.
    const tomUrl = options.tomUrl ?? "http://tom.invalid"
    return Upstreams.of({
      policy: (source) => Poll.make(source, { speed }),
      clients: (credentials) =>
        Effect.gen(function* () {
          const ukssdc = yield* withTransport(
            UkssdcClient.make({
              userAgent,
              userId: credentials.ukssdc?.userId ?? "",
              ...(options.ukssdcUrl === undefined ? {} : { baseUrl: options.ukssdcUrl })
            })
          )
          const too = yield* withTransport(
            TooClient.make({
              userAgent,
              ...(options.tooUrl === undefined ? {} : { baseUrl: options.tooUrl }),
              ...(credentials.too === undefined ? {} : credentials.too)
            })
          )
          const tom = yield* withTransport(
            TomClient.make({
              userAgent,
              baseUrl: tomUrl,
              ...(credentials.tom === undefined ? {} : { token: credentials.tom.token })
            })
          )
          return Context.make(UkssdcClient.UkssdcClient, ukssdc).pipe(
            Context.add(TooClient.TooClient, too),
            Context.add(TomClient.TomClient, tom)
          )
        }),
      missing: (source, credentials) => {
        if (source === "ukssdc" && credentials.ukssdc === undefined)
          return "a UKSSDC job needs credentials.ukssdc.userId (the e-mail address registered with the UKSSDC)"
        if (source === "tom" && options.tomUrl === undefined)
          return "this service has no TOM configured (the operator sets its address)"
        return undefined
      },
      scrub: (credentials) => Redact.make(Credentials.secrets(credentials))
    })
  })

/** The settings, over `@jobscope/fetch/node`'s transport with `options.transport`. */
export const layer = (options: Options = {}): Layer.Layer<Upstreams> =>
  Layer.effect(Upstreams, make(options)).pipe(Layer.provide(NodeHttp.layer(options.transport ?? {})))
