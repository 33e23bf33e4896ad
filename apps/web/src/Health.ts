/**
 * Whether the API's base URL is a jobscope simulator, and how fast its clock
 * runs: the page asks `/_sim/health` once before watching, so that a
 * simulator running 60 times fast is polled 60 times as often (which is the
 * same rate in its own time), and a real service the polite default rate.
 *
 * @example
 * ```ts
 * const speed = await Health.speedOf("http://127.0.0.1:8080", signal) // 60, or undefined for a real service
 * ```
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

/** The part of the simulator's `GET /_sim/health` reply the page reads (the simulator itself is Node-only). */
export const Health = Schema.Struct({
  ok: Schema.Literal(true),
  /** Simulated milliseconds per real millisecond; 0 for a clock only the simulator's owner moves. */
  speed: Schema.Finite
})

/** The part of the simulator's health reply the page reads. */
export interface Health extends Schema.Schema.Type<typeof Health> {}

const decodeHealth = Schema.decodeUnknownResult(Health)

/** How long to wait for the answer before taking the base URL for a real service (default of {@link speedOf}). */
export const timeout = 5_000

/**
 * How many times faster than real time the server at `baseUrl` runs, when it
 * is a simulator whose clock runs by itself; undefined for anything else (a
 * real service, a stepped simulator, no answer within {@link timeout}).
 */
export const speedOf = async (baseUrl: string, signal: AbortSignal): Promise<number | undefined> => {
  try {
    const response = await fetch(`${baseUrl}/_sim/health`, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeout)]),
      headers: { Accept: "application/json" }
    })
    if (!response.ok) return undefined
    const health = decodeHealth(await response.json())
    if (Result.isFailure(health)) return undefined
    const { speed } = health.success
    return speed > 0 ? speed : undefined
  } catch {
    // A real service has no such path, and may refuse the page's origin: either way, not a simulator.
    return undefined
  }
}
