/**
 * The contract between the HTTP server and the simulated APIs: a route is a
 * method, a path pattern and a handler from a parsed request to a reply. The
 * server owns sockets, faults and request counts; an API only answers.
 */
import type { Clock } from "./Clock.js"
import type { Random } from "./internal/random.js"

/** The HTTP methods a route may answer. */
export type Method = "GET" | "POST" | "DELETE"

/** A request as a simulated API sees it. */
export interface Request {
  readonly method: string
  /** The path without the query string, e.g. `/user_objects/checkProductStatus.php`. */
  readonly path: string
  readonly query: URLSearchParams
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>
  /** The raw body, `""` when there is none. */
  readonly body: string
  /** The named parts of the route's pattern, e.g. `{ target: "51" }` for `/api/async/status/:target/`. */
  readonly params: Readonly<Record<string, string>>
  /**
   * Aborted when the exchange ends before the handler answered: the client
   * left, or the server is closing. A handler that holds a request (a UWS
   * `WAIT`) stops holding it then.
   */
  readonly signal?: AbortSignal
}

/** A reply, before the server applies any fault. */
export interface Reply {
  readonly status: number
  /** Extra headers; `Content-Type` defaults to `application/json`. */
  readonly headers?: Readonly<Record<string, string>>
  readonly body: string | Uint8Array
  /** The job the request was about, for per-job request counts, e.g. `ukssdc/14`. */
  readonly job?: string
}

/** One endpoint of a simulated API. */
export interface Route {
  /** A stable name for request counts and faults, e.g. `ukssdc.status`. */
  readonly name: string
  /** The HTTP methods it answers; others get 405 (OPTIONS preflights are the server's). */
  readonly methods: ReadonlyArray<Method>
  /** The path, with `:name` segments captured into `params`, e.g. `/api/pipeline/logs/:pk/`. */
  readonly pattern: string
  readonly handle: (request: Request) => Reply | Promise<Reply>
}

/** What every simulated API is built from. */
export interface Context {
  readonly clock: Clock
  /** The API's own random stream; fork it per job. */
  readonly random: Random
  /** The server's base URL, e.g. `http://127.0.0.1:8080`, known once it listens. */
  readonly baseUrl: () => string
}

/** A simulated API: its routes, plus whatever controls it offers tests (scripting jobs, reading state). */
export interface Api {
  readonly routes: ReadonlyArray<Route>
}

/** Where the simulator's own paths live; faults and the request log leave them alone. */
export const adminPrefix = "/_sim/"

/** Whether a route is one of the simulator's own (its pattern is under {@link adminPrefix}). */
export const isAdmin = (route: Route): boolean => route.pattern.startsWith(adminPrefix)
