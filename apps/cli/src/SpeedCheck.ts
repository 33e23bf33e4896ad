/**
 * `--speed` makes polls as many times more frequent, under the politeness
 * floor: fair to a simulator whose clock runs that fast, an attack on anyone
 * else. So it is accepted only when every server the command talks to is a
 * jobscope simulator on this machine (a loopback address that answers
 * `GET /_sim/health` as one), and never above {@link maxSpeed}. The
 * simulator's own speed is not compared: a test may stop its clock and step
 * it at any pace.
 */
import * as http from "node:http"
import * as Effect from "effect/Effect"
import { isLoopback } from "./Loopback.js"
import * as Problem from "./Problem.js"

/** The fastest `--speed` accepted (an hour a second). */
export const maxSpeed = 3600

/** The base URLs the command's clients were made with (see `Clients`). */
const used = new Set<string>()

/** Notes a base URL a client talks to. */
export const remember = (baseUrl: string): void => {
  used.add(baseUrl)
}

/** The largest health reply read, in bytes. */
const healthBytes = 64 * 1024

/**
 * A simulator's clock speed, as its `/_sim/health` says; undefined when it
 * does not answer as one. On `node:http`, as the clients are: `fetch` would
 * load undici first, and at `--speed 600` each second before the first poll
 * is ten simulated minutes.
 */
const simulatorSpeed = (origin: string): Promise<number | undefined> =>
  new Promise((resolve) => {
    const request = http.get(`${origin}/_sim/health`, { timeout: 5000 }, (response) => {
      if (response.statusCode !== 200) {
        response.destroy()
        return resolve(undefined)
      }
      const chunks: Array<Buffer> = []
      let size = 0
      response.on("data", (chunk: Buffer) => {
        size += chunk.length
        if (size > healthBytes) {
          response.destroy()
          return resolve(undefined)
        }
        chunks.push(chunk)
      })
      response.on("end", () => resolve(speedOf(Buffer.concat(chunks).toString("utf8"))))
      response.on("error", () => resolve(undefined))
    })
    request.on("timeout", () => request.destroy())
    request.on("error", () => resolve(undefined))
  })

/** The speed a health reply gives, when it is one. */
const speedOf = (text: string): number | undefined => {
  try {
    const health: unknown = JSON.parse(text)
    return typeof health === "object" &&
      health !== null &&
      "ok" in health &&
      health.ok === true &&
      "speed" in health &&
      typeof health.speed === "number" &&
      Number.isFinite(health.speed) &&
      "routes" in health &&
      Array.isArray(health.routes)
      ? health.speed
      : undefined
  } catch {
    return undefined
  }
}

/** The origins found to be simulators already: asked once per run. */
const simulators = new Set<string>()

/** Fails as a usage error unless `speed` is 1, or every server used is a simulator on this machine. */
export const check = (speed: number) =>
  Effect.gen(function* () {
    if (speed === 1) return
    if (speed > maxSpeed)
      return yield* Problem.usage(`--speed takes a number up to ${maxSpeed}, not ${speed}`)
    for (const baseUrl of used) {
      const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined
      const own = url !== undefined && isLoopback(url.host.replace(/:\d+$/, ""))
      if (own && simulators.has(url.origin)) continue
      const simulated = own ? yield* Effect.promise(() => simulatorSpeed(url.origin)) : undefined
      if (own && simulated !== undefined) simulators.add(url.origin)
      if (simulated === undefined)
        return yield* Problem.usage(
          `--speed is only for a jobscope simulator on this machine, and ${url?.origin ?? baseUrl} does not answer as one: polling a real service faster than its pace is impolite`
        )
    }
  })
