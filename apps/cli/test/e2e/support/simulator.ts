/**
 * The simulator the end-to-end tests talk to, in this process: fast enough
 * that a six-product job ends in a second or two of real time, with a TOO
 * user whose shared secret the tests look for in every output.
 */
import { type Simulator, type StartOptions, start, Ukssdc } from "@jobscope/simulator"
import { onTestFinished } from "vitest"

/** A shared secret long and odd enough that it cannot appear by chance. */
export const secret = "s3cr3t-Qm9Hx7ZpWc2vLk8T-never-shown"

/** A registered UKSSDC user (an e-mail address, which the UKSSDC client scrubs from errors). */
export const user = "observer@example.org"

/** How many times faster than real time the tests' simulators run, unless a test says otherwise. */
export const speed = 600

/** Starts a simulator for the current test, closed when it ends. */
export const simulator = async (options: StartOptions = {}): Promise<Simulator> => {
  const sim = await start({
    speed,
    seed: 2,
    // A fixed date keeps the TOO targets of the tests away from the Sun.
    start: new Date("2026-03-15T00:00:00Z"),
    ukssdc: { jobDuration: { min: "5 minutes", max: "10 minutes" }, failureProbability: 0 },
    too: { users: { alice: secret } },
    ...options
  })
  onTestFinished(() => sim.close())
  return sim
}

/** The flag that points a one-off command at `sim`. */
export const url = (sim: Simulator): ReadonlyArray<string> => ["--base-url", sim.url]

/** The flags that point a command that follows jobs at `sim`, keeping to its pace. */
export const at = (sim: Simulator): ReadonlyArray<string> => [...url(sim), "--speed", String(sim.clock.speed)]

/**
 * Runs a simulator started with a stopped clock (`speed: 0`) at `speed`
 * times real time, in steps every 50 ms, until `until` settles, and answers
 * what it settles with. A watch started against it before the clock runs
 * sees its jobs from their very start, however slowly the command started;
 * give it {@link driven}'s flags.
 */
export const driveClock = async <A>(sim: Simulator, until: Promise<A>, speed: number): Promise<A> => {
  const everyMs = 50
  const timer = setInterval(() => sim.advance(speed * everyMs), everyMs)
  try {
    return await until
  } finally {
    clearInterval(timer)
  }
}

/** The flags that point a watch at a stopped `sim` that {@link driveClock} runs at `speed`. */
export const driven = (sim: Simulator, speed: number): ReadonlyArray<string> => [
  ...url(sim),
  "--speed",
  String(speed)
]

/**
 * Submits a UKSSDC job straight to `sim`, for all six products unless
 * `parameters` turn some off (`{ lc: 0 }`), as {@link user}, and answers its ID.
 */
export const ukssdcJob = (
  sim: Simulator,
  parameters: Readonly<Record<string, string | number>> = {}
): number => {
  const reply = sim.ukssdc.submit({ ...Ukssdc.sixProducts, UserID: user, ...parameters })
  if (!("JobID" in reply)) throw new Error(`the simulated UKSSDC refused the job: ${reply.ERROR}`)
  return Number(reply.JobID)
}
