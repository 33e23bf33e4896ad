/**
 * The HTTP server: `node:http` on 127.0.0.1, routing by method and path
 * pattern, CORS for pages on other origins, fault injection and the request
 * log. Whatever a handler does, the server answers: a throw becomes a 500
 * HTML page (as PHP behind Apache shows it) and an entry in the log.
 *
 * @example
 * ```ts
 * import * as Server from "./Server.js"
 *
 * const server = await Server.listen([
 *   { name: "hello", methods: ["GET"], pattern: "/hello/:name", handle: (r) => ({ status: 200, body: JSON.stringify(r.params) }) }
 * ])
 * await fetch(`${server.url}/hello/ada`) // 200 {"name":"ada"}
 * await server.close()
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { performance } from "node:perf_hooks"
import { setTimeout as sleep } from "node:timers/promises"
import * as Schema from "effect/Schema"
import * as Clock from "./Clock.js"
import * as Faults from "./faults/index.js"
import * as ErrorReply from "./internal/errorReply.js"
import * as Guard from "./internal/guard.js"
import type * as Requests from "./Requests.js"
import * as Route from "./Route.js"

/** The largest request body the server reads, in bytes (1 MiB); larger gets 413. */
export const maxBodyBytes = 1_048_576

/** How a server listens, and what it applies to each request. */
export interface ServerOptions {
  /** The port on 127.0.0.1 (default: 0, any free port). */
  readonly port?: number
  /** The clock whose time the request log records (default: real time). */
  readonly clock?: Clock.Clock
  /** The fault rules to apply (default: none). */
  readonly faults?: Faults.Faults
  /** Where to record each request (default: nowhere). */
  readonly requests?: Requests.Requests
}

/** A listening server. */
export interface Server {
  /** Where it listens, e.g. `http://127.0.0.1:8080`. */
  readonly url: string
  readonly port: number
  /** Stops listening and ends every open connection, stalled replies included. */
  readonly close: () => Promise<void>
}

/** The server could not listen: the port is taken, or not ours to use. */
export class ListenError extends Schema.TaggedError<ListenError>()("ListenError", {
  port: Schema.Number,
  message: Schema.String
}) {}

interface Compiled {
  readonly route: Route.Route
  readonly segments: ReadonlyArray<string>
}

const compile = (routes: ReadonlyArray<Route.Route>): ReadonlyArray<Compiled> => {
  const seen = new Set<string>()
  return routes.map((route) => {
    for (const method of route.methods) {
      const key = `${method} ${route.pattern.replace(/:[^/]+/g, ":")}`
      if (seen.has(key))
        throw new Error(`two routes answer ${method} ${route.pattern}; the second is ${route.name}`)
      seen.add(key)
    }
    return { route, segments: route.pattern.split("/") }
  })
}

const decodeSegment = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/** The route's params when `path` fits its pattern, undefined otherwise. */
const match = (compiled: Compiled, path: ReadonlyArray<string>): Record<string, string> | undefined => {
  if (compiled.segments.length !== path.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < path.length; i++) {
    const expected = compiled.segments[i]!
    const actual = path[i]!
    if (expected.startsWith(":")) {
      const value = actual === "" ? undefined : decodeSegment(actual)
      if (value === undefined) return undefined
      params[expected.slice(1)] = value
    } else if (expected !== actual) return undefined
  }
  return params
}

/** Where a request goes: a route, or why none answers it. */
type Destination =
  | { readonly kind: "route"; readonly route: Route.Route; readonly params: Record<string, string> }
  | { readonly kind: "preflight" | "wrongMethod"; readonly allowed: ReadonlyArray<string> }
  | { readonly kind: "nowhere" }

const destination = (compiled: ReadonlyArray<Compiled>, method: string, path: string): Destination => {
  const segments = path.split("/")
  const candidates = compiled.flatMap((entry) => {
    const params = match(entry, segments)
    return params === undefined ? [] : [{ route: entry.route, params }]
  })
  if (candidates.length === 0) return { kind: "nowhere" }
  const chosen = candidates.find((candidate) =>
    (candidate.route.methods as ReadonlyArray<string>).includes(method)
  )
  if (chosen !== undefined && method !== "OPTIONS") return { kind: "route", ...chosen }
  const allowed = [...new Set(candidates.flatMap((candidate) => candidate.route.methods)), "OPTIONS"]
  return { kind: method === "OPTIONS" ? "preflight" : "wrongMethod", allowed }
}

const cors = {
  "access-control-allow-origin": "*",
  // A page on another origin may read how long to back off.
  "access-control-expose-headers": "Retry-After"
}

const headersOf = (reply: Route.Reply, length: number, withCors = true): Record<string, string | number> => {
  const headers: Record<string, string | number> = {
    "content-type": "application/json",
    ...(withCors ? cors : {})
  }
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value
  headers["content-length"] = length
  return headers
}

const bytesOf = (body: string | Uint8Array): Uint8Array =>
  typeof body === "string" ? Buffer.from(body, "utf8") : body

/** Sends a reply; `withCors` false for the admin routes, which no page of another origin may read. */
const send = (res: ServerResponse, reply: Route.Reply, withCors = true) => {
  if (res.destroyed || res.headersSent) return
  const body = bytesOf(reply.body)
  res.writeHead(reply.status, headersOf(reply, body.byteLength, withCors))
  res.end(body)
}

/** How long a request may take to arrive, head and body, before it is answered 408 and closed. */
export const requestTimeout = 10_000

const requestLimits = {
  requestTimeout,
  headersTimeout: requestTimeout,
  connectionsCheckingInterval: 1_000
}

/** Reads the body, or reports that it is too large (without reading further) or never came whole. */
const readBody = (req: IncomingMessage): Promise<string | "tooLarge" | "gone"> =>
  new Promise((resolve) => {
    const declared = Number(req.headers["content-length"] ?? 0)
    if (declared > maxBodyBytes) return resolve("tooLarge")
    const chunks: Array<Buffer> = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > maxBodyBytes) {
        req.removeAllListeners("data")
        req.pause()
        resolve("tooLarge")
      } else chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    // The client went away, or the server gave up waiting for the body (408): nothing to answer.
    req.on("error", () => resolve("gone"))
  })

const headerRecord = (req: IncomingMessage): Record<string, string | undefined> => {
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(req.headers))
    headers[name] = Array.isArray(value) ? value.join(", ") : value
  return headers
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * Listens on 127.0.0.1 and answers with `routes`: 404 for a path no route
 * has, 405 for a method its route does not take, 413 for a body over
 * {@link maxBodyBytes}, and a 500 HTML page when a handler throws.
 * Rejects with a {@link ListenError} when the port cannot be had.
 */
export const listen = async (
  routes: ReadonlyArray<Route.Route>,
  options: ServerOptions = {}
): Promise<Server> => {
  const compiled = compile(routes)
  const clock = options.clock ?? Clock.make()
  const closing = new AbortController()
  /** Exchanges not yet over; `close` waits for them, so that the log has them all. */
  const exchanges = new Set<Promise<void>>()

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const arrival = performance.now()
    const at = clock.now()
    const realAt = new Date()
    const method = req.method ?? "GET"
    const url = URL.canParse(req.url ?? "", "http://127.0.0.1")
      ? new URL(req.url ?? "", "http://127.0.0.1")
      : undefined
    const path = url?.pathname ?? ""
    // What the log says about the exchange, filled in as it goes.
    const seen: { route?: string; job?: string | undefined; fault?: string; error?: string } = {}
    let logged = false
    const log = (status: number | undefined) => {
      if (logged) return
      logged = true
      // The simulator's own paths are not what clients are measured by.
      if (method === "OPTIONS" || path.startsWith(Route.adminPrefix)) return
      const { route, job, fault, error } = seen
      const duration = performance.now() - arrival
      options.requests?.record({ at, realAt, method, path, route, job, status, fault, duration, error })
    }
    // Logged as the reply is handed over, so that a client that has read it finds it in the log.
    const admin = path.startsWith(Route.adminPrefix)
    const reply = (outgoing: Route.Reply) => {
      if (res.destroyed) return
      log(outgoing.status)
      send(res, outgoing, !admin)
    }
    const ended = new AbortController()
    const exchange = new Promise<void>((resolve) => res.once("close", resolve)).then(() => {
      ended.abort()
      exchanges.delete(exchange)
      log(res.headersSent ? res.statusCode : undefined)
    })
    exchanges.add(exchange)

    if (url === undefined)
      return reply(ErrorReply.json(400, `the request target ${JSON.stringify(req.url)} is not a path`))
    const refused = Guard.refusal(req.headers, admin)
    if (refused !== undefined) return reply(refused)
    const to = destination(compiled, method, path)
    switch (to.kind) {
      case "nowhere":
        return reply(ErrorReply.json(404, `there is no ${method} ${path} here`))
      case "preflight":
        return reply({
          status: 204,
          headers: {
            "Access-Control-Allow-Methods": to.allowed.join(", "),
            "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "Content-Type",
            "Access-Control-Max-Age": "86400"
          },
          body: ""
        })
      case "wrongMethod":
        return reply(
          ErrorReply.json(405, `${path} answers ${to.allowed.slice(0, -1).join(" and ")}, not ${method}`, {
            Allow: to.allowed.join(", ")
          })
        )
    }
    seen.route = to.route.name

    const body = await readBody(req)
    if (body === "gone") return
    if (body === "tooLarge") {
      res.once("finish", () => req.socket.destroy())
      return reply(
        ErrorReply.json(413, `the request body is over ${maxBodyBytes} bytes`, { Connection: "close" })
      )
    }
    const run = async (): Promise<Route.Reply> => {
      try {
        const given = await to.route.handle({
          method,
          path,
          query: url.searchParams,
          headers: headerRecord(req),
          body,
          params: to.params,
          signal: ended.signal
        })
        seen.job = given.job
        return given
      } catch (thrown) {
        seen.error = messageOf(thrown)
        return ErrorReply.html(500)
      }
    }

    const decision = options.faults?.decide(to.route.name)
    if (decision?.applied !== undefined) seen.fault = decision.applied
    if (decision !== undefined && decision.latency > 0) {
      try {
        await sleep(decision.latency, undefined, { signal: closing.signal })
      } catch {
        return
      }
    }
    const fault = decision?.fault
    switch (fault?.kind) {
      case undefined:
        return reply(await run())
      case "status":
        return reply(ErrorReply.html(fault.status))
      case "rateLimit":
        return reply(
          ErrorReply.html(429, 429, { "Retry-After": String(fault.retryAfter ?? Faults.defaultRetryAfter) })
        )
      case "html":
        return reply(ErrorReply.html(200, 500))
      case "reset":
        log(undefined)
        return void req.socket.destroy()
      case "malformed": {
        const whole = await run()
        const bytes = bytesOf(whole.body)
        return reply({ ...whole, status: 200, body: bytes.subarray(0, Math.floor(bytes.byteLength / 2)) })
      }
      case "stall": {
        if (fault.headers !== true) return
        const whole = await run()
        if (res.destroyed) return
        res.writeHead(whole.status, headersOf(whole, bytesOf(whole.body).byteLength))
        res.flushHeaders()
        return
      }
    }
  }

  // A request whose head or body never arrives is given up after 10 s (checked every second),
  // not held for minutes: Node's defaults are 60 s for the head and 300 s for the whole request.
  const server = createServer(requestLimits, (req, res) => {
    answer(req, res).catch((thrown: unknown) => {
      // Only a fault in the server itself gets here; the client still gets an answer.
      send(res, ErrorReply.html(500))
      console.error("jobscope-sim: the server failed a request:", thrown)
    })
  })

  const port = options.port ?? 0
  return new Promise((resolve, reject) => {
    server.once("error", (cause: NodeJS.ErrnoException) => {
      const reason =
        cause.code === "EADDRINUSE"
          ? `port ${port} is already in use`
          : cause.code === "EACCES"
            ? `port ${port} needs privileges this process does not have`
            : `cannot listen on port ${port}: ${cause.message}`
      reject(new ListenError({ port, message: reason }))
    })
    server.listen(port, "127.0.0.1", () => {
      const address = server.address()
      const bound = typeof address === "object" && address !== null ? address.port : port
      let closed: Promise<void> | undefined
      resolve({
        url: `http://127.0.0.1:${bound}`,
        port: bound,
        close: () => {
          closed ??= new Promise<void>((done) => {
            closing.abort()
            server.close(() => done())
            server.closeAllConnections()
          }).then(async () => {
            await Promise.all(exchanges)
          })
          return closed
        }
      })
    })
  })
}
