/**
 * A bare {@link Server} for tests, closed when the test finishes, with the
 * simulator's admin paths over routes a test makes up.
 */
import { onTestFinished } from "vitest"
import * as Clock from "../../src/Clock.js"
import * as Faults from "../../src/faults/index.js"
import * as Random from "../../src/internal/random.js"
import * as Requests from "../../src/Requests.js"
import type * as Route from "../../src/Route.js"
import * as Server from "../../src/Server.js"

/** A test server: its URL, and the clock, faults and request log behind it. */
export interface Served extends Server.Server {
  readonly clock: Clock.Clock
  readonly faults: Faults.Faults
  readonly requests: Requests.Requests
}

/** How {@link serve} sets up a test server. */
export interface ServeOptions {
  /** The seed of the fault streams (default: 1). */
  readonly seed?: number
  /** Fault specs to apply from the start (default: none). */
  readonly faults?: ReadonlyArray<string>
  /** How many entries the request log keeps (default: 10,000). */
  readonly capacity?: number
}

/** Where stepped clocks start: a fixed instant, so that tests read exact times. */
export const epoch = new Date("2026-03-01T12:00:00Z")

/** A stepped clock (speed 0) at {@link epoch}. */
export const steppedClock = (): Clock.Clock => Clock.make({ speed: 0, start: epoch })

/** Serves `routes` with the admin paths of faults, requests and the clock; closed after the test. */
export const serve = async (
  routes: ReadonlyArray<Route.Route>,
  options: ServeOptions = {}
): Promise<Served> => {
  const clock = steppedClock()
  const faults = Faults.make({
    routes: routes.map((route) => route.name),
    random: Random.make(options.seed ?? 1)
  })
  for (const spec of options.faults ?? []) faults.add(spec)
  const requests = Requests.make(options.capacity === undefined ? {} : { capacity: options.capacity })
  const server = await Server.listen(
    [
      ...routes,
      ...Faults.adminRoutes(faults),
      ...Requests.adminRoutes(requests),
      ...Clock.adminRoutes(clock)
    ],
    { clock, faults, requests }
  )
  onTestFinished(() => server.close())
  return { ...server, clock, faults, requests }
}

/** A route that answers what it was asked, as JSON, about job `echo/<id>`. */
export const echo = (name = "echo", pattern = "/echo/:id/"): Route.Route => ({
  name,
  methods: ["GET", "POST"],
  pattern,
  handle: (request) => ({
    status: 200,
    body: JSON.stringify({
      method: request.method,
      path: request.path,
      params: request.params,
      query: Object.fromEntries(request.query),
      body: request.body,
      contentType: request.headers["content-type"] ?? null
    }),
    job: `echo/${request.params.id ?? "none"}`
  })
})

/** A response read whole. */
export interface Read {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

/** Reads a response whole: status, headers and text. */
export const read = async (response: Response): Promise<Read> => ({
  status: response.status,
  headers: response.headers,
  text: await response.text()
})
