/**
 * The Promise face, for people who do not use Effect: `createClient` gives
 * `status`, `watch` (an `AsyncIterable` of updates), `waitFor` and
 * `watchAll` for any followable job (the built-in `JobRef`s or a third
 * party's `Followable`), plus each API's own calls, every one taking an
 * `AbortSignal` (the API calls as an optional last argument). Errors are the
 * same typed errors as the Effect face (`error._tag` tells which).
 *
 * @example
 * ```ts
 * import { createClient, JobRef } from "@jobscope/fetch"
 *
 * const client = createClient({ ukssdc: { userId: "me@example.org" } })
 * for await (const update of client.watch(JobRef.ukssdc(14), { signal: AbortSignal.timeout(3_600_000) })) {
 *   if (update._tag === "Observed") console.log(update.events.length, "changes")
 * }
 * await client.close()
 * ```
 */
import type { Job as CoreJob } from "@jobscope/core"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Follow from "./Follow.js"
import type * as Followable from "./Followable.js"
import type * as Poller from "./Poller.js"
import * as TomClient from "./TomClient.js"
import * as TooClient from "./TooClient.js"
import * as TooRestClient from "./TooRestClient.js"
import * as Transport from "./Transport.js"
import * as UkssdcClient from "./UkssdcClient.js"

/** What `createClient` takes: each API's settings, and how to talk HTTP. */
export interface ClientOptions {
  /** UKSSDC settings; without them, UKSSDC calls are refused (the API needs a registered user ID). */
  readonly ukssdc?: UkssdcClient.Options
  /** Swift TOO API 1.2 settings (default: anonymous, at the real service). */
  readonly too?: TooClient.Options
  /** Swift TOO REST API settings (default: anonymous, at the real service, the session in memory). */
  readonly tooRest?: TooRestClient.Options
  /** TOM settings; without them, TOM calls are refused (a TOM has no public default address). */
  readonly tom?: TomClient.Options
  /** Timeouts, retries, deadline and per-host limit of every request (default: `Transport`'s defaults). */
  readonly transport?: Transport.Options
  /** The `fetch` to use (default: the platform's). */
  readonly fetch?: typeof globalThis.fetch
}

/** Options every call takes. */
export interface CallOptions {
  /** Stops the call at once when aborted; its Promise rejects with the signal's reason. */
  readonly signal?: AbortSignal
}

/** Options of `watch` and `waitFor`. */
export interface WatchOptions extends Follow.Options {}

/** Options of `watchAll`. */
export type WatchAllOptions = Parameters<typeof Follow.watchAll>[1]

/** What the jobs a client follows may ask for: the API clients and the transport. */
export type Services =
  | UkssdcClient.UkssdcClient
  | TooClient.TooClient
  | TooRestClient.TooRestClient
  | TomClient.TomClient
  | Transport.Transport

/** A job this client can follow: a built-in `JobRef`, or a `Followable` whose request needs only {@link Services}. */
export type Job<Reply> = Followable.Followable<Reply, Services>

/** Any job this client can follow, whatever its reply (a `JobRef.Any` too, whose reply is one of five). */
// biome-ignore lint/suspicious/noExplicitAny: the widest job, to constrain type parameters
export type AnyJob = Job<any>

/** The clients, with Promises. */
export interface Client {
  /** The job as it is now, from one request. */
  readonly status: <J extends AnyJob>(job: J, options?: CallOptions) => Promise<CoreJob.Snapshot>
  /**
   * Follows a job until it is over, one update per poll. Breaking out of the
   * loop stops the polling; aborting the signal ends it with the signal's reason.
   */
  readonly watch: <J extends AnyJob>(
    job: J,
    options?: WatchOptions
  ) => AsyncIterable<Poller.Update<Followable.ReplyOf<J>>>
  /** Waits until a job is over: the last update, with its final snapshot and reply. */
  readonly waitFor: <J extends AnyJob>(
    job: J,
    options?: WatchOptions
  ) => Promise<Poller.Observed<Followable.ReplyOf<J>>>
  /**
   * Follows many jobs at once (see `Follow.watchAll`), their updates
   * interleaved; aborting the signal ends it with the signal's reason.
   */
  readonly watchAll: <J extends AnyJob>(
    jobs: Iterable<J>,
    options?: WatchAllOptions
  ) => AsyncIterable<Follow.Many<J>>
  /** The UKSSDC client's calls, with Promises. */
  readonly ukssdc: Promised<UkssdcClient.Shape>
  /** The Swift TOO API 1.2 client's calls, with Promises. */
  readonly too: Promised<TooClient.Shape>
  /** The Swift TOO REST API client's calls, with Promises. */
  readonly tooRest: Promised<TooRestClient.Shape>
  /** The TOM client's calls, with Promises. */
  readonly tom: Promised<TomClient.Shape>
  /** Runs any Effect program that uses the clients or the transport. */
  readonly run: <A, E>(effect: Effect.Effect<A, E, Services>, options?: CallOptions) => Promise<A>
  /** Releases what the client holds. */
  readonly close: () => Promise<void>
}

/**
 * A client's methods with each Effect turned into a Promise that takes
 * {@link CallOptions} (an `AbortSignal`) after the method's own arguments;
 * pure methods stay as they are.
 */
export type Promised<Shape> = {
  readonly [K in keyof Shape]: Shape[K] extends (
    ...args: infer Args
  ) => Effect.Effect<infer A, infer _E, infer _R>
    ? (...args: [...Args, options?: CallOptions]) => Promise<A>
    : Shape[K]
}

/** What a call to an API `createClient` was given no settings for fails with (a typed failure, not a defect). */
export class NotConfigured extends Schema.TaggedError<NotConfigured>()("NotConfigured", {
  /** The settings `createClient` needs for the call, such as "ukssdc: { userId }". */
  settings: Schema.String,
  message: Schema.String
}) {}

/** Makes the Promise face over one shared transport, so per-host limits hold across all calls. */
export const createClient = (options: ClientOptions = {}): Client => {
  const transport = Transport.layerFetch({
    ...options.transport,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch })
  })
  const clients = Layer.mergeAll(
    options.ukssdc === undefined
      ? refusing(UkssdcClient.UkssdcClient, "ukssdc: { userId }", { archiveUrl: UkssdcClient.archiveUrl })
      : UkssdcClient.layer(options.ukssdc),
    TooClient.layer(options.too ?? {}),
    TooRestClient.layer(options.tooRest ?? {}),
    options.tom === undefined
      ? refusing(TomClient.TomClient, "tom: { baseUrl }")
      : TomClient.layer(options.tom)
  ).pipe(Layer.provide(transport))
  const runtime = ManagedRuntime.make(Layer.merge(clients, transport))
  const run: Client["run"] = (effect, call = {}) => {
    const { signal } = call
    if (signal === undefined) return runtime.runPromise(effect)
    // Aborting interrupts the fiber; the caller is owed the signal's reason, not an interruption.
    return runtime.runPromise(effect, { signal }).catch((error: unknown) => {
      throw signal.aborted ? signal.reason : error
    })
  }
  // A proxy rather than a copy of the methods, so that a refusing client's calls exist too. A
  // method's arity counts only its required parameters (`status(jobId, options = {})` has 1), so
  // it cannot say where the optional ones end: the last argument past them is the call options
  // when it looks like them (`{ signal }`, or `{}`, which as a method's own options changes nothing).
  const promised = <Shape extends object>(service: Shape): Promised<Shape> =>
    new Proxy(service, {
      get: (target, name) => {
        const member: unknown = Reflect.get(target, name)
        return typeof member === "function"
          ? (...args: ReadonlyArray<unknown>) => {
              const last = args.at(-1)
              const call = args.length > member.length && isCallOptions(last) ? last : undefined
              const own = call === undefined ? args : args.slice(0, -1)
              const result: unknown = member(...own)
              return Effect.isEffect(result)
                ? run(result as Effect.Effect<unknown, unknown, Services>, call ?? {})
                : result
            }
          : member
      }
    }) as unknown as Promised<Shape>
  const iterate = <A>(
    stream: Stream.Stream<A, unknown, Services>,
    signal: AbortSignal | undefined
  ): AsyncIterable<A> => ({
    // Breaking out of the loop returns the inner iterator, which interrupts the stream.
    async *[Symbol.asyncIterator]() {
      const items = await runtime.runPromise(Stream.toAsyncIterableEffect(stream))
      // Nothing more once the signal aborted, not even what was already on its way.
      for await (const item of items) {
        signal?.throwIfAborted()
        yield item
      }
      signal?.throwIfAborted()
    }
  })
  const services = runtime.runSync(
    Effect.all({
      ukssdc: UkssdcClient.UkssdcClient,
      too: TooClient.TooClient,
      tooRest: TooRestClient.TooRestClient,
      tom: TomClient.TomClient
    })
  )

  return {
    status: (job, call) => run(Follow.status(job), call),
    watch: (job, watchOptions = {}) => iterate(Follow.watch(job, watchOptions), watchOptions.signal),
    waitFor: (job, watchOptions = {}) => {
      const { signal, ...rest } = watchOptions
      return run(Follow.waitFor(job, rest), signal === undefined ? {} : { signal })
    },
    watchAll: <J extends AnyJob>(jobs: Iterable<J>, watchOptions: WatchAllOptions = {}) =>
      // Every job's requirements are among the Services this runtime provides.
      iterate(
        Follow.watchAll(jobs, watchOptions) as unknown as Stream.Stream<Follow.Many<J>, never, Services>,
        watchOptions.signal
      ),
    ukssdc: promised(services.ukssdc),
    too: promised(services.too),
    tooRest: promised(services.tooRest),
    tom: promised(services.tom),
    run,
    close: () => runtime.dispose()
  }
}

/** Whether an argument is {@link CallOptions}: a plain object with no key but `signal`. */
const isCallOptions = (value: unknown): value is CallOptions =>
  typeof value === "object" &&
  value !== null &&
  Object.getPrototypeOf(value) === Object.prototype &&
  Object.keys(value).every((key) => key === "signal")

/**
 * A client for an API without settings: every call fails, saying which
 * settings are missing, but for the `pure` members, which need none.
 */
const refusing = <Id, Shape extends object>(
  tag: Context.Service<Id, Shape>,
  settings: string,
  pure: Partial<Shape> = {}
): Layer.Layer<Id> =>
  Layer.succeed(
    tag,
    new Proxy(pure as Shape, {
      get: (target, name) =>
        // Not a thenable, nor anything else a symbol or `then` would make of it.
        typeof name === "symbol" || name === "then" || name in target
          ? Reflect.get(target, name)
          : () =>
              Effect.fail(
                new NotConfigured({
                  settings,
                  message: `createClient was given no ${settings}, so ${name} cannot be called`
                })
              )
    })
  )
