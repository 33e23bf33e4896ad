/**
 * What the service tests share: a simulator whose clock runs fast, a UKSSDC
 * user, a temporary data directory, and a way to wait (in real time, with a
 * generous bound) for something the service does in the background.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Ukssdc as SimUkssdc, type Simulator, start } from "@jobscope/simulator"

/** The UKSSDC user: an e-mail address that must never show in a reply, a log line or the database in clear. */
export const user = "grb.observer@example.org"

/** The operator's sealing key in tests. */
export const key = "test-sealing-key-0123456789abcdef"

/** How many times faster than real time the simulated observatories run. */
export const speed = 100

/**
 * A simulator at {@link speed}, no random failures, UKSSDC jobs of `minutes`
 * simulated minutes (default 2 to 3: about 1.5 s of real time).
 */
export const simulator = (minutes: readonly [number, number] = [2, 3]): Promise<Simulator> =>
  start({
    speed,
    seed: 7,
    ukssdc: {
      failureProbability: 0,
      jobDuration: { min: `${minutes[0]} minutes`, max: `${minutes[1]} minutes` }
    }
  })

/** Submits a six-product UKSSDC job straight to the simulator (not through the service): its ID. */
export const submitDirect = (sim: Simulator): string => {
  const reply = sim.ukssdc.submit({
    ...SimUkssdc.sixProducts,
    UserID: user,
    api_name: "xrt_prods",
    api_version: "1.12"
  })
  if (!("JobID" in reply)) throw new Error("the simulator refused the job")
  return String(reply.JobID)
}

/** A temporary directory, removed by the returned function. */
export const tempDir = (): { readonly path: string; readonly remove: () => void } => {
  const path = mkdtempSync(join(tmpdir(), "jobscope-service-"))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/** Waits until `check` answers something other than undefined, asking every 100 ms, for at most `limit` ms. */
export const until = async <A>(
  check: () => Promise<A | undefined>,
  what: string,
  limit = 60_000
): Promise<A> => {
  const deadline = Date.now() + limit
  while (Date.now() < deadline) {
    const value = await check()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`gave up waiting for ${what}`)
}

/** The simulated UKSSDC floor, in milliseconds of the server's time. */
export const ukssdcFloor = 10_000
