/**
 * The UKSSDC XRT product builder as a Source: its products' lifecycle and how
 * it asks to be polled.
 */
import * as Lifecycle from "../Lifecycle.js"
import * as Phase from "../Phase.js"
import * as Source from "../Source.js"

/**
 * UKSSDC products: 1 requested → 2 queued → 3 running → 4 complete; 5 (astrometry
 * waiting for the PSF position) comes before running; any unfinished product can
 * fail (-1, -2, -3) or be cancelled (-4). `null` (not part of the job) may turn
 * into anything, nothing turns back into it.
 */
export const lifecycle: Lifecycle.Lifecycle = Lifecycle.make("UKSSDC product", [
  ["pending", "queued"],
  ["pending", "waiting"],
  ["queued", "waiting"],
  ["queued", "running"],
  ["waiting", "running"],
  ["running", "succeeded"],
  ...Lifecycle.fromAnyUnfinished(["failed", "cancelled"]),
  ...Phase.Phase.literals.filter((phase) => phase !== "unknown").map((to) => ["unknown", to] as const)
])

/**
 * The UKSSDC product builder. Its documents ask for at most one request per
 * ~10 s per job, and jobs take minutes to hours: a quiet job is polled every
 * 2 min at most, and the ETA brings polls back to the floor near the finish.
 * Driving the simulator's job model (six products, 10–30 min), this used about
 * a quarter of the requests of polling every 10 s, and saw jobs finish a
 * median 7 s after they did.
 */
export const source: Source.Source = Source.make({
  id: "ukssdc",
  name: "UKSSDC",
  lifecycle,
  polling: { floor: 10_000, politeFloor: 10_000, ceiling: 120_000 }
})
