/**
 * The whole simulator: the UKSSDC, Swift TOO, TOM, UWS and TAP APIs on one server, one
 * clock and one seed, with fault rules, the request log and the admin paths
 * `/_sim/health`, `/_sim/clock`, `/_sim/faults` and `/_sim/requests`, and,
 * when given one, a directory served as a static site (the live status page).
 *
 * @example
 * ```ts
 * import { start } from "@jobscope/simulator"
 *
 * const sim = await start({ speed: 0, faults: ["ukssdc.status=503x1"] })
 * await fetch(`${sim.url}/user_objects/getNumJobs.php`, { method: "POST", body: '{"UserID":"a@b.c"}' })
 * sim.advance("5 minutes")
 * console.log(sim.requests.perRoute()) // { "ukssdc.numJobs": 1 }
 * await sim.close()
 * ```
 */
import type * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import * as Clock from "./Clock.js"
import * as Faults from "./faults/index.js"
import * as Random from "./internal/random.js"
import type * as Lockstep from "./Lockstep.js"
import * as Requests from "./Requests.js"
import * as Route from "./Route.js"
import * as Server from "./Server.js"
import * as Site from "./Site.js"
import * as TapSim from "./tap/index.js"
import * as Tom from "./tom/index.js"
import * as Too from "./too/index.js"
import * as Ukssdc from "./ukssdc/index.js"
import * as UwsSim from "./uws/index.js"

/** How to start a simulator. Every option has a default. */
export interface StartOptions {
  /** The port on 127.0.0.1 (default: 0, any free port). */
  readonly port?: number
  /** Simulated milliseconds per real millisecond (default: 1; 0 for a clock only `advance` moves). */
  readonly speed?: number
  /** Fixes durations, failures and faults: the same seed gives the same replies (default: 1). */
  readonly seed?: number
  /** The simulated time at start (default: the real time at start). */
  readonly start?: Date
  /** Fault rules from the start, as specs (`"ukssdc.status=503x3"`) or objects (default: none). */
  readonly faults?: ReadonlyArray<string | Faults.Injection>
  /** How many entries the request log keeps (default: 10,000). */
  readonly requestLog?: number
  /** How the UKSSDC product builder behaves (default: its own defaults). */
  readonly ukssdc?: Ukssdc.Options
  /** How the Swift TOO API behaves (default: its own defaults). */
  readonly too?: Too.Options
  /** How the TOM behaves (default: its own defaults). */
  readonly tom?: Tom.Options
  /** How the UWS 1.1 and 1.0 services behave (default: their own defaults). */
  readonly uws?: UwsSim.Options
  /** How the TAP service behaves: its jobs' timing, MAXREC, the catalogue's size (default: its own defaults). */
  readonly tap?: TapSim.Options
  /**
   * A directory whose files are served by GET at their paths, `index.html` at
   * `/`, such as `@jobscope/web`'s `dist` (default: none). It is read at start;
   * faults, request counts and the log leave its files alone.
   */
  readonly site?: string
}

/** A running simulator. */
export interface Simulator {
  /** Where it listens, e.g. `http://127.0.0.1:8080`. */
  readonly url: string
  readonly port: number
  readonly seed: number
  readonly clock: Clock.Clock
  /** Moves the simulated time forward, e.g. `advance("5 minutes")`. */
  readonly advance: (duration: Duration.Input) => void
  readonly ukssdc: Ukssdc.Api
  readonly too: Too.Api
  readonly tom: Tom.Api
  /** The UWS 1.1 (`/uws/jobs`) and 1.0 (`/uws10/jobs`) services' controls. */
  readonly uws: UwsSim.Api
  /** The TAP service's (`/tap`) controls. */
  readonly tap: TapSim.Api
  /**
   * The requests it holds until something happens on its clock (a UWS or TAP
   * `WAIT`): how many, and the earliest simulated instant (epoch ms) one of
   * them would be answered. A {@link Lockstep} reads it to move the clock
   * for a program whose only request in flight is held.
   */
  readonly holds: Lockstep.Holds
  /** Every route it answers, the admin paths and the site's files included. */
  readonly routes: ReadonlyArray<Route.Route>
  /** The directory served at `/`, as `start` was given it, or undefined when there is none. */
  readonly site: string | undefined
  readonly faults: Faults.Faults
  readonly requests: Requests.Requests
  /** Stops it, ending every open connection. */
  readonly close: () => Promise<void>
}

/** A route, as `/_sim/health` lists it. */
export const RouteInfo = Schema.Struct({
  name: Schema.String,
  methods: Schema.Array(Schema.String),
  pattern: Schema.String
})

/** What `GET /_sim/health` answers. */
export const Health = Schema.Struct({
  ok: Schema.Literal(true),
  /** The simulated time, ISO 8601. */
  now: Schema.String,
  speed: Schema.Finite,
  seed: Schema.Int,
  /** The API and admin routes; a site's files are not listed. */
  routes: Schema.Array(RouteInfo)
})

/** What `GET /_sim/health` answers. */
export interface Health extends Schema.Schema.Type<typeof Health> {}

const encodeHealth = Schema.encodeSync(Health)

/**
 * Starts a simulator. Rejects with a `RangeError` for an option out of
 * range, a `Faults.FaultError` for a fault that cannot be set, a
 * `Site.SiteError` for a site directory that cannot be served, and a
 * `Server.ListenError` when the port cannot be had.
 */
export const start = async (options: StartOptions = {}): Promise<Simulator> => {
  const seed = options.seed ?? 1
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff))
    throw new RangeError(`seed must be a whole number from 0 to 4294967295, not ${seed}`)
  const clock = Clock.make({
    ...(options.speed === undefined ? {} : { speed: options.speed }),
    ...(options.start === undefined ? {} : { start: options.start })
  })
  const random = Random.make(seed)
  let url = ""
  const context = (name: string): Route.Context => ({ clock, random: random.fork(name), baseUrl: () => url })
  const ukssdc = Ukssdc.make(context("ukssdc"), options.ukssdc)
  const too = Too.make(context("too"), options.too)
  const tom = Tom.make(context("tom"), options.tom)
  const uws = UwsSim.make(context("uws"), options.uws)
  const tap = TapSim.make(context("tap"), options.tap)
  const apiRoutes = [...ukssdc.routes, ...too.routes, ...tom.routes, ...uws.routes, ...tap.routes]

  const faults = Faults.make({
    routes: apiRoutes.filter((route) => !Route.isAdmin(route)).map((route) => route.name),
    random: random.fork("faults")
  })
  for (const fault of options.faults ?? []) {
    if (typeof fault === "string") faults.add(fault)
    else faults.inject(fault.route, fault.fault)
  }
  const requests = Requests.make(options.requestLog === undefined ? {} : { capacity: options.requestLog })
  const siteRoutes = options.site === undefined ? [] : await Site.routes(options.site)

  const health: Route.Route = {
    name: "sim.health",
    methods: ["GET"],
    pattern: "/_sim/health",
    handle: () => ({
      status: 200,
      body: JSON.stringify(
        encodeHealth({
          ok: true,
          now: clock.now().toISOString(),
          speed: clock.speed,
          seed,
          routes: routes
            .filter((route) => !Site.isSite(route))
            .map(({ name, methods, pattern }) => ({ name, methods, pattern }))
        })
      )
    })
  }
  const routes: ReadonlyArray<Route.Route> = [
    ...apiRoutes,
    health,
    ...Clock.adminRoutes(clock),
    ...Faults.adminRoutes(faults),
    ...Requests.adminRoutes(requests),
    ...siteRoutes
  ]
  // The site's files are no API's requests: like the admin paths, they stay out of the counts and the log.
  const apiRequests: Requests.Requests = {
    ...requests,
    record: (request) => {
      if (request.route !== Site.routeName) requests.record(request)
    }
  }

  const server = await Server.listen(routes, {
    ...(options.port === undefined ? {} : { port: options.port }),
    clock,
    faults,
    requests: apiRequests
  })
  url = server.url
  return {
    url,
    port: server.port,
    seed,
    clock,
    advance: clock.advance,
    ukssdc,
    too,
    tom,
    uws,
    tap,
    holds: {
      held: () => uws.held() + tap.held(),
      nextWake: () => {
        const wakes = [uws.nextWake(), tap.nextWake()].filter((wake) => wake !== undefined)
        return wakes.length === 0 ? undefined : Math.min(...wakes)
      }
    },
    routes,
    site: options.site,
    faults,
    requests,
    close: server.close
  }
}
